"""The money travels in the JSON exchange: with each version its contributions, terms,
split and stated period amounts; with each agreement its payments, repayment claims and
true-ups. Export, import into an empty database, export: the same document."""

import copy
import datetime
from decimal import Decimal

import pytest

from django.apps import apps
from django.db import connection

from agreements import exchange
from agreements import services as agreement_services
from agreements.exchange import AgreementImportError, export_document, import_document
from agreements.models import Agreement, AgreementVersion
from agreements.tests.test_exchange import empty_the_database
from finance import services
from finance.models import (
    Contribution,
    Distribution,
    FinanceTerms,
    IndexValue,
    Payment,
    PaymentCorrection,
    PeriodAmount,
    Repayment,
    TrueUp,
    TrueUpKind,
)
from finance.tests.factories import money_of, resurspoolen_agreement, set_terms, stadsmission_agreement
from iop.core.audit import audit_tables

D = datetime.date
TODAY = D(2022, 6, 1)
MONEY_MODELS = (Contribution, FinanceTerms, Distribution, PeriodAmount, Payment, PaymentCorrection, Repayment, TrueUp)


def sign(version, *, decided, signed):
    version.refresh_from_db()
    agreement_services.version_submit(by=None, version=version)
    agreement_services.version_decide(by=None, version=version, decision_body="Nämnden", decision_date=decided)
    for party in version.parties.all():
        agreement_services.version_sign(
            by=None, party=party, signatory_name="N", signatory_title="", place="Linköping", date=signed
        )


def due(agreement, year, recipient, today):
    """The due date of the recipient's instalment in that year."""
    return next(
        item.due for item in money_of(agreement, today).instalments if item.year == year and item.recipient == recipient
    )


def pay(agreement, recipient, year, paid_on, amount, reference, today):
    return services.payment_register(
        by=None,
        agreement=agreement,
        recipient=recipient,
        date=paid_on,
        amount=Decimal(amount),
        instalment_due=due(agreement, year, recipient, today),
        reference=reference,
        today=today,
    )


def amended_resurspoolen():
    """ÄN 2019-878 paid for 2020 and 2021 (one payment corrected), a repayment claim and a
    true-up; then amended: 1 000 000 kr from 2022-01-01, 2022 stated at 990 000 kr, and
    paid for 2022 under the amendment."""
    agreement = resurspoolen_agreement()
    first = agreement.versions.get()
    resurspoolen = first.parties.get(organisation__isnull=False).organisation
    pay(agreement, resurspoolen, 2020, D(2020, 1, 20), "933000", "V 2020-1", D(2020, 2, 1))
    pay(agreement, resurspoolen, 2021, D(2021, 1, 20), "946995", "V 2021-1", D(2021, 2, 1))
    wrong = pay(agreement, resurspoolen, 2021, D(2021, 2, 3), "5000", "V 2021-2", D(2021, 2, 5))
    services.payment_correct(
        by=None, payment=wrong, amount=Decimal("5000"), reason="Betald två gånger", date=D(2021, 2, 10), today=TODAY
    )
    claim = services.repayment_claim(
        by=None,
        agreement=agreement,
        debtor=resurspoolen,
        claimed_on=D(2021, 3, 1),
        amount=Decimal("12000.50"),
        reason="Medel som inte använts",
        today=TODAY,
    )
    services.repayment_settle(by=None, repayment=claim, settled_on=D(2021, 4, 1), today=TODAY)
    # A true-up as the true-up action records it (its own tests make one from an OPI).
    TrueUp.objects.create(
        agreement=agreement,
        recipient=resurspoolen,
        instalment_due=due(agreement, 2021, resurspoolen, TODAY),
        kind=TrueUpKind.CLAW_BACK,
        amount=Decimal("1200"),
        repayment=claim,
        recorded_on=D(2021, 3, 1),
    )

    amendment = agreement_services.agreement_amend(by=None, agreement=agreement, today=D(2021, 6, 1))
    money = amendment.contributions.get(kind="money")
    services.contribution_update(
        by=None, contribution=money, lock_version=amendment.lock_version, amount=Decimal("1000000")
    )
    set_terms(amendment, indexation_from_year=2021, payment_months="1", money_from=D(2022, 1, 1))
    amendment.refresh_from_db()
    services.period_amount_save(
        by=None,
        version=amendment,
        lock_version=amendment.lock_version,
        period_start=D(2022, 1, 1),
        amount=Decimal("990000"),
    )
    sign(amendment, decided=D(2021, 6, 10), signed=D(2021, 6, 15))
    pay(agreement, resurspoolen, 2022, D(2022, 1, 20), "990000", "V 2022-1", TODAY)
    return agreement


