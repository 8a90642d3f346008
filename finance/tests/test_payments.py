"""Payments booked against an instalment: the form offers the open instalments, duplicates
are refused (also when sent at the same moment), a mistake is corrected by a counter-entry
with a reason and never edited, true-ups are acted on once."""

import datetime
import uuid
from decimal import Decimal

import pytest

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse

from finance import services
from finance.models import IndexStatus, IndexValue, Payment, PaymentCorrection, Repayment, TrueUp
from finance.tests.factories import money_agreement, money_of
from iop.core.audit import RecordKept
from iop.core.forms import error_summary
from iop.core.tests.race import at_once
from partners.tests.factories import OrganisationFactory

D = datetime.date
KR = Decimal
TODAY = D(2025, 3, 1)


def partner_of(agreement):
    return agreement.versions.first().parties.get(organisation__isnull=False).organisation


@pytest.fixture
def agreement(db):
    # 2024-07-01 – 2026-03-31, 240 000 kr a year paid in January: 120 000 due 2024-07-31,
    # 240 000 due 2025-01-31, 60 000 due 2026-01-31
    return money_agreement(start=D(2024, 7, 1), end=D(2026, 3, 31), yearly="240000")


def register(agreement, **fields):
    values = {"recipient": partner_of(agreement), "date": D(2025, 2, 10), "amount": KR("240000"), "today": TODAY}
    return services.payment_register(by=None, agreement=agreement, **(values | fields))


def test_a_payment_is_booked_against_the_instalment_of_its_period_by_default(agreement):
    payment = register(agreement, date=D(2024, 8, 5), amount=KR("120000"))
    assert payment.instalment_due == D(2024, 7, 31)
    first, second, _third = money_of(agreement, TODAY).instalments
    assert (first.paid, first.status) == (KR("120000"), "paid")
    assert (second.paid, second.status) == (KR("0"), "overdue")  # a July payment never lands on a later year


def test_each_instalment_shows_what_was_paid_over_or_under(agreement):
    register(agreement, instalment_due=D(2024, 7, 31), date=D(2024, 8, 5), amount=KR("100000"))
    register(agreement, instalment_due=D(2025, 1, 31), amount=KR("250000"))
    first, second, _third = money_of(agreement, TODAY).instalments
    assert (first.outstanding, first.status) == (KR("20000"), "overdue")  # 20 000 short
    assert (second.outstanding, second.status) == (KR("-10000"), "overpaid")


def test_the_same_payment_twice_is_refused(agreement):
    register(agreement, instalment_due=D(2025, 1, 31), reference="V-17")
    with pytest.raises(ValidationError) as refused:
        register(agreement, instalment_due=D(2025, 1, 31), reference="V-17")
    assert "redan registrerad" in str(refused.value)
    assert Payment.objects.count() == 1
    register(agreement, instalment_due=D(2025, 1, 31), reference="V-18")  # another voucher is another payment
    assert Payment.objects.count() == 2


def test_a_payment_against_another_recipients_or_another_agreements_instalment_is_refused(agreement):
    other_partner = OrganisationFactory(name="Röda korset")
    other = money_agreement(
        start=D(2024, 1, 1), end=D(2024, 12, 31), yearly="1000", registry_number="XN 2", organisation=other_partner
    )
    with pytest.raises(ValidationError) as refused:
        register(agreement, recipient=other_partner, instalment_due=D(2025, 1, 31))
    assert "recipient" in refused.value.message_dict  # not a partner of this agreement
    with pytest.raises(ValidationError) as refused:
        register(agreement, instalment_due=money_of(other).instalments[0].due - datetime.timedelta(days=31 * 6))
    assert "instalment_due" in refused.value.message_dict
    assert not Payment.objects.filter(agreement=agreement).exists()


