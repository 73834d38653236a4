"""``python -m careplan`` and the ``careplan`` console script."""

import sys

from careplan.app import main

if __name__ == "__main__":
    sys.exit(main())
