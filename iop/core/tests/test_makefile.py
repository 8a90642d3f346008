"""`make run` serves where it is told: `make run PORT=8001` when 8000 is taken."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def dry_run(*arguments):
    """What `make run` would do, without doing it (-n prints the commands only)."""
    if shutil.which("make") is None:
        pytest.fail("make is not installed")
    result = subprocess.run(["make", "-n", "run", *arguments], cwd=ROOT, capture_output=True, text=True, check=True)
    return result.stdout


def test_make_run_serves_on_the_port_given():
    commands = dry_run("PORT=8001")
    assert "runserver 127.0.0.1:8001" in commands
    assert "http://127.0.0.1:8001" in commands
    assert "8000" not in commands


def test_make_run_serves_on_8000_by_default():
    assert "runserver 127.0.0.1:8000" in dry_run()


def test_the_readme_says_how_to_choose_the_port():
    assert "make run PORT=8001" in (ROOT / "README.md").read_text()
