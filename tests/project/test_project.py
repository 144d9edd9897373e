"""Project promises: the README's commands are what CI runs, and the code is lint-clean."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import REPO


def readme_commands() -> list[str]:
    """The shell commands in README.md's fenced ``sh`` blocks."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.S)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def test_ci_runs_the_readme_test_command() -> None:
    test_commands = [c for c in readme_commands() if "pytest" in c]
    assert len(test_commands) == 1, test_commands
    assert test_commands[0] in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_ruff_is_clean() -> None:
    # Beside this Python first: in an unactivated virtual environment it is not on PATH.
    beside = Path(sys.executable).with_name("ruff")
    ruff = str(beside) if beside.exists() else shutil.which("ruff")
    ruff = ruff or pytest.skip("ruff is not installed")
    result = subprocess.run(
        [ruff, "check", "--no-cache", str(REPO)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def modules() -> list[str]:
    """Every module of cdnmon, dotted."""
    names = []
    for path in sorted((REPO / "cdnmon").rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


# Benchmarks that measure the window may use Qt; they are not part of any feature.
QT_BENCHMARKS = (
    "cdnmon.bench.gui_load",
    "cdnmon.bench.wall_soak",
    "cdnmon.bench.startup",
    "cdnmon.bench.picker_filter",
)


def test_nothing_outside_gui_imports_qt() -> None:
    """Every package but ``cdnmon.gui`` loads without Qt: the collector and the command
    line run where there is no display."""
    qt_free = [
        m for m in modules() if not m.startswith(("cdnmon.gui", "cdnmon.__main__", *QT_BENCHMARKS))
    ]
    code = (
        f"import importlib, sys\nfor m in {qt_free!r}: importlib.import_module(m)\n"
        "import cdnmon.cli; cdnmon.cli.build_parser()\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph'))]\n"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def module_imports(name: str) -> set[str]:
    """The cdnmon modules ``name`` imports at its top level, for type checking too (a
    cycle hidden behind ``TYPE_CHECKING`` is still a cycle between features)."""
    path = REPO / (name.replace(".", "/") + ".py")
    if not path.exists():
        path = REPO / name.replace(".", "/") / "__init__.py"
    known = set(modules())
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8")).body
    checking = [
        n.body for n in tree if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.dump(n.test)
    ]
    for node in [*tree, *(node for block in checking for node in block)]:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            package = name if path.name == "__init__.py" else name.rpartition(".")[0]
            base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
            module = ".".join(p for p in (base if node.level else "", node.module or "") if p)
            # ``from package import module`` needs the module, not the package's own code.
            submodules = {f"{module}.{alias.name}" for alias in node.names} & known
            found.update(submodules)
            if len(submodules) < len(node.names):
                found.add(module)
    return {m for m in found if m in known and m != name}


def test_no_module_imports_itself_through_others() -> None:
    graph = {name: module_imports(name) for name in modules()}
    cycles = []

    def visit(name: str, path: list[str], done: set[str]) -> None:
        for nxt in sorted(graph[name]):
            if nxt in path:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in done:
                visit(nxt, [*path, nxt], done)
        done.add(name)

    finished: set[str] = set()
    for start in graph:
        if start not in finished:
            visit(start, [start], finished)
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles)
