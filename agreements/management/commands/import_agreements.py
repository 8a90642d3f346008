"""manage.py import_agreements FILE [FILE ...]: agreements from JSON files, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from agreements import exchange
from agreements.views.exchange import read


class Command(BaseCommand):
    help = (
        "Import agreements from JSON files in the format of docs/agreement-format.md. All files are imported "
        "together or not at all; existing agreements are never overwritten."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="A JSON file exported by export_agreements.")

    def handle(self, *args, files, **options):
        problems = []
        with transaction.atomic():
            imported = []
            for name in files:
                try:
                    imported += exchange.import_document(read(Path(name).read_bytes()))
                except OSError as error:
                    problems.append(f"{name}: {error.strerror or error}")
                except exchange.AgreementImportError as error:
                    problems += [f"{name}: {message}" for message in error.messages]
            if problems:
                # Every problem of every file, then out of the transaction: nothing is saved.
                for problem in problems:
                    self.stderr.write(problem)
                raise CommandError(f"{len(problems)} problem(s) found; nothing was imported.")
        self.stdout.write(self.style.SUCCESS(f"Imported {len(imported)} agreement(s)."))
