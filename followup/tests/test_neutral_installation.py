"""A fresh installation is neutral: Linköping lives only in the demo (and the tests)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CODE = ["iop", "partners", "agreements", "finance", "followup", "templates", "static/css", "static/js"]
LINKOPING = re.compile(r"link[öo]ping", re.IGNORECASE)


def is_demo_or_test(path):
    parts = path.relative_to(ROOT).parts
    return "tests" in parts or "demo" in parts or path.name in {"demo.py", "conftest.py", "load_demo.py"}


def test_no_code_template_or_migration_names_linkoping_outside_the_demo():
    found = []
    for folder in CODE:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix not in {".py", ".html", ".txt", ".css", ".js"} or is_demo_or_test(path):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                # A help text's example address ("e.g. linkoping") is still Linköping's. An old
                # migration's help text is history: the model's present one is checked.
                if LINKOPING.search(line) and not ("migrations" in path.parts and "help_text=" in line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


def translations(path):
    """The msgstr lines of a .po file, continuation lines included."""
    keyword = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("msg"):
            keyword = line.split()[0]
        elif not line.startswith('"'):
            keyword = None
        if keyword is not None and keyword.startswith("msgstr"):
            yield line


def test_no_swedish_interface_text_names_linkoping():
    found = [line for line in translations(ROOT / "locale/sv/LC_MESSAGES/django.po") if LINKOPING.search(line)]
    assert found == []