def test_a_payment_of_a_shared_agreement_must_use_its_recipients_instalment(db):
    from finance.tests.factories import stadsmission_agreement

    agreement = stadsmission_agreement()
    stadsmission, hjarta = (
        agreement.versions.get().parties.get(organisation__name=name).organisation
        for name in ("Linköpings stadsmission", "Biståndsorganisationen Hjärta till hjärta")
    )
    assert services.payment_register(
        by=None,
        agreement=agreement,
        recipient=hjarta,
        instalment_due=D(2018, 7, 31),
        date=D(2018, 7, 10),
        amount=KR("300000"),
        today=TODAY,
    ).instalment_due == D(2018, 7, 31)
    # the agreement has no instalment due 2019-01-31 (it pays each July)
    with pytest.raises(ValidationError):
        services.payment_register(
            by=None,
            agreement=agreement,
            recipient=stadsmission,
            instalment_due=D(2019, 1, 31),
            date=D(2019, 7, 10),
            amount=KR("1"),
            today=TODAY,
        )


def test_a_payment_against_another_partners_instalment_is_refused(db):
    from agreements.tests.factories import make_agreement
    from finance.models import ContributionKind
    from finance.tests.factories import _sign, add_contribution, refreshed, set_terms

    first, second = OrganisationFactory(name="Första"), OrganisationFactory(name="Andra")
    agreement = make_agreement(partners=[first, second], start=D(2024, 1, 1), end=D(2024, 12, 31))
    version = agreement.versions.get()
    committee_party = version.parties.get(committee__isnull=False)
    add_contribution(version, committee_party, ContributionKind.MONEY, amount=KR("100000"))
    set_terms(version, payment_months="1")
    version = refreshed(version)
    services.distribution_add(  # 2024's money is all the first partner's
        by=None,
        version=version,
        lock_version=version.lock_version,
        party=version.parties.get(organisation=first),
        period_start=D(2024, 1, 1),
        period_end=D(2024, 12, 31),
        amount=KR("100000"),
    )
    _sign(version, decision=D(2023, 12, 1), signed=D(2023, 12, 5))
    with pytest.raises(ValidationError) as refused:
        services.payment_register(
            by=None,
            agreement=agreement,
            recipient=second,
            instalment_due=D(2024, 1, 31),
            date=D(2024, 1, 20),
            amount=KR("100000"),
            today=TODAY,
        )
    assert "Andra" in " ".join(refused.value.message_dict["instalment_due"])
    assert not Payment.objects.exists()


def test_a_mistaken_payment_is_corrected_by_a_counter_entry_never_edited(agreement):
    payment = register(agreement, instalment_due=D(2025, 1, 31))
    with pytest.raises(ValidationError) as refused:
        services.payment_correct(by=None, payment=payment, amount=KR("240001"), reason="Fel belopp", today=TODAY)
    assert "Högst" in str(refused.value.message_dict["amount"])
    with pytest.raises(ValidationError) as refused:
        services.payment_correct(by=None, payment=payment, amount=KR("1000"), reason=" ", today=TODAY)
    assert "reason" in refused.value.message_dict
    services.payment_correct(by=None, payment=payment, amount=KR("40000"), reason="Dubbelbokad del", today=TODAY)
    second = money_of(agreement, TODAY).instalments[1]
    assert (second.paid, second.status) == (KR("200000"), "overdue")
    payment.refresh_from_db()
    assert payment.amount == KR("240000")  # the payment itself is kept as it was
    with pytest.raises(ValidationError):  # no more than what is left of it
        services.payment_correct(by=None, payment=payment, amount=KR("200001"), reason="Fel", today=TODAY)
    with pytest.raises(RecordKept), transaction.atomic():
        PaymentCorrection.objects.get().delete()
    with pytest.raises((RecordKept, ProtectedError)), transaction.atomic():
        payment.delete()
    assert payment.history.count() == 1 and PaymentCorrection.history.count() == 1


def test_the_planner_records_a_payment_with_a_one_time_token(client_as, planner, committee_x, organisation_a):
    agreement = money_agreement(
        start=D(2024, 7, 1), end=D(2026, 3, 31), yearly="240000", committee=committee_x, organisation=organisation_a
    )
    client = client_as(planner)
    page = client.get(reverse("finance:agreement-finance", args=[agreement.pk]))
    form = page.context["payment_form"]
    token = form.initial["form_token"]
    choices = dict(form.fields["instalment"].choices)
    assert f"2024-07-31:{organisation_a.pk}" in choices
    data = {
        "recipient": organisation_a.pk,
        "instalment": f"2024-07-31:{organisation_a.pk}",
        "date": "2024-08-05",
        "amount": "120 000",
        "reference": "",
        "form_token": str(token),
    }
    url = reverse("finance:payment-create", args=[agreement.pk])
    client.post(url, data)
    again = client.post(url, data, follow=True)  # the same form sent twice
    assert Payment.objects.count() == 1
    assert "Formuläret har redan skickats" in again.content.decode()
    page = client.get(reverse("finance:agreement-finance", args=[agreement.pk])).content.decode()
    assert "120\xa0000\xa0kr" in page


