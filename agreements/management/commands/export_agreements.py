"""manage.py export_agreements [--output FILE] [REGISTRY_NUMBER ...]: agreements as JSON."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agreements import exchange
from agreements.models import Agreement


class Command(BaseCommand):
    help = (
        "Export agreements, with all their versions, parties, content and signatures, as JSON in the format "
        "of docs/agreement-format.md. Without registry numbers, every agreement is exported."
    )

    def add_arguments(self, parser):
        parser.add_argument("registry_numbers", nargs="*", metavar="REGISTRY_NUMBER", help="e.g. “ÄN 2019-878”")
        parser.add_argument("-o", "--output", metavar="FILE", help="Write to this file instead of standard output.")

    def handle(self, *args, registry_numbers, output=None, **options):
        agreements = Agreement.objects.all()
        if registry_numbers:
            agreements = agreements.filter(registry_number__in=registry_numbers)
            missing = set(registry_numbers) - set(agreements.values_list("registry_number", flat=True))
            if missing:
                raise CommandError(f"No agreement has the registry number: {', '.join(sorted(missing))}")
        document = exchange.export_document(agreements)
        text = exchange.dumps(document)
        if output is None:
            self.stdout.write(text, ending="")
            return
        Path(output).write_text(text, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Exported {len(document['agreements'])} agreement(s) to {output}."))
