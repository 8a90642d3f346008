"""The demo follows the floors: each app's demo module imports no app above its own, so
the demo modules form no circle, and nothing in iop/ (outside tests) imports a demo."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLOORS = ["iop", "partners", "agreements", "finance", "followup"]


def imported(path):
    """The dotted names a module imports."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def demo_files(app):
    files = [ROOT / app / "demo.py", *sorted((ROOT / app / "demo").rglob("*.py"))]
    return [path for path in files if path.exists()]


@pytest.mark.parametrize("app", ["partners", "agreements", "finance"])
def test_a_floors_demo_imports_no_floor_above_it(app):
    above = FLOORS[FLOORS.index(app) + 1 :]
    assert demo_files(app)
    for path in demo_files(app):
        wrong = {name for name in imported(path) if name.split(".")[0] in above}
        assert not wrong, f"{path.relative_to(ROOT)} imports {sorted(wrong)}"


def test_nothing_in_iop_imports_a_demo_module():
    for path in (ROOT / "iop").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        demos = {name for name in imported(path) if "demo" in name.split(".")}
        assert not demos, f"{path.relative_to(ROOT)} imports {sorted(demos)}"


def test_the_load_demo_command_lives_on_the_top_floor():
    assert (ROOT / "followup/management/commands/load_demo.py").exists()
    assert not list((ROOT / "iop").rglob("load_demo.py"))
