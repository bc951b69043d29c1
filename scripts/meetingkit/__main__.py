import sys

from meetingkit.cli import main

sys.exit(main())
