"""The seeds' money, reproduced: scope, shares, indexation, split and payments."""

import datetime
from decimal import Decimal

import pytest

from agreements import services as agreement_services
from finance import figures, series, services
from finance.models import IndexStatus, IndexValue
from finance.tests.factories import money_of, resurspoolen_agreement, stadsmission_agreement

D = datetime.date


@pytest.fixture
def table(db):
    return figures.index_table()


def version_of(agreement):
    return agreement.versions.get()


def test_resurspoolen_scope_is_4_785_000_kr_a_year(table):
    agreement = resurspoolen_agreement()
    version = version_of(agreement)
    base_year = series.year_scope(money_of(agreement), version, 2020, figures.guideline_of(agreement.municipality))
    assert base_year.municipal_money == Decimal("933000")
    assert base_year.partners == Decimal("3852000.00")  # 18 000 h × 214 kr
    assert base_year.total == Decimal("4785000")
    assert base_year.municipal_share == Decimal("0.195")
    assert base_year.outside_guideline  # far from the guideline of about half: a warning


def test_stadsmission_scope_is_4_232_475_kr_a_year(table):
    agreement = stadsmission_agreement()
    version = version_of(agreement)
    first_year = series.year_scope(money_of(agreement), version, 2018)
    assert first_year.total == Decimal("4232475")
    shares = dict((party.name, value) for party, value in figures.party_shares(version))
    assert shares["Omsorgsnämnden"] == Decimal("1800000")
    assert shares["Linköpings stadsmission"] == Decimal("1023800")


def test_resurspoolen_indexation_from_2021_with_the_published_opi(table):
    version = version_of(resurspoolen_agreement())
    rows = figures.indexed_amounts(figures.municipal_base(version), 2021, range(2020, 2025), table)
    assert [row.amount for row in rows] == [
        Decimal("933000"),
        Decimal("946995"),  # × 1,015
        Decimal("964988"),  # × 1,019, rounded to whole kronor each year
        Decimal("1009377"),  # × 1,046: the definitive 2023 value, not the preliminary 3,5 %
        None,  # 2024: no OPI entered yet — not known, never a silent 0 %
    ]
    assert rows[3].index.status == IndexStatus.DEFINITIVE


def test_an_amount_resting_on_a_preliminary_opi_says_so(table, db):
    IndexValue.objects.create(year=2024, percent=Decimal("3.1"), status=IndexStatus.PRELIMINARY, published="2023-12")
    rows = figures.indexed_amounts(Decimal("933000"), 2021, [2024], figures.index_table())
    assert rows[0].amount == Decimal("1040668") and rows[0].preliminary


def test_stadsmission_payments_each_july_split_in_the_first_period(table):
    agreement = stadsmission_agreement()
    money = money_of(agreement, D(2026, 11, 22))
    # three agreement years, July–June: no fourth year 2021
    assert [(period.start, period.end) for period in money.periods] == [
        (D(2018, 7, 1), D(2019, 6, 30)),
        (D(2019, 7, 1), D(2020, 6, 30)),
        (D(2020, 7, 1), D(2021, 6, 30)),
    ]
    first_july = [
        (item.recipient and item.recipient.name, item.amount) for item in money.instalments if item.year == 2018
    ]
    assert first_july == [
        ("Linköpings stadsmission", Decimal("1500000")),
        ("Biståndsorganisationen Hjärta till hjärta", Decimal("300000")),
        ("Linköpings domkyrkopastorat", Decimal("0")),
    ]
    later = [(item.due, item.recipient, item.amount) for item in money.instalments if item.year > 2018]
    # 2019 raised by OPI 2,7 %, 2020 by 3,0 %; no split decided for later periods: not distributed
    assert later == [(D(2019, 7, 31), None, Decimal("1848600")), (D(2020, 7, 31), None, Decimal("1904058"))]
    assert money.total == Decimal("5552658")  # 1 800 000 + 1 848 600 + 1 904 058
    assert money.amount_in_year(2021) == Decimal("0")


def test_payments_are_booked_and_the_rest_is_overdue(table):
    agreement = resurspoolen_agreement()
    organisation = version_of(agreement).parties.get(organisation__isnull=False).organisation
    services.payment_register(
        by=None,
        agreement=agreement,
        recipient=organisation,
        instalment_due=D(2020, 1, 31),
        date=D(2020, 1, 20),
        amount=Decimal("933000"),
        today=D(2021, 2, 15),
    )
    items = money_of(agreement, D(2021, 2, 15)).instalments
    assert [(item.due, item.status) for item in items] == [
        (D(2020, 1, 31), "paid"),
        (D(2021, 1, 31), "overdue"),
        (D(2022, 1, 31), "due"),
    ]


def test_the_definitive_2023_value_gives_a_top_up_only_where_paid_on_the_forecast(db):
    agreement = resurspoolen_agreement()
    agreement_services.agreement_extend(
        by=None, agreement=agreement, decision_body="Äldrenämnden", decision_date=D(2022, 6, 1), today=D(2022, 6, 1)
    )
    assert money_of(agreement, D(2024, 2, 1)).corrections == []  # nothing paid: nothing to true up
    organisation = version_of(agreement).parties.get(organisation__isnull=False).organisation
    services.payment_register(
        by=None,
        agreement=agreement,
        recipient=organisation,
        instalment_due=D(2023, 1, 31),
        date=D(2023, 1, 20),
        amount=Decimal("998763"),  # 964 988 × 1,035: the preliminary OPI of December 2022
        today=D(2023, 2, 1),
    )
    fixes = money_of(agreement, D(2024, 2, 1)).corrections
    assert [(fix.year, fix.paid, fix.definitive, fix.difference) for fix in fixes] == [
        (2023, Decimal("998763"), Decimal("1009377"), Decimal("10614"))  # × 1,046 definitive
    ]


def test_instalments_add_up_to_the_yearly_amount(table):
    from finance.tests.factories import set_terms

    agreement = resurspoolen_agreement(state="draft")
    set_terms(version_of(agreement), indexation_from_year=2021, payment_months="1,4,7,10")
    money = money_of(agreement)
    items = [item for item in money.instalments if item.year == 2020]
    assert len(items) == 4 and sum(item.amount for item in items) == Decimal("933000")


def test_an_amendment_takes_the_money_with_it(db):
    from agreements import services as agreement_services

    agreement = resurspoolen_agreement()
    amendment = agreement_services.agreement_amend(by=None, agreement=agreement, today=D(2021, 6, 1))
    assert figures.municipal_base(amendment) == Decimal("933000")
    assert figures.valued_contributions(amendment, public=False) == Decimal("3852000.00")
    assert amendment.finance_terms.indexation_from_year == 2021


def test_a_split_that_does_not_add_up_is_flagged(db, table):
    agreement = stadsmission_agreement()
    version = version_of(agreement)
    assert [check.adds_up for check in series.split_checks(version, money_of(agreement))] == [True]
    amendment = agreement_services.agreement_amend(by=None, agreement=agreement, today=D(2019, 1, 10))
    row = amendment.distributions.get(amount=Decimal("300000"))
    services.draft_item_remove(by=None, item=row, lock_version=amendment.lock_version)
    checks = series.split_checks(amendment, money_of(agreement, upto=amendment))
    assert [(check.split, check.due, check.adds_up) for check in checks] == [
        (Decimal("1500000"), Decimal("1800000"), False)
    ]
