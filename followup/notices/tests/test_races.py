"""Status e-mails sent from several runs at the same moment (the commit hook and the daily
command, or two commands): each e-mail goes out once (iop/core/tests/race.py)."""

import pytest

from django.core import mail

from followup.notices.models import Notice
from followup.notices.services import send_pending
from iop.accounts.models import NoticeKind
from iop.core.tests.race import at_once

pytestmark = [pytest.mark.race, pytest.mark.django_db(transaction=True)]


def test_runs_at_the_same_moment_send_each_email_once(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    for number in range(6):
        Notice.objects.create(
            kind=NoticeKind.MONTH_APPROVED, to=f"partner{number}@example.se", subject=f"Ämne {number}", body="Text"
        )
    outcomes = at_once(*[send_pending] * 4)
    assert all(outcome.ok for outcome in outcomes), outcomes
    assert sum(outcome.result.sent for outcome in outcomes) == 6
    assert sorted(message.to[0] for message in mail.outbox) == sorted(f"partner{n}@example.se" for n in range(6))
    assert set(Notice.objects.values_list("attempts", flat=True)) == {1}
    assert not Notice.objects.filter(sent_at=None).exists()
