from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from followup import demo


class Command(BaseCommand):
    help = "Load the demo data from the seed agreements. Running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Load even with DEBUG off (demo users have the password 'demo')."
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like production, and the demo users have the password 'demo'. "
                "Use --force if you really mean it."
            )
        with transaction.atomic():
            demo.load()
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Logins (password: demo):"))
        for username, role in demo.users.logins():
            self.stdout.write(f"  {username:<20} {role}")
