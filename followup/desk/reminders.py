"""Daily reminders by e-mail: each user gets one e-mail listing the items of their start page
whose date has come within 90, 30 or 7 days (or passed), once per item and threshold.

What was sent is recorded in `ReminderSent(user, key, threshold)`, so running the command
twice on a day sends nothing new; an item that is handled leaves `items_for` and is not
reminded again. Run by `manage.py send_reminders` from a daily cron job.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from followup.desk.attention import Item, items_for
from followup.desk.models import ReminderSent

THRESHOLDS = (90, 30, 7)  # days before an item's date

logger = logging.getLogger(__name__)


def threshold_reached(due: datetime.date, today: datetime.date) -> int | None:
    """The smallest threshold the days left have reached (an overdue item has reached them
    all), or None while the date is further off than the largest."""
    days_left = (due - today).days
    reached = [threshold for threshold in THRESHOLDS if days_left <= threshold]
    return min(reached, default=None)


@dataclass(frozen=True)
class Reminder:
    item: Item
    threshold: int


def reminders_for(user, today: datetime.date) -> list[Reminder]:
    """The user's items that have reached a threshold they were not yet reminded at."""
    sent = set(ReminderSent.objects.filter(user=user).values_list("key", "threshold"))
    reminders = []
    for item in items_for(user, today):
        threshold = threshold_reached(item.due, today)
        if threshold is not None and (item.key, threshold) not in sent:
            reminders.append(Reminder(item, threshold))
    return reminders


@dataclass
class Outcome:
    sent: int = 0
    failed: int = 0


def send_reminders(*, today: datetime.date | None = None, dry_run: bool = False, base_url: str = "") -> Outcome:
    """One e-mail to every active user with an e-mail address who has something new to be
    reminded of. With `dry_run`, nothing is sent or recorded; `sent` counts what would be."""
    today = today or timezone.localdate()
    base_url = base_url.rstrip("/")
    outcome = Outcome()
    users = get_user_model().objects.filter(is_active=True).exclude(email="").order_by("pk")
    with translation.override(settings.LANGUAGE_CODE):
        for user in users:
            reminders = reminders_for(user, today)
            if not reminders:
                continue
            if not dry_run:
                try:
                    _send(user, reminders, today, base_url)
                except OSError:  # SMTP errors are OSErrors: the others may still get theirs
                    logger.exception("Reminders to user %s could not be sent", user.pk)
                    outcome.failed += 1
                    continue
            outcome.sent += 1
    return outcome


@transaction.atomic
def _send(user, reminders, today, base_url):
    """Record, then send: if sending fails, the records roll back and tomorrow tries again."""
    ReminderSent.objects.bulk_create(
        [ReminderSent(user=user, key=r.item.key, threshold=r.threshold) for r in reminders], ignore_conflicts=True
    )
    context = {
        "user": user,
        "reminders": reminders,
        "today": today,
        "base_url": base_url,
        "start_url": base_url + reverse("desk:start"),
        "thresholds": THRESHOLDS,
    }
    subject = ngettext(
        "IOP: %(count)d thing needs your attention", "IOP: %(count)d things need your attention", len(reminders)
    ) % {"count": len(reminders)}
    body = render_to_string("followup/desk/email/reminders.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
