"""The frozen app's entry script: the same ``main`` as the ``cdnmon`` console script."""

import sys

from cdnmon.cli import main

if __name__ == "__main__":
    sys.exit(main())
