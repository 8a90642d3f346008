"""Benchmark: how long the Resurspoolen agreement (ÄN 2019-878) takes to render as a PDF.

    .venv/bin/python bench/render_agreement.py [ROUNDS]

Builds a throwaway SQLite database with the demo data, then renders the agreement ROUNDS
times (default 15) and prints the median, the fastest and the slowest, and the same for
the archive variant (PDF/A). The target is a median of at most 1.5 s.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(rounds):
    var_dir = tempfile.mkdtemp(prefix="iop-bench-")
    os.environ.update({"VAR_DIR": var_dir, "DEBUG": "true", "FREEZE_SIGNED_PDF": "false"})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iop.settings")
    os.environ.pop("DATABASE_URL", None)

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115

    from agreements import document
    from agreements.models import Agreement

    version = Agreement.objects.get(registry_number="ÄN 2019-878").versions.get()
    document.render(version)  # the first rendering in a process loads fonts; not counted
    for archive in (False, True):
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            pdf = document.render(version, archive=archive)
            times.append(time.perf_counter() - start)
        label = "PDF/A (archive)" if archive else "PDF"
        print(
            f"{label:16} median {statistics.median(times):.3f} s  "
            f"min {min(times):.3f} s  max {max(times):.3f} s  ({rounds} rounds, {len(pdf)} bytes)"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
