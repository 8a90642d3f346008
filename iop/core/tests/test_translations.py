"""Every interface string has a Swedish translation, and the compiled catalogue is current."""

import shutil
import subprocess
import sys

from django.conf import settings

CATALOGUE = settings.BASE_DIR / "locale" / "sv" / "LC_MESSAGES" / "django.po"
IGNORED = shutil.ignore_patterns(".git", ".venv", "var", "staticfiles", "static", "__pycache__", "*.mo", ".*cache")


def msgfmt_statistics(po_file, output="/dev/null"):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(output), str(po_file)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stderr.strip()


def test_every_string_in_the_sources_is_translated_to_swedish(tmp_path):
    # makemessages on a copy of the sources, so that the working tree is left alone
    source = tmp_path / "src"
    shutil.copytree(settings.BASE_DIR, source, ignore=IGNORED)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "sv", "--no-location", "--no-obsolete"],
        cwd=source,
        capture_output=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "true"},
    )
    statistics = msgfmt_statistics(source / "locale" / "sv" / "LC_MESSAGES" / "django.po")
    assert "untranslated" not in statistics and "fuzzy" not in statistics, (
        f"{statistics}: run `make messages` and translate the new strings"
    )


def test_the_compiled_catalogue_matches_its_source(tmp_path):
    compiled = tmp_path / "django.mo"
    msgfmt_statistics(CATALOGUE, compiled)
    assert compiled.read_bytes() == CATALOGUE.with_suffix(".mo").read_bytes(), "run `make messages`"