def paid_stadsmission():
    """ON 2018-229, split between three partners, its first July paid to two of them."""
    agreement = stadsmission_agreement()
    version = agreement.versions.get()
    stadsmission, hjarta, _domkyrkan = [party.organisation for party in version.parties.filter(committee=None)]
    pay(agreement, stadsmission, 2018, D(2018, 7, 10), "1500000", "", D(2018, 8, 1))
    pay(agreement, hjarta, 2018, D(2018, 7, 12), "300000", "", D(2018, 8, 1))
    return agreement


def summary(agreement):
    """What the pages read from the series: each period's version, amount and instalments, what was paid."""
    money = money_of(agreement, TODAY)
    periods = [
        (
            period.start,
            period.end,
            period.version.number,
            period.amount,
            period.stated,
            [
                (item.due, getattr(item.recipient, "name", None), item.amount, item.paid, item.status)
                for item in period.instalments
            ],
        )
        for period in money.periods
    ]
    return periods, money.total, money.open_true_up


def empty_everything():
    """The agreements, the register and the money kept with agreements, as in a new database.
    (The OPI values are reference data every database has.)"""
    kept = set(audit_tables()) if connection.vendor == "postgresql" else set()
    money = [
        model
        for model in apps.get_app_config("finance").get_models(include_auto_created=True)
        if model is not IndexValue and model._meta.db_table not in kept
    ]
    with connection.cursor() as cursor:
        for model in money:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
    empty_the_database()
    assert not Payment.objects.exists() and IndexValue.objects.exists()


def counts():
    return {model.__name__: model.objects.count() for model in (Agreement, AgreementVersion, *MONEY_MODELS)}


# --- Round trip ---------------------------------------------------------------------------------


def test_signed_agreements_with_an_amendment_and_payments_export_import_and_export_the_same(db):
    resurspoolen = amended_resurspoolen()
    stadsmission = paid_stadsmission()
    before = {agreement.registry_number: summary(agreement) for agreement in (resurspoolen, stadsmission)}
    exported = export_document(Agreement.objects.all())

    stadsmission_doc, resurspoolen_doc = exported["agreements"]
    assert exported["format_version"] == exchange.FORMAT_VERSION == 2
    first, amendment = resurspoolen_doc["versions"]
    assert first["money"]["contributions"] == [
        {
            "party": 0,
            "kind": "money",
            "description": "",
            "amount": "933000.00",
            "hours": None,
            "hourly_value": None,
        },
        {
            "party": 1,
            "kind": "hours",
            "description": "",
            "amount": None,
            "hours": "18000.0",
            "hourly_value": "214.00",
        },
        {
            "party": 0,
            "kind": "commitment",
            "description": "Lokaler i servicehus",
            "amount": None,
            "hours": None,
            "hourly_value": None,
        },
    ]
    assert first["money"]["terms"] == {
        "period_kind": "calendar",
        "indexation_from_year": 2021,
        "payment_months": "1",
        "money_from": None,
    }
    assert amendment["money"]["contributions"][0]["amount"] == "1000000.00"
    assert amendment["money"]["terms"]["money_from"] == "2022-01-01"
    assert amendment["money"]["period_amounts"] == [{"period_start": "2022-01-01", "amount": "990000.00"}]
    assert stadsmission_doc["versions"][0]["money"]["terms"]["period_kind"] == "agreement_year"
    assert [(row["party"], row["amount"]) for row in stadsmission_doc["versions"][0]["money"]["distributions"]] == [
        (1, "1500000.00"),
        (2, "300000.00"),
        (3, "0.00"),
    ]
    payments = resurspoolen_doc["money"]["payments"]
    assert [(p["date"], p["amount"], p["reference"]) for p in payments] == [
        ("2020-01-20", "933000.00", "V 2020-1"),
        ("2021-01-20", "946995.00", "V 2021-1"),
        ("2021-02-03", "5000.00", "V 2021-2"),
        ("2022-01-20", "990000.00", "V 2022-1"),
    ]
    assert payments[0]["recipient"] == {"name": "Resurspoolen", "org_number": "822003-0913"}
    assert payments[2]["corrections"] == [{"date": "2021-02-10", "amount": "5000.00", "reason": "Betald två gånger"}]
    [claim] = resurspoolen_doc["money"]["repayments"]
    assert (claim["amount"], claim["settled_on"]) == ("12000.50", "2021-04-01")
    [true_up] = resurspoolen_doc["money"]["true_ups"]
    assert (true_up["kind"], true_up["repayment"]) == ("claw_back", 0)

    empty_everything()
    imported = import_document(exported)

    assert len(imported) == 2
    assert export_document(Agreement.objects.all()) == exported
    after = {agreement.registry_number: summary(agreement) for agreement in Agreement.objects.all()}
    assert after == before
    assert before["ÄN 2019-878"][0][2][2:4] == (2, Decimal("990000")), "2022 comes from the amendment, as stated"
    assert before["ÄN 2019-878"][0][0][2] == 1, "2020 keeps the money of version 1"


