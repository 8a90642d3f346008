"""A true-up is one figure: the finance page, the start page, the reminder e-mail and the
committee overview all show what the money series says, and none reclaims what was never
paid."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from finance import overview, services
from finance.models import IndexStatus, IndexValue
from finance.tests.factories import money_agreement
from followup.desk.attention import Kind, items_for

D = datetime.date
TODAY = D(2025, 3, 1)


@pytest.fixture
def paid_on_forecast(db, committee_x, organisation_a, planner):
    """100 000 kr a year from 2023, OPI from 2023: January 2023 paid 103 500 on the 3,5 %
    forecast; the definitive 2,0 % makes it 102 000, so 1 500 is to be claimed back. 2024 was
    never paid: its forecast-based amount just changes, no claw-back."""
    IndexValue.objects.filter(year=2023, status=IndexStatus.DEFINITIVE).delete()
    IndexValue.objects.create(year=2024, percent=Decimal("3.0"), status=IndexStatus.DEFINITIVE, published="2024-04")
    IndexValue.objects.create(year=2025, percent=Decimal("2.5"), status=IndexStatus.DEFINITIVE, published="2025-04")
    agreement = money_agreement(
        start=D(2023, 1, 1),
        end=D(2025, 12, 31),
        yearly="100000",
        indexation_from_year=2023,
        committee=committee_x,
        organisation=organisation_a,
    )
    services.payment_register(
        by=None,
        agreement=agreement,
        recipient=organisation_a,
        instalment_due=D(2023, 1, 31),
        date=D(2023, 1, 20),
        amount=Decimal("103500"),
        today=TODAY,
    )
    IndexValue.objects.create(year=2023, percent=Decimal("2.0"), status=IndexStatus.DEFINITIVE, published="2023-04")
    planner.email = "planner@example.se"
    planner.save()
    return agreement


def test_every_page_shows_the_same_claw_back_and_only_of_what_was_paid(paid_on_forecast, planner, client_as):
    agreement = paid_on_forecast
    page = client_as(planner).get(reverse("finance:agreement-finance", args=[agreement.pk]))
    corrections = page.context["money"].corrections
    assert [(c.instalment.due, c.difference) for c in corrections] == [(D(2023, 1, 31), Decimal("-1500"))]
    assert "−1\xa0500\xa0kr" in page.content.decode() or "-1\xa0500\xa0kr" in page.content.decode()

    (item,) = [item for item in items_for(planner, today=TODAY) if item.kind == Kind.TRUE_UP]
    assert "1\xa0500\xa0kr" in item.title and "2023-01-31" in item.title

    call_command("send_reminders", f"--today={TODAY}", stdout=StringIO())
    (message,) = [m for m in mail.outbox if item.title in m.body]
    assert message.to == ["planner@example.se"]

    (row,) = overview.committee_overview(user=planner, year=2024, committee=agreement.versions.get().committee).rows
    assert row.true_up == Decimal("-1500")


def test_acting_on_the_true_up_takes_it_off_every_list(paid_on_forecast, planner, client_as, organisation_a):
    agreement = paid_on_forecast
    client = client_as(planner)
    response = client.post(
        reverse("finance:true-up-record", args=[agreement.pk]),
        {"recipient": organisation_a.pk, "instalment_due": "2023-01-31"},
    )
    assert response.status_code == 302
    assert agreement.repayments.get().amount == Decimal("1500")
    assert client.get(reverse("finance:agreement-finance", args=[agreement.pk])).context["money"].corrections == []
    assert not [item for item in items_for(planner, today=TODAY) if item.kind == Kind.TRUE_UP]
    (row,) = overview.committee_overview(user=planner, year=2024, committee=agreement.versions.get().committee).rows
    assert row.true_up == 0
