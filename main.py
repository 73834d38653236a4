"""Runs Careplan: the desktop program, or a command-line subcommand when given one."""

import sys

from careplan.app import main

if __name__ == "__main__":
    sys.exit(main())