def test_a_signed_version_gets_its_money_before_it_is_signed(db):
    """The guard refuses anything added to a signed version: the import writes the money first."""
    resurspoolen_agreement()
    document = export_document(Agreement.objects.all())
    empty_everything()

    (agreement,) = import_document(document)

    version = agreement.versions.get()
    assert version.status == "signed"
    assert version.contributions.count() == 3 and version.finance_terms.indexation_from_year == 2021
    assert money_of(agreement, TODAY).total is not None


def test_a_file_of_format_version_1_without_money_still_imports(db):
    resurspoolen_agreement()
    document = export_document(Agreement.objects.all())
    document["format_version"] = 1
    for agreement in document["agreements"]:
        del agreement["money"]
        for version in agreement["versions"]:
            del version["money"]
    empty_everything()

    (agreement,) = import_document(document)

    assert agreement.versions.get().status == "signed"
    assert not Contribution.objects.exists() and not FinanceTerms.objects.exists()


# --- A broken money part: refused with the place, nothing saved ----------------------------------


def _money(document, version=0):
    return document["agreements"][0]["versions"][version]["money"]


def _agreement_money(document):
    return document["agreements"][0]["money"]


V0 = "agreements[0].versions[0].money"
V1 = "agreements[0].versions[1].money"
A = "agreements[0].money"

BROKEN = {
    "amount that is not a number": (
        lambda d: _money(d)["contributions"][0].update(amount="nio hundra tusen"),
        f"{V0}.contributions[0].amount:",
    ),
    "amount as a JSON number": (
        lambda d: _money(d)["contributions"][0].update(amount=933000.5),
        f"{V0}.contributions[0].amount:",
    ),
    "negative amount": (
        lambda d: _money(d)["contributions"][0].update(amount="-1.00"),
        f"{V0}.contributions[0].amount:",
    ),
    "unknown kind": (lambda d: _money(d)["contributions"][1].update(kind="gold"), f"{V0}.contributions[1].kind:"),
    "hours without their value": (
        lambda d: _money(d)["contributions"][1].update(hourly_value=None),
        f"{V0}.contributions[1].hourly_value:",
    ),
    "contribution of a missing party": (
        lambda d: _money(d)["contributions"][0].update(party=7),
        f"{V0}.contributions[0].party:",
    ),
    "unknown period kind": (lambda d: _money(d)["terms"].update(period_kind="weekly"), f"{V0}.terms.period_kind:"),
    "payment months that are not months": (
        lambda d: _money(d)["terms"].update(payment_months="13"),
        f"{V0}.terms.payment_months:",
    ),
    "effective date on the first version": (
        lambda d: _money(d)["terms"].update(money_from="2021-01-01"),
        f"{V0}.terms.money_from:",
    ),
    "effective date mid-month": (
        lambda d: _money(d, 1)["terms"].update(money_from="2022-01-15"),
        f"{V1}.terms.money_from:",
    ),
    "effective date after the agreement": (
        lambda d: _money(d, 1)["terms"].update(money_from="2031-01-01"),
        f"{V1}.terms.money_from:",
    ),
    "stated amount for a period start that is not a real date": (
        lambda d: _money(d, 1)["period_amounts"][0].update(period_start="2022-02-30"),
        f"{V1}.period_amounts[0].period_start:",
    ),
    "stated amount for a day no period starts on": (
        lambda d: _money(d, 1)["period_amounts"][0].update(period_start="2022-03-01"),
        f"{V1}.period_amounts[0].period_start:",
    ),
    "absurd stated amount": (
        lambda d: _money(d, 1)["period_amounts"][0].update(amount="5000000000.00"),
        f"{V1}.period_amounts[0].amount:",
    ),
    "payment to someone not a partner": (
        lambda d: _agreement_money(d)["payments"][0].update(recipient={"name": "Okänd", "org_number": None}),
        f"{A}.payments[0].recipient:",
    ),
    "payment date that is not a date": (
        lambda d: _agreement_money(d)["payments"][0].update(date="20 januari 2020"),
        f"{A}.payments[0].date:",
    ),
    "correction larger than the payment": (
        lambda d: _agreement_money(d)["payments"][2]["corrections"][0].update(amount="6000.00"),
        f"{A}.payments[2].corrections[0].amount:",
    ),
    "true-up of a repayment claim that is not there": (
        lambda d: _agreement_money(d)["true_ups"][0].update(repayment=3),
        f"{A}.true_ups[0].repayment:",
    ),
    "unknown key in the money": (lambda d: _money(d).update(budget="1"), f"{V0}.budget:"),
}


