"""The status e-mails: built and kept with the change they tell of, sent once it commits.

`notify` writes one `Notice` per recipient inside the change's transaction and asks for
them to be sent on commit: a rolled-back change sends nothing, and an e-mail the server
refused stays pending, its error logged and kept, until `send_pending` (run by the daily
`send_reminders` command) gets it through or it has used its attempts.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from followup.notices.models import Notice
from followup.notices.recipients import Recipient, chosen
from iop.accounts.models import NoticeKind
from iop.core.validators import PARAGRAPH

MAX_ATTEMPTS = 5  # the first try and four daily retries

logger = logging.getLogger(__name__)


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def notify(kind: NoticeKind, recipients: list[Recipient], *, by, subject: str, link: str, **context) -> list[Notice]:
    """Keep one e-mail of `kind` per chosen recipient and send them after the commit.

    subject: already in the recipients' language; link: the page concerned (a path);
    context: what the kind's template (templates/followup/mail/<kind>.txt) prints.

    A step the system takes (`by` None: imports, the demo's data) tells no one: its people
    did not act, and loading a demo must not e-mail its made-up addresses."""
    if by is None:
        return []
    notices = []
    with translation.override(settings.LANGUAGE_CODE):
        for recipient in chosen(kind, recipients, by=by):
            body = (
                render_to_string(
                    f"followup/mail/{kind}.txt",
                    {
                        **context,
                        "name": recipient.name,
                        "recipient_user": recipient.user,
                        "link": _absolute(link),
                        "settings_url": _absolute(reverse("accounts:notice-settings")),
                    },
                ).strip()
                + "\n"
            )
            notices.append(
                Notice.objects.create(kind=kind, user=recipient.user, to=recipient.email, subject=subject, body=body)
            )
    if notices:
        ids = [notice.pk for notice in notices]
        transaction.on_commit(lambda: send_pending(ids=ids))
    return notices


@dataclass
class Outcome:
    sent: int = 0
    failed: int = 0


def send_pending(*, ids: list[int] | None = None) -> Outcome:
    """Send the e-mails not yet sent (those of `ids`, or all) that have attempts left.

    Each is locked while it is sent, and one locked or sent by another run meanwhile is
    skipped, so two runs never send the same e-mail twice."""
    outcome = Outcome()
    pending = Notice.objects.filter(sent_at=None, attempts__lt=MAX_ATTEMPTS)
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    for pk in list(pending.order_by("pk").values_list("pk", flat=True)):
        with transaction.atomic():
            notice = Notice.objects.select_for_update(skip_locked=True).filter(pk=pk, sent_at=None).first()
            if notice is None:
                continue
            notice.attempts += 1
            try:
                send_mail(notice.subject, notice.body, settings.DEFAULT_FROM_EMAIL, [notice.to])
            except Exception as error:  # any backend's failure: kept, the others still go out
                logger.exception("Status e-mail %s to %s could not be sent", notice.pk, notice.to)
                notice.last_error = f"{type(error).__name__}: {error}"[:PARAGRAPH]
                outcome.failed += 1
            else:
                notice.sent_at, notice.last_error = timezone.now(), ""
                outcome.sent += 1
            notice.save(update_fields=["attempts", "sent_at", "last_error"])
    return outcome
