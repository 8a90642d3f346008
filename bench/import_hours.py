"""Benchmark: how long a 10 000-row file of hours takes to import, all or nothing.

    .venv/bin/python bench/import_hours.py [ROWS] [--rounds N] [--database-url URL]

Builds an agreement in force with its activities in a throwaway SQLite database (or, with
--database-url, in that database: migrated, and left without the benchmark's data), writes
a CSV file of ROWS rows (default 10 000) spread over the past 12 months, at most 24 hours
per volunteer and day, and imports it N times (default 3), each time in a transaction that
is then rolled back. Prints the median, the fastest and the slowest. The target is a median
of at most 10 s.
"""

import argparse
import csv
import datetime
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


class Rollback(Exception):
    """Leaves the database as it was."""


def hours_file(rows, activities, today):
    """A CSV file as a partner would write it: Swedish decimals, a few whole months."""
    generator = random.Random(2026)  # the same file every run
    days = [today - datetime.timedelta(days=offset) for offset in range(1, 366)]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["datum", "aktivitet", "timmar", "volontärer", "plats", "anteckning"])
    for number in range(rows):
        day = generator.choice(days)
        volunteers = generator.randint(1, 8)
        hours = generator.randint(1, 16 * volunteers) / 2  # at most 8 hours each
        date = f"{day:%Y-%m}" if number % 50 == 0 else day.isoformat()
        note = "Kvällsträff" if number % 7 == 0 else ""
        writer.writerow([date, generator.choice(activities), f"{hours:g}".replace(".", ","), volunteers, "", note])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def main(rows, rounds, database_url):
    var_dir = tempfile.mkdtemp(prefix="iop-bench-")
    os.environ.update({"VAR_DIR": var_dir, "DEBUG": "true", "FREEZE_SIGNED_PDF": "false"})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iop.settings")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)

    import django
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    django.setup()
    call_command("migrate", verbosity=0)

    from followup.hours import imports
    from followup.hours.services import agreement_activities
    from followup.models import HourEntry
    from followup.tests.factories import hours_agreement, reporter_for

    try:
        with transaction.atomic():
            agreement = hours_agreement(registry_number="BENCH 2026-1")
            organisation = agreement.versions.get().parties.get(organisation__isnull=False).organisation
            reporter = reporter_for(organisation)
            content = hours_file(rows, [a.name for a in agreement_activities(agreement)], timezone.localdate())
            times = []
            for _ in range(rounds):
                with transaction.atomic():
                    upload = SimpleUploadedFile("timmar.csv", content, "text/csv")
                    start = time.perf_counter()
                    entries = imports.import_file(
                        by=reporter, agreement=agreement, organisation=organisation, upload=upload
                    )
                    times.append(time.perf_counter() - start)
                    assert len(entries) == rows == HourEntry.objects.filter(report__agreement=agreement).count()
                    transaction.set_rollback(True)
            raise Rollback
    except Rollback:
        pass
    print(
        f"{connection.vendor:10} {rows} rows ({len(content)} bytes): median {statistics.median(times):.2f} s  "
        f"min {min(times):.2f} s  max {max(times):.2f} s  ({rounds} rounds)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database-url", help="e.g. postgres://postgres@127.0.0.1:5432/iop_bench")
    arguments = parser.parse_args()
    main(arguments.rows, arguments.rounds, arguments.database_url)