@pytest.fixture
def resurspoolen_document(db):
    amended_resurspoolen()
    document = export_document(Agreement.objects.all())
    document["agreements"][0]["registry_number"] = "ÄN 2030-1"  # new: it would import
    return document


def test_the_renumbered_document_imports(resurspoolen_document):
    (agreement,) = import_document(resurspoolen_document)
    assert agreement.payments.count() == 4 and agreement.versions.get(number=2).period_amounts.count() == 1


@pytest.mark.parametrize("mistake", BROKEN)
def test_a_broken_money_part_is_refused_naming_the_place_and_nothing_is_saved(resurspoolen_document, mistake):
    break_it, position = BROKEN[mistake]
    document = copy.deepcopy(resurspoolen_document)
    break_it(document)
    before = counts()

    with pytest.raises(AgreementImportError) as raised:
        import_document(document)

    assert counts() == before, "a refused import saves nothing, not even the signed version without its money"
    messages = raised.value.messages
    assert any(message.startswith(position) for message in messages), messages


def test_the_messages_are_swedish(resurspoolen_document):
    unreadable = copy.deepcopy(resurspoolen_document)
    _money(unreadable)["contributions"][0]["amount"] = "nio hundra tusen"
    with pytest.raises(AgreementImportError) as raised:
        import_document(unreadable)
    assert raised.value.messages == [
        f"{V0}.contributions[0].amount: ska vara ett belopp skrivet som text, t.ex. \u201d933000.00\u201d"
    ]

    _money(resurspoolen_document)["contributions"][1]["kind"] = "gold"
    with pytest.raises(AgreementImportError) as raised:
        import_document(resurspoolen_document)
    assert raised.value.messages == [f"{V0}.contributions[1].kind: Värdet 'gold' är inget giltigt alternativ."]


def test_the_format_holds_every_field_of_the_money():
    """A field added to a money model must be added to the format too, or an export drops it."""
    from finance import exchange as money

    pointers = {"id", "version", "agreement", "party", "recipient", "debtor", "payment", "repayment"}
    not_content = pointers | {"order", "form_token"}  # order: the position in the list; the token: one form's
    tables = [
        (FinanceTerms, money.TERMS_FIELDS),
        (Contribution, money.CONTRIBUTION_FIELDS),
        (Distribution, money.DISTRIBUTION_FIELDS),
        (PeriodAmount, money.PERIOD_AMOUNT_FIELDS),
        (Payment, money.PAYMENT_FIELDS),
        (PaymentCorrection, money.CORRECTION_FIELDS),
        (Repayment, money.REPAYMENT_FIELDS),
        (TrueUp, money.TRUE_UP_FIELDS),
    ]
    for model, fields in tables:
        assert {field.name for field in model._meta.concrete_fields} - not_content == set(fields), model
