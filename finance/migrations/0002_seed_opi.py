"""The OPI values SKR has published, as reference data (finance/data/opi.csv)."""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parent.parent / "data" / "opi.csv"


def seed(apps, schema_editor):
    IndexValue = apps.get_model("finance", "IndexValue")
    with CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            IndexValue.objects.get_or_create(
                year=int(row["year"]),
                status=row["status"],
                defaults={"percent": Decimal(row["percent"]), "published": row["published_on"], "source": row["source"]},
            )


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
