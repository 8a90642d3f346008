"""The forms of the finance page, refused: the page comes back with the form as it was typed,
its error summary above its fields linking to each, and nothing saved."""

import datetime
import re

import pytest

from django.urls import reverse
from django.utils import timezone

from finance import services
from finance.models import Payment, PaymentCorrection, Repayment
from finance.tests.factories import money_agreement

D = datetime.date


@pytest.fixture
def agreement(db, committee_x, organisation_a):
    today = timezone.localdate()
    return money_agreement(
        start=D(today.year - 1, 1, 1),
        end=D(today.year + 1, 12, 31),
        yearly="240000",
        committee=committee_x,
        organisation=organisation_a,
    )


def url(name, *args):
    return reverse(f"finance:{name}", args=args)


def summary_links(html):
    start = html.index("data-error-summary")
    return re.findall(r'href="#([^"]+)"', html[start : html.index("</div>", start)])


def before_its_fields(html, form_id):
    """The summary comes first in the form: before the element with `form_id`."""
    return html.index("data-error-summary") < html.index(f'id="{form_id}"')


def test_a_refused_payment_keeps_amount_date_and_reference(client_as, planner, agreement, organisation_a):
    response = client_as(planner).post(
        url("payment-create", agreement.pk),
        {"recipient": organisation_a.pk, "date": "2025-01-20", "amount": "tusen", "reference": "V-7 <b>"},
    )
    assert response.status_code == 200
    assert not Payment.objects.exists()
    html = response.content.decode()
    assert summary_links(html) == ["id_amount"]
    assert before_its_fields(html, "id_recipient")
    assert 'value="tusen"' in html and 'value="2025-01-20"' in html and 'value="V-7 &lt;b&gt;"' in html
    assert f'<option value="{organisation_a.pk}" selected>' in html


def test_a_payment_the_service_refuses_keeps_every_field(client_as, planner, agreement, organisation_a):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client_as(planner).post(
        url("payment-create", agreement.pk),
        {"recipient": organisation_a.pk, "date": f"{tomorrow:%Y-%m-%d}", "amount": "120 000", "reference": "V-8"},
    )
    assert not Payment.objects.exists()
    html = response.content.decode()
    assert summary_links(html) == ["id_date"]
    assert f'value="{tomorrow:%Y-%m-%d}"' in html and 'value="120 000"' in html and 'value="V-8"' in html


def test_a_refused_repayment_claim_keeps_what_was_typed(client_as, planner, agreement, organisation_a):
    response = client_as(planner).post(
        url("repayment-create", agreement.pk),
        {"debtor": organisation_a.pk, "claimed_on": "2025-03-01", "amount": "", "reason": "Ej använt till syftet"},
    )
    assert response.status_code == 200
    assert not Repayment.objects.exists()
    html = response.content.decode()
    assert summary_links(html) == ["id_amount"]
    assert "Ej använt till syftet</textarea>" in html and 'value="2025-03-01"' in html


def test_a_refused_correction_opens_its_payment_with_what_was_typed(client_as, planner, agreement, organisation_a):
    last_year = timezone.localdate().year - 1
    payment = services.payment_register(
        by=None, agreement=agreement, recipient=organisation_a, date=D(last_year, 1, 20), amount=1000
    )
    response = client_as(planner).post(
        url("payment-correct", agreement.pk, payment.pk),
        {"amount": "5 000", "reason": "Dubbelbokad", "date": f"{timezone.localdate():%Y-%m-%d}"},
    )
    assert response.status_code == 200
    assert not PaymentCorrection.objects.exists()
    html = response.content.decode()
    assert summary_links(html) == [f"id_amount-{payment.pk}"]  # more than the payment: refused by the service
    assert before_its_fields(html, f"id_amount-{payment.pk}")
    assert 'value="5 000"' in html and 'value="Dubbelbokad"' in html
    assert re.search(r"<details[^>]* open>", html)


def test_a_refused_settlement_names_its_field(client_as, planner, agreement, organisation_a):
    claim = services.repayment_claim(
        by=None, agreement=agreement, debtor=organisation_a, claimed_on=timezone.localdate(), amount=500, reason="Rest"
    )
    response = client_as(planner).post(url("repayment-settle", agreement.pk, claim.pk), {"settled_on": "igår"})
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.settled_on is None
    html = response.content.decode()
    assert summary_links(html) == [f"id_settled_on-{claim.pk}"]
    assert before_its_fields(html, f"id_settled_on-{claim.pk}") and 'value="igår"' in html


def test_a_refused_true_up_says_why_above_the_table(client_as, planner, agreement, organisation_a):
    response = client_as(planner).post(
        url("true-up-record", agreement.pk), {"recipient": organisation_a.pk, "instalment_due": "2025-01-31"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    summary = html[html.index("data-error-summary") : html.index("</div>", html.index("data-error-summary"))]
    assert "<li>" in summary and summary_links(html) == []  # the service's reason; no field to go to


def test_the_finance_page_skips_to_the_payment_form_for_those_who_record_payments(
    client_as, planner, viewer, agreement
):
    assert 'href="#main-form"' in client_as(planner).get(url("agreement-finance", agreement.pk)).content.decode()
    html = client_as(viewer).get(url("agreement-finance", agreement.pk)).content.decode()
    assert 'href="#main"' in html and 'id="main-form"' not in html
