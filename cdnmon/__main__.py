import sys

from cdnmon.cli import main

sys.exit(main())
