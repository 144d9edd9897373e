#!/usr/bin/env bash
# Build the one-folder desktop bundle and a versioned archive from a checkout.
#
#   packaging/build.sh [--onefile] [--no-archive]
#
# Uses the current python3 (PYTHON=... to choose another). Installs the project's runtime
# dependencies and a pinned PyInstaller into it when they are missing. Output:
#   $BUILD_DIR/dist/cdnmon/                          the bundle (run ./cdnmon)
#   $DIST_DIR/cdnmon-<version>-<os>-<arch>.tar.gz    the archive
# BUILD_DIR defaults to build/, DIST_DIR to dist/ (both ignored by git).
set -euo pipefail

PYINSTALLER_VERSION=6.22.3
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
DIST_DIR="${DIST_DIR:-$ROOT/dist}"
onefile=0
archive=1
for arg in "$@"; do
  case "$arg" in
    --onefile) onefile=1 ;;
    --no-archive) archive=0 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

# The bundle is made of what this Python has installed, so it needs cdnmon's runtime
# dependencies (cdnmon itself comes from the checkout: the spec puts it on the path).
if ! "$PYTHON" -c 'import PySide6, pyqtgraph, keyring, requests, numpy' 2>/dev/null; then
  echo "build.sh: installing cdnmon and its dependencies into $("$PYTHON" -c 'import sys; print(sys.prefix)')"
  "$PYTHON" -m pip install -q -e "$ROOT"
fi
if ! "$PYTHON" -c 'import sys, PyInstaller; sys.exit(PyInstaller.__version__.split(".")[0] != "6")' \
    2>/dev/null; then
  echo "build.sh: installing pyinstaller==$PYINSTALLER_VERSION"
  "$PYTHON" -m pip install -q "pyinstaller==$PYINSTALLER_VERSION"
fi

version="$("$PYTHON" -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' \
  "$ROOT/pyproject.toml")"

spec_args=()
if [ "$onefile" = 1 ]; then
  spec_args=(-- --onefile)
fi
started=$SECONDS
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --workpath "$BUILD_DIR/work" --distpath "$BUILD_DIR/dist" \
  "$ROOT/packaging/cdnmon.spec" ${spec_args[@]+"${spec_args[@]}"}
echo "build.sh: built in $((SECONDS - started)) s:" \
  "$BUILD_DIR/dist/cdnmon ($(du -sh "$BUILD_DIR/dist/cdnmon" | cut -f1))"

if [ "$archive" = 1 ]; then
  mkdir -p "$DIST_DIR"
  name="cdnmon-$version-$(uname -s | tr '[:upper:]' '[:lower:]')-$(uname -m)"
  if [ "$onefile" = 1 ]; then
    name="$name-onefile"
  fi
  # Python's tarfile, not tar, whose renaming options differ between GNU and BSD; the
  # archive unpacks to one folder named like it, with PyInstaller's symlinks kept.
  "$PYTHON" "$ROOT/packaging/archive.py" "$BUILD_DIR/dist/cdnmon" "$DIST_DIR/$name.tar.gz"
  echo "build.sh: wrote $DIST_DIR/$name.tar.gz ($(du -h "$DIST_DIR/$name.tar.gz" | cut -f1))"
fi
