"""The frozen app's entry point: the same front door as the ``reviewdesk`` command."""

import sys

from reviewdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
