"""The floors: each imports only the floors below it (see STYLE.md and the README).

    iop  <  partners  <  agreements  <  finance  <  followup

Read from the source with `ast`, so an import inside a function counts as much as one at
the top. Tests, migrations and the demo data are not counted: they may read any floor.
"""

import ast
import os
from pathlib import Path

from django.conf import settings

DOMAIN = ["partners", "agreements", "finance", "followup"]
FLOORS = ["iop", *DOMAIN]  # lowest first
SKIPPED = {"tests", "migrations", "demo", "__pycache__"}


def _modules(package):
    root = Path(settings.BASE_DIR)
    for folder, folders, files in os.walk(root / package):
        folders[:] = sorted(name for name in folders if name not in SKIPPED)
        for name in sorted(files):
            if name.endswith(".py") and name != "demo.py":
                path = Path(folder, name)
                yield path.relative_to(root).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _imported(tree):
    """The top-level packages a module imports (absolute imports only)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


def _upward(floor):
    """{module: the floors above `floor` it imports}."""
    above = set(FLOORS[FLOORS.index(floor) + 1 :])
    found = {}
    for name, tree in _modules(floor):
        upward = sorted(set(_imported(tree)) & above)
        if upward:
            found[name] = upward
    return found


def test_iop_imports_no_domain_app():
    assert _upward("iop") == {}


def test_partners_imports_no_floor_above():
    assert _upward("partners") == {}


def test_agreements_imports_no_floor_above():
    assert _upward("agreements") == {}


def test_finance_imports_no_floor_above():
    assert _upward("finance") == {}


def test_the_scan_sees_imports_inside_functions():
    tree = ast.parse("def f():\n    from finance import figures\n    import followup.models\n")
    assert sorted(_imported(tree)) == ["finance", "followup"]
