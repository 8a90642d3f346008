"""manage.py send_reminders [--today YYYY-MM-DD] [--dry-run] [--base-url URL]: the daily
reminder e-mails (see followup.desk.reminders), and the status e-mails that could not be
sent yet tried again (see followup.notices). Meant for a daily cron job; see the README."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from followup.desk.reminders import send_reminders
from followup.notices.services import send_pending


def _date(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("The date must be written YYYY-MM-DD, not %(text)s.") % {"text": text}) from None


class Command(BaseCommand):
    help = (
        "E-mail each user what needs their attention, once per item as its date comes within 90, 30 and 7 days. "
        "Running it twice on a day sends nothing new. Status e-mails that could not be sent are tried again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help="Count days from this date (tests).")
        parser.add_argument("--dry-run", action="store_true", help="Count the e-mails but neither send nor record.")
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "SITE_URL", ""),
            metavar="URL",
            help="The site's address for links in the e-mails, e.g. https://iop.example.se (default: SITE_URL).",
        )

    def handle(self, *args, today=None, dry_run=False, base_url="", **options):
        outcome = send_reminders(today=today, dry_run=dry_run, base_url=base_url)
        if dry_run:
            message = ngettext("%(count)d e-mail would be sent.", "%(count)d e-mails would be sent.", outcome.sent)
        else:
            message = ngettext("%(count)d e-mail sent.", "%(count)d e-mails sent.", outcome.sent)
        self.stdout.write(message % {"count": outcome.sent})
        failed = outcome.failed
        if not dry_run:
            retried = send_pending()
            failed += retried.failed
            if retried.sent or retried.failed:
                self.stdout.write(
                    ngettext(
                        "%(count)d status e-mail sent that could not be sent before.",
                        "%(count)d status e-mails sent that could not be sent before.",
                        retried.sent,
                    )
                    % {"count": retried.sent}
                )
        if failed:
            raise CommandError(
                ngettext(
                    "%(count)d e-mail could not be sent; it is tried again on the next run.",
                    "%(count)d e-mails could not be sent; they are tried again on the next run.",
                    failed,
                )
                % {"count": failed}
            )
