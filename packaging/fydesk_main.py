"""The bundle's entry point: the `fydesk` console script, as pip would install it."""

import sys

from fydesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
