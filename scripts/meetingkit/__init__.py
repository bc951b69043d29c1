"""meetingkit: community meetings as code."""

__version__ = "0.1.0"
