"""`python -m fydesk` runs the fydesk command."""

import sys

from fydesk.cli import main

sys.exit(main())
