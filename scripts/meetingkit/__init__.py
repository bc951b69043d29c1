"""meetingkit: community meetings as code."""

import zoneinfo

__version__ = "0.1.0"

# One source of time-zone rules for every stage: the pinned tzdata package. The system's
# /usr/share/zoneinfo may be an older release, and then the UTC instants we compute would
# disagree with the VTIMEZONEs we write (built from tzdata).
zoneinfo.reset_tzpath(to=())
