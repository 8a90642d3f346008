"""The demo money: the seeds' figures on the demo agreements, entered before signing, the
invented payments computed from the index, and loading twice changing nothing."""

import datetime
from decimal import Decimal

import pytest

from django.core.management import call_command

from agreements import demo as agreements_demo
from agreements.models import Agreement, Status
from finance import demo, figures, series
from finance.models import Contribution, ContributionKind, Distribution, FinanceTerms, IndexStatus, Payment, Repayment
from finance.tests.factories import money_of

D = datetime.date
TODAY = agreements_demo.TODAY


@pytest.fixture
def loaded(db, settings):
    settings.DEBUG = True
    call_command("load_demo")


@pytest.fixture
def table(loaded):
    return figures.index_table()


def version_of(registry_number):
    return Agreement.objects.get(registry_number=registry_number).versions.get()


def money(registry_number):
    return money_of(Agreement.objects.get(registry_number=registry_number), TODAY)


def scope(registry_number, year):
    return series.year_scope(money(registry_number), version_of(registry_number), year)


def payments(registry_number):
    return [
        (payment.recipient.name, payment.date, payment.amount)
        for payment in Payment.objects.filter(agreement__registry_number=registry_number).select_related("recipient")
    ]


def contributions(version):
    return [
        (c.party.name, c.kind, c.yearly_value)
        for c in version.contributions.select_related("party__committee", "party__organisation")
    ]


def kr(text):
    return Decimal(text.removesuffix(" kr").replace(" ", ""))


def test_the_money_is_for_the_demo_agreements_by_their_registry_numbers():
    numbers = {agreements_demo.RP_DNR, agreements_demo.SM_DNR, agreements_demo.RENEWAL_DNR, agreements_demo.DRAFT_DNR}
    numbers |= {spec["registry_number"] for spec in agreements_demo.AN_PARTNERSHIPS}
    assert set(demo.DEMO_MONEY) == numbers


def test_resurspoolen_has_the_seeds_money_and_a_scope_of_4_785_000_kr(table):
    version = version_of("ÄN 2019-878")
    assert version.status == Status.SIGNED  # the money went in while it was a draft
    assert contributions(version) == [
        ("Äldrenämnden", ContributionKind.MONEY, Decimal("933000")),
        ("Resurspoolen", ContributionKind.HOURS, Decimal("3852000")),
        ("Äldrenämnden", ContributionKind.COMMITMENT, None),
    ]
    commitment = version.contributions.get(kind=ContributionKind.COMMITMENT)
    assert commitment.description == "Lokaler i servicehus för Resurspoolens aktiviteter"
    assert (version.finance_terms.indexation_from_year, version.finance_terms.months) == (2021, [1])
    scope = series.year_scope(money("ÄN 2019-878"), version, 2020)
    assert (scope.municipal_money, scope.partners, scope.total) == (
        Decimal("933000"),
        Decimal("3852000"),
        Decimal("4785000"),
    )


def test_stadsmission_has_the_seeds_money_split_and_a_scope_of_4_232_475_kr(table):
    version = version_of("ON 2018-229")
    assert version.status == Status.SIGNED
    assert contributions(version) == [
        ("Omsorgsnämnden", ContributionKind.MONEY, Decimal("1800000")),
        ("Biståndsorganisationen Hjärta till hjärta", ContributionKind.IN_KIND, Decimal("809000")),
        ("Linköpings stadsmission", ContributionKind.IN_KIND, Decimal("1023800")),
        ("Linköpings domkyrkopastorat", ContributionKind.IN_KIND, Decimal("599675")),
    ]
    assert (version.finance_terms.indexation_from_year, version.finance_terms.months) == (2019, [7])
    assert scope("ON 2018-229", 2018).total == Decimal("4232475")
    assert [(d.party.name, d.period_start, d.period_end, d.amount) for d in version.distributions.all()] == [
        ("Linköpings stadsmission", D(2018, 7, 1), D(2019, 6, 30), Decimal("1500000")),
        ("Biståndsorganisationen Hjärta till hjärta", D(2018, 7, 1), D(2019, 6, 30), Decimal("300000")),
        ("Linköpings domkyrkopastorat", D(2018, 7, 1), D(2019, 6, 30), Decimal("0")),
    ]
    assert all(check.adds_up for check in series.split_checks(version, money("ON 2018-229")))


@pytest.mark.parametrize("spec", agreements_demo.AN_PARTNERSHIPS, ids=lambda spec: spec["registry_number"])
def test_the_arbetsmarknad_partnerships_have_the_value_and_cost_of_the_overview_table(table, spec):
    version = version_of(spec["registry_number"])
    assert version.status == Status.SIGNED
    first = scope(spec["registry_number"], 2019)
    assert first.municipal_money == kr(spec["cost"])
    assert first.total == kr(spec["value"])
    partners = {name: value for name, kind, value in contributions(version) if kind == ContributionKind.IN_KIND}
    assert set(partners) == set(spec["partners"])
    # No indexation stated in the document: the same amount each year, paid in January.
    assert (version.finance_terms.indexation_from_year, version.finance_terms.months) == (None, [1])
    assert scope(spec["registry_number"], 2020).municipal_money == kr(spec["cost"])