def test_an_instalment_of_another_recipient_is_refused_at_the_field(client_as, planner, committee_x, organisation_a):
    agreement = money_agreement(
        start=D(2024, 7, 1), end=D(2026, 3, 31), yearly="240000", committee=committee_x, organisation=organisation_a
    )
    other = OrganisationFactory(name="Annan")
    response = client_as(planner).post(
        reverse("finance:payment-create", args=[agreement.pk]),
        {"recipient": organisation_a.pk, "instalment": f"2024-07-31:{other.pk}", "date": "2024-08-05", "amount": "1"},
    )
    assert not Payment.objects.exists()
    lines = error_summary(response.context["payment_form"])
    assert len(lines) == 1 and lines[0].label == "Delbetalning" and lines[0].field_id == "id_instalment", lines


def test_a_claw_back_becomes_a_repayment_claim_and_a_top_up_an_amount_due(db):
    IndexValue.objects.filter(year=2023, status=IndexStatus.DEFINITIVE).delete()
    agreement = money_agreement(start=D(2023, 1, 1), end=D(2023, 12, 31), yearly="100000", indexation_from_year=2023)
    register(agreement, instalment_due=D(2023, 1, 31), date=D(2023, 1, 20), amount=KR("103500"))  # on 3,5 %
    IndexValue.objects.create(year=2023, percent=KR("2.0"), status=IndexStatus.DEFINITIVE, published="2023-04-19")
    (correction,) = money_of(agreement, TODAY).corrections
    assert correction.difference == KR("-1500")  # 102 000 − 103 500: to claim back
    true_up = services.true_up_record(
        by=None, agreement=agreement, recipient=partner_of(agreement), instalment_due=D(2023, 1, 31), today=TODAY
    )
    assert (true_up.kind, true_up.amount, true_up.repayment.amount) == ("claw_back", KR("1500"), KR("1500"))
    assert "Efterreglering" in Repayment.objects.get().reason
    assert money_of(agreement, TODAY).corrections == []  # acted on: no longer listed
    with pytest.raises(ValidationError):
        services.true_up_record(
            by=None, agreement=agreement, recipient=partner_of(agreement), instalment_due=D(2023, 1, 31), today=TODAY
        )


def test_a_top_up_falls_due_at_the_end_of_next_month(db):
    IndexValue.objects.filter(year=2023, status=IndexStatus.DEFINITIVE).delete()
    agreement = money_agreement(start=D(2023, 1, 1), end=D(2023, 12, 31), yearly="100000", indexation_from_year=2023)
    register(agreement, instalment_due=D(2023, 1, 31), date=D(2023, 1, 20), amount=KR("103500"))
    IndexValue.objects.create(year=2023, percent=KR("4.6"), status=IndexStatus.DEFINITIVE, published="2023-04-19")
    services.true_up_record(
        by=None, agreement=agreement, recipient=partner_of(agreement), instalment_due=D(2023, 1, 31), today=TODAY
    )
    (item,) = money_of(agreement, D(2025, 3, 20)).instalments
    assert (item.outstanding, item.payable_from, item.status) == (KR("1100"), D(2025, 4, 30), "partly")
    assert money_of(agreement, D(2025, 5, 1)).instalments[0].status == "overdue"


# --- Races on PostgreSQL --------------------------------------------------------------------------


@pytest.mark.race
@pytest.mark.django_db(transaction=True)
def test_the_payment_form_sent_four_times_at_once_records_one_payment():
    agreement = money_agreement(start=D(2024, 7, 1), end=D(2026, 3, 31), yearly="240000")
    for _round in range(3):
        token = uuid.uuid4()
        before = Payment.objects.count()
        outcomes = at_once(
            *[lambda token=token: register(agreement, instalment_due=D(2025, 1, 31), form_token=token)] * 4
        )
        assert Payment.objects.count() == before + 1
        assert sum(outcome.ok for outcome in outcomes) == 1
        assert all(isinstance(outcome.error, ValidationError) for outcome in outcomes if not outcome.ok)
        Payment.objects.filter(form_token=token).update(reference=f"round {_round}")  # the next round is new


