"""The finance page and the money part of a draft, as each persona uses them."""

import datetime
from decimal import Decimal

import pytest

from django.urls import reverse

from finance.models import Contribution, Payment, Repayment
from finance.tests.factories import resurspoolen_agreement, stadsmission_agreement
from iop.accounts.models import Role
from iop.accounts.tests.factories import UserFactory

NBSP = "\xa0"


@pytest.fixture
def resurspoolen(db):
    return resurspoolen_agreement()


def finance_url(agreement):
    return reverse("finance:agreement-finance", args=[agreement.pk])


def partner_of(agreement):
    organisation = agreement.versions.get().parties.get(organisation__isnull=False).organisation
    return UserFactory(role=Role.PARTNER, organisations=[organisation])


def planner_of(agreement):
    return UserFactory(role=Role.PLANNER, committees=[agreement.versions.get().committee])


def test_the_finance_page_shows_the_seed_figures(client_as, viewer, resurspoolen):
    page = client_as(viewer).get(finance_url(resurspoolen)).content.decode()
    assert f"4{NBSP}785{NBSP}000{NBSP}kr" in page  # yearly scope
    assert f"933{NBSP}000{NBSP}kr" in page and f"946{NBSP}995{NBSP}kr" in page  # 2020 and 2021 (OPI 1,5 %)


def test_a_partner_sees_the_finance_page_of_their_agreement_only(client_as, resurspoolen):
    stadsmission = stadsmission_agreement()
    client = client_as(partner_of(resurspoolen))
    assert client.get(finance_url(resurspoolen)).status_code == 200
    assert client.get(finance_url(stadsmission)).status_code == 404
    response = client.post(reverse("finance:payment-create", args=[resurspoolen.pk]), {"amount": "1"})
    assert response.status_code == 403


def test_planner_records_a_payment_typed_the_swedish_way(client_as, resurspoolen):
    planner = planner_of(resurspoolen)
    recipient = resurspoolen.versions.get().parties.get(organisation__isnull=False).organisation
    response = client_as(planner).post(
        reverse("finance:payment-create", args=[resurspoolen.pk]),
        {"recipient": recipient.pk, "date": "2020-01-20", "amount": "933 000", "reference": "V-1"},
    )
    assert response.status_code == 302
    payment = Payment.objects.get()
    assert payment.amount == Decimal("933000") and payment.history.first().history_user == planner


@pytest.mark.parametrize("amount", ["-5", "tusen", "2 000 000 000"])
def test_bad_amounts_are_refused_and_nothing_saved(client_as, resurspoolen, amount):
    recipient = resurspoolen.versions.get().parties.get(organisation__isnull=False).organisation
    response = client_as(planner_of(resurspoolen)).post(
        reverse("finance:payment-create", args=[resurspoolen.pk]),
        {"recipient": recipient.pk, "date": "2020-01-20", "amount": amount},
    )
    assert response.status_code == 200  # the page again, the form as typed and its errors
    assert not Payment.objects.exists()
    assert list(response.context["payment_form"].errors) == ["amount"]
    assert "Belopp (kr): " in response.content.decode()  # in the error summary


def test_a_repayment_is_claimed_and_settled(client_as, resurspoolen):
    client = client_as(planner_of(resurspoolen))
    debtor = resurspoolen.versions.get().parties.get(organisation__isnull=False).organisation
    client.post(
        reverse("finance:repayment-create", args=[resurspoolen.pk]),
        {"debtor": debtor.pk, "claimed_on": "2021-03-01", "amount": "45 000", "reason": "Ej använt"},
    )
    claim = Repayment.objects.get()
    client.post(reverse("finance:repayment-settle", args=[resurspoolen.pk, claim.pk]), {"settled_on": "2021-04-01"})
    claim.refresh_from_db()
    assert claim.settled_on == datetime.date(2021, 4, 1)


def test_money_is_added_to_a_draft_and_not_to_a_signed_version(client_as, db):
    draft = resurspoolen_agreement(state="draft")
    signed = stadsmission_agreement()
    planner = planner_of(draft)
    client = client_as(planner)
    version = draft.versions.get()
    committee_party = version.parties.get(committee__isnull=False)
    response = client.post(
        reverse("finance:draft-money", args=[draft.pk]),
        {
            "form": "contribution",
            "lock_version": version.lock_version,
            "party": committee_party.pk,
            "kind": "money",
            "amount": "100 000",
        },
    )
    assert response.status_code == 302
    assert Contribution.objects.filter(version=version, amount=Decimal("100000")).exists()
    assert client.get(reverse("finance:draft-money", args=[signed.pk])).status_code in (403, 404)


def test_a_partner_cannot_be_given_money(client_as, db):
    draft = resurspoolen_agreement(state="draft")
    version = draft.versions.get()
    partner = version.parties.get(organisation__isnull=False)
    response = client_as(planner_of(draft)).post(
        reverse("finance:draft-money", args=[draft.pk]),
        {
            "form": "contribution",
            "lock_version": version.lock_version,
            "party": partner.pk,
            "kind": "money",
            "amount": "5",
        },
    )
    assert response.status_code == 200 and "kind" in response.context["contribution_form"].errors


def test_a_split_outside_the_period_is_refused(client_as, db):
    draft = resurspoolen_agreement(state="draft")
    version = draft.versions.get()
    partner = version.parties.get(organisation__isnull=False)
    response = client_as(planner_of(draft)).post(
        reverse("finance:draft-money", args=[draft.pk]),
        {
            "form": "distribution",
            "lock_version": version.lock_version,
            "party": partner.pk,
            "period_start": "2019-01-01",
            "period_end": "2019-12-31",
            "amount": "100",
        },
    )
    assert response.status_code == 200 and response.context["distribution_form"].errors


def test_the_finance_page_takes_a_fixed_number_of_queries(
    client_as, viewer, resurspoolen, django_assert_max_num_queries
):
    client = client_as(viewer)
    client.get(finance_url(resurspoolen))
    with django_assert_max_num_queries(30):
        client.get(finance_url(resurspoolen))
