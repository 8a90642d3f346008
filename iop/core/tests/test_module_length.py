"""A module of the project that passes 500 lines says why at its top.

Long modules usually hold two ideas. One that really is one long idea says so in a comment
line among its first ten lines:

    # Long module: <why it is one idea that is long>

Tests and migrations are not counted.
"""

import os
from pathlib import Path

from django.conf import settings

LIMIT = 500
MARKER = "# Long module: "
HEAD = 10


SKIPPED = {".git", ".venv", "node_modules", "static", "var", "tests", "migrations"}


def _modules():
    root = Path(settings.BASE_DIR)
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(name for name in folders if name not in SKIPPED and not name.startswith("."))
        for name in sorted(files):
            if name.endswith(".py") and name != "conftest.py":
                path = Path(folder, name)
                yield path.relative_to(root).as_posix(), path.read_text(encoding="utf-8").splitlines()


def _says_why(lines):
    return any(line.startswith(MARKER) and line[len(MARKER) :].strip() for line in lines[:HEAD])


def test_a_module_over_500_lines_says_why_at_its_top():
    unexplained = [
        f"{name} ({len(lines)} lines)" for name, lines in _modules() if len(lines) > LIMIT and not _says_why(lines)
    ]
    assert not unexplained, f"Split these modules, or say in their first lines `{MARKER}<why>`: {unexplained}"
