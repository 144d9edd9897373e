"""cdnmon's tests: a package, so that every test module and helper has one import name
(``tests.gui.window.test_main_window``, ``tests.keyrings``) and file names may repeat
across folders."""

from pathlib import Path

# The checkout's root: the README, resources/ and packaging/ that tests read.
REPO = Path(__file__).resolve().parent.parent