@pytest.mark.race
@pytest.mark.django_db(transaction=True)
def test_the_same_payment_from_two_tabs_at_once_is_recorded_once():
    agreement = money_agreement(start=D(2024, 7, 1), end=D(2026, 3, 31), yearly="240000")
    outcomes = at_once(*[lambda: register(agreement, instalment_due=D(2025, 1, 31), form_token=uuid.uuid4())] * 4)
    assert Payment.objects.count() == 1
    assert [outcome.ok for outcome in outcomes].count(True) == 1


@pytest.mark.race
@pytest.mark.django_db(transaction=True)
def test_a_true_up_acted_on_twice_at_once_is_recorded_once():
    # as it stood before the definitive 2023 value (the test makes its own: a transactional
    # test may find the seeded values flushed by an earlier one)
    IndexValue.objects.filter(year=2023).delete()
    IndexValue.objects.create(year=2023, percent=KR("3.5"), status=IndexStatus.PRELIMINARY, published="2022-12")
    agreement = money_agreement(start=D(2023, 1, 1), end=D(2023, 12, 31), yearly="100000", indexation_from_year=2023)
    register(agreement, instalment_due=D(2023, 1, 31), date=D(2023, 1, 20), amount=KR("103500"))
    IndexValue.objects.create(year=2023, percent=KR("2.0"), status=IndexStatus.DEFINITIVE, published="2023-04")
    recipient = partner_of(agreement)
    outcomes = at_once(
        *[
            lambda: services.true_up_record(
                by=None, agreement=agreement, recipient=recipient, instalment_due=D(2023, 1, 31), today=TODAY
            )
        ]
        * 4
    )
    assert TrueUp.objects.count() == 1 and Repayment.objects.count() == 1
    assert [outcome.ok for outcome in outcomes].count(True) == 1


@pytest.mark.race
@pytest.mark.django_db(transaction=True)
def test_corrections_of_one_payment_at_once_never_take_back_more_than_was_paid():
    agreement = money_agreement(start=D(2024, 7, 1), end=D(2026, 3, 31), yearly="240000")
    payment = register(agreement, instalment_due=D(2025, 1, 31))
    outcomes = at_once(
        *[lambda: services.payment_correct(by=None, payment=payment, amount=KR("150000"), reason="Fel", today=TODAY)]
        * 4
    )
    assert [outcome.ok for outcome in outcomes].count(True) == 1  # 150 000 of 240 000: once only
    assert all(isinstance(outcome.error, ValidationError) for outcome in outcomes if not outcome.ok)
    assert PaymentCorrection.objects.get().amount == KR("150000")


@pytest.mark.race
@pytest.mark.django_db(transaction=True)
def test_a_repayment_claim_settled_twice_at_once_is_settled_once():
    agreement = money_agreement(start=D(2024, 7, 1), end=D(2026, 3, 31), yearly="240000")
    register(agreement, instalment_due=D(2025, 1, 31))
    claim = services.repayment_claim(
        by=None,
        agreement=agreement,
        debtor=partner_of(agreement),
        claimed_on=D(2025, 2, 15),
        amount=KR("1000"),
        reason="Ej använt",
        today=TODAY,
    )
    # each clerk's page read the claim unsettled
    seen = [Repayment.objects.get(pk=claim.pk) for _clerk in range(4)]
    outcomes = at_once(
        *[
            lambda read=read, day=day: services.repayment_settle(by=None, repayment=read, settled_on=day, today=TODAY)
            for read, day in zip(seen, (D(2025, 2, 20), D(2025, 2, 21), D(2025, 2, 22), D(2025, 2, 23)), strict=True)
        ]
    )
    assert [outcome.ok for outcome in outcomes].count(True) == 1
    claim.refresh_from_db()
    assert claim.history.filter(settled_on__isnull=False).count() == 1  # settled once, never re-dated