def test_bromodellens_in_kind_value_is_split_evenly_and_says_so(loaded):
    version = version_of("AN DEMO-3")
    in_kind = version.contributions.filter(kind=ContributionKind.IN_KIND)
    assert [(c.party.name, c.amount) for c in in_kind] == [
        ("Erikshjälpen", Decimal("320600")),
        ("Bilda", Decimal("320600")),
    ]
    assert all("delar lika" in c.description for c in in_kind)
    # The document does not say how the committee's money is shared: not distributed.
    assert not version.distributions.exists()
    items = money("AN DEMO-3").instalments
    assert [(item.year, item.recipient, item.amount) for item in items] == [
        (2019, None, Decimal("1150000")),
        (2020, None, Decimal("1150000")),
    ]


def test_the_renewal_has_the_same_money_from_opi_2024_and_is_marked_invented(table):
    version = version_of("ÄN 2022-DEMO")
    assert version.status == Status.SIGNED
    original = version_of("ÄN 2019-878")
    assert contributions(version) == contributions(original)
    assert all("påhittat demomaterial" in c.description.lower() for c in version.contributions.all())
    assert (version.finance_terms.indexation_from_year, version.finance_terms.months) == (2024, [1])
    assert scope("ÄN 2022-DEMO", 2023).total == Decimal("4785000")
    # 2024 needs an OPI that nobody has entered: not known, and no number invented for it.
    assert scope("ÄN 2022-DEMO", 2024).municipal_money is None


def test_the_draft_has_an_invented_contribution_and_stays_a_draft(loaded):
    version = version_of("BN DEMO-1")
    assert version.status == Status.DRAFT
    money = version.contributions.get(kind=ContributionKind.MONEY)
    assert money.party.name == "Bildningsnämnden" and money.amount > 0
    assert all("påhittat demomaterial" in c.description.lower() for c in version.contributions.all())


def test_resurspoolen_was_paid_the_indexed_amount_each_january(loaded):
    assert payments("ÄN 2019-878") == [
        ("Resurspoolen", D(2020, 1, 15), Decimal("933000")),
        ("Resurspoolen", D(2021, 1, 15), Decimal("946995")),  # + OPI 2021 1,5 %
        ("Resurspoolen", D(2022, 1, 15), Decimal("964988")),  # + OPI 2022 1,9 %
    ]
    items = money("ÄN 2019-878").instalments
    assert [item.status for item in items] == ["paid", "paid", "paid"]


def test_the_renewal_is_paid_only_where_the_amount_is_known(loaded):
    assert payments("ÄN 2022-DEMO") == [("Resurspoolen", D(2023, 1, 15), Decimal("933000"))]
    items = money("ÄN 2022-DEMO").instalments
    assert [(item.year, item.status) for item in items] == [
        (2023, "paid"),
        (2024, "unknown"),
        (2025, "unknown"),
        (2026, "unknown"),
    ]


def test_stadsmission_and_hjarta_till_hjarta_were_paid_in_july_2018(loaded):
    assert payments("ON 2018-229") == [
        ("Linköpings stadsmission", D(2018, 7, 10), Decimal("1500000")),
        ("Biståndsorganisationen Hjärta till hjärta", D(2018, 7, 10), Decimal("300000")),
    ]


def test_later_years_that_nobody_has_split_or_paid_show_as_overdue(loaded):
    items = money("ON 2018-229").instalments
    assert [(item.year, item.recipient is None, item.status) for item in items if item.year > 2018] == [
        (2019, True, "overdue"),
        (2020, True, "overdue"),
    ]


def test_every_payment_is_marked_invented_and_none_lies_after_the_demo_day(loaded):
    assert Payment.objects.count() == 6
    assert set(Payment.objects.values_list("reference", flat=True)) == {demo.PAYMENT_REFERENCE}
    assert not Payment.objects.filter(date__gt=TODAY).exists()


def test_one_settled_repayment_claim_marked_invented(loaded):
    claim = Repayment.objects.get()
    assert claim.agreement.registry_number == "ON 2018-229"
    assert (claim.debtor.name, claim.amount) == ("Biståndsorganisationen Hjärta till hjärta", Decimal("45000"))
    assert "påhittat demoexempel" in claim.reason
    assert claim.claimed_on < claim.settled_on <= TODAY


def test_the_seeded_opi_is_left_as_published(loaded):
    assert not figures.index_table().get(2024)
    assert figures.index_table()[2023].status == IndexStatus.DEFINITIVE


def counts():
    models = (Contribution, FinanceTerms, Distribution, Payment, Repayment)
    return {model.__name__: (model.objects.count(), model.history.count()) for model in models}


def test_loading_twice_changes_nothing(loaded):
    before = counts()
    assert before["Payment"][0] == 6 and before["Contribution"][0] > 0
    call_command("load_demo")
    assert counts() == before


def test_money_is_added_only_to_drafts_and_the_signed_versions_are_left_alone(loaded):
    before = counts()
    for registry_number in ["ÄN 2019-878", "AN DEMO-1"]:
        demo.add_money(version_of(registry_number))  # signed: nothing to do, and no error
    demo.add_money(version_of("BN DEMO-1"))  # the draft already says what it should
    assert counts() == before


def test_a_missing_demo_agreement_is_skipped_silently(db):
    demo.load()
    assert counts() == {name: (0, 0) for name in counts()}
