"""meetingkit: community meetings as code."""

import zoneinfo
from importlib import metadata

try:
    __version__ = metadata.version("meetingkit")  # written from the git tag at install time
except metadata.PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"

# One source of time-zone rules for every stage: the pinned tzdata package. The system's
# /usr/share/zoneinfo may be an older release, and then the UTC instants we compute would
# disagree with the VTIMEZONEs we write (built from tzdata).
zoneinfo.reset_tzpath(to=())
