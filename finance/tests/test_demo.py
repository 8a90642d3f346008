"""The demo money: the seeds' figures on the demo agreements, entered before signing, the
invented payments computed from the index, and loading twice changing nothing."""

import datetime
import re
from decimal import Decimal

import pytest

from django.core.management import call_command
from django.urls import reverse

from agreements import demo as agreements_demo
from agreements.models import Agreement, Status
from finance import demo, figures, series
from finance.models import (
    Contribution,
    ContributionKind,
    Distribution,
    FinanceTerms,
    IndexStatus,
    Payment,
    PeriodKind,
    Repayment,
)
from finance.tests.factories import money_of
from followup.demo import demo_today
from iop.accounts.models import User

D = datetime.date
TODAY = demo_today()


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


def periods(registry_number):
    return [
        (period.start, period.end, period.version.number, period.amount) for period in money(registry_number).periods
    ]


def instalments(registry_number):
    return [
        (item.due, item.recipient.name if item.recipient else None, item.amount, item.paid, item.status)
        for item in money(registry_number).instalments
    ]


def booked(registry_number):
    return [
        (payment.instalment_due, payment.date, payment.amount)
        for payment in Payment.objects.filter(agreement__registry_number=registry_number).order_by("date")
    ]


def finance_page_periods(client, registry_number):
    """The rows of the finance page's period table, as the demo planner reads them:
    (period, whose money, amount)."""
    client.force_login(User.objects.get(username="planerare"))
    agreement = Agreement.objects.get(registry_number=registry_number)
    html = client.get(reverse("finance:agreement-finance", args=[agreement.pk])).content.decode()
    table = html.split('id="years-heading"')[1].split("</table>")[0]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table.split("<tbody>")[1], re.S):
        cells = [
            re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        rows.append(cells)
    return rows


def test_the_money_is_for_the_demo_agreements_by_their_registry_numbers():
    numbers = {agreements_demo.RP_DNR, agreements_demo.SM_DNR, agreements_demo.RENEWAL_DNR, agreements_demo.DRAFT_DNR}
    numbers |= {agreements_demo.MIDYEAR_DNR, agreements_demo.AMENDED_DNR}
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
    # Resurspoolen 3, the renewal 1, Stadsmission 2, the mid-year agreement 3, the amended one 3,
    # and Exempelby's agreement 2.
    assert Payment.objects.count() == 14
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
    assert before["Payment"][0] == 14 and before["Contribution"][0] > 0
    call_command("load_demo")
    assert counts() == before


def test_money_is_added_only_to_drafts_and_the_signed_versions_are_left_alone(loaded):
    before = counts()
    for registry_number in ["ÄN 2019-878", "AN DEMO-1"]:
        demo.add_money(version_of(registry_number))  # signed: nothing to do, and no error
    demo.add_money(version_of("BN DEMO-1"))  # the draft already says what it should
    assert counts() == before


def test_a_missing_demo_agreement_is_skipped_silently(db):
    demo.load(today=TODAY)
    assert counts() == {name: (0, 0) for name in counts()}


# --- The money shapes: agreement years, a mid-year agreement, an amendment from a later year ---

NBSP = "\u00a0"


def sek(amount):
    return f"{amount:,}".replace(",", NBSP) + f"{NBSP}kr"


def test_stadsmission_shows_its_three_agreement_years_paid_each_july(loaded):
    assert version_of("ON 2018-229").finance_terms.period_kind == PeriodKind.AGREEMENT_YEAR
    # Agreement years July–June, no fourth year 2021: 1 800 000; + OPI 2019 2,7 % = 1 848 600;
    # + OPI 2020 3,0 % = 1 904 058 (the seed figures). Each falls due at the end of its July.
    assert periods("ON 2018-229") == [
        (D(2018, 7, 1), D(2019, 6, 30), 1, Decimal("1800000")),
        (D(2019, 7, 1), D(2020, 6, 30), 1, Decimal("1848600")),
        (D(2020, 7, 1), D(2021, 6, 30), 1, Decimal("1904058")),
    ]
    assert money("ON 2018-229").total == Decimal("5552658")  # 1 800 000 + 1 848 600 + 1 904 058
    assert sorted({item.due for item in money("ON 2018-229").instalments}) == [
        D(2018, 7, 31),
        D(2019, 7, 31),
        D(2020, 7, 31),
    ]
    # The first year is split 1 500 000 / 300 000 / 0 and paid on 10 July, booked against its instalment.
    assert booked("ON 2018-229") == [
        (D(2018, 7, 31), D(2018, 7, 10), Decimal("1500000")),
        (D(2018, 7, 31), D(2018, 7, 10), Decimal("300000")),
    ]


def test_stadsmissions_finance_page_shows_three_agreement_years(loaded, client):
    rows = finance_page_periods(client, "ON 2018-229")
    assert [(row[0][:23], row[1], row[4].split(" ")[0]) for row in rows[:-1]] == [
        ("2018-07-01 – 2019-06-30", "version 1", sek(1800000)),
        ("2019-07-01 – 2020-06-30", "version 1", sek(1848600)),
        ("2020-07-01 – 2021-06-30", "version 1", sek(1904058)),
    ]
    assert rows[-1][1].startswith(sek(5552658))  # the committee's money over the whole period


def test_the_invented_mid_year_agreement_is_pro_rated_and_paid_per_instalment(loaded):
    version = version_of(agreements_demo.MIDYEAR_DNR)
    committee_money = version.contributions.get(kind=ContributionKind.MONEY)
    assert committee_money.amount == Decimal("240000") and "påhittat demomaterial" in committee_money.description
    terms = version.finance_terms
    assert (terms.period_kind, terms.months, terms.indexation_from_year) == (PeriodKind.CALENDAR, [1], None)
    # 2024-07-01 – 2026-03-31 in calendar periods: 6/12 × 240 000 = 120 000; a whole 2025;
    # 3/12 × 240 000 = 60 000. Together 420 000 kr over the 21 months.
    assert periods(agreements_demo.MIDYEAR_DNR) == [
        (D(2024, 7, 1), D(2024, 12, 31), 1, Decimal("120000")),
        (D(2025, 1, 1), D(2025, 12, 31), 1, Decimal("240000")),
        (D(2026, 1, 1), D(2026, 3, 31), 1, Decimal("60000")),
    ]
    assert money(agreements_demo.MIDYEAR_DNR).total == Decimal("420000")
    # Paid in January: January 2024 lies before the start, so the first half-year falls due
    # in its first month, 2024-07-31. All three are due before the demo's day, and paid.
    red_cross = "Linköping södra Röda korskrets"
    assert instalments(agreements_demo.MIDYEAR_DNR) == [
        (D(2024, 7, 31), red_cross, Decimal("120000"), Decimal("120000"), "paid"),
        (D(2025, 1, 31), red_cross, Decimal("240000"), Decimal("240000"), "paid"),
        (D(2026, 1, 31), red_cross, Decimal("60000"), Decimal("60000"), "paid"),
    ]
    assert not any(item.retroactive for item in money(agreements_demo.MIDYEAR_DNR).instalments)
    assert booked(agreements_demo.MIDYEAR_DNR) == [
        (D(2024, 7, 31), D(2024, 7, 25), Decimal("120000")),
        (D(2025, 1, 31), D(2025, 1, 25), Decimal("240000")),
        (D(2026, 1, 31), D(2026, 1, 25), Decimal("60000")),
    ]


def test_the_mid_year_agreements_finance_page_shows_the_partial_periods(loaded, client):
    rows = finance_page_periods(client, agreements_demo.MIDYEAR_DNR)
    assert [(row[0][:23], row[1], row[4].split(" ")[0]) for row in rows[:-1]] == [
        ("2024-07-01 – 2024-12-31", "version 1", sek(120000)),
        ("2025-01-01 – 2025-12-31", "version 1", sek(240000)),
        ("2026-01-01 – 2026-03-31", "version 1", sek(60000)),
    ]
    assert "6,00" in rows[0][0] and "3,00" in rows[2][0]  # "part of a period: N months"
    assert rows[-1][1].startswith(sek(420000))


def test_the_invented_amendment_raises_the_money_from_2026_and_leaves_the_paid_years(loaded):
    first, second = Agreement.objects.get(registry_number=agreements_demo.AMENDED_DNR).versions.order_by("number")
    assert first.contributions.get(kind=ContributionKind.MONEY).amount == Decimal("120000")
    assert second.contributions.get(kind=ContributionKind.MONEY).amount == Decimal("150000")
    assert (first.finance_terms.money_from, second.finance_terms.money_from) == (None, D(2026, 1, 1))
    # Calendar years 2024–2027, paid in January, no indexation: version 1's 120 000 for 2024
    # and 2025 (paid before the amendment), version 2's 150 000 from 2026-01-01.
    # Total 120 000 + 120 000 + 150 000 + 150 000 = 540 000 kr.
    assert periods(agreements_demo.AMENDED_DNR) == [
        (D(2024, 1, 1), D(2024, 12, 31), 1, Decimal("120000")),
        (D(2025, 1, 1), D(2025, 12, 31), 1, Decimal("120000")),
        (D(2026, 1, 1), D(2026, 12, 31), 2, Decimal("150000")),
        (D(2027, 1, 1), D(2027, 12, 31), 2, Decimal("150000")),
    ]
    assert money(agreements_demo.AMENDED_DNR).total == Decimal("540000")
    church = "Linköpings domkyrkopastorat"
    # Due before the demo's day (2026-11-22) and paid: 2024, 2025, 2026; 2027 is still to come.
    assert instalments(agreements_demo.AMENDED_DNR) == [
        (D(2024, 1, 31), church, Decimal("120000"), Decimal("120000"), "paid"),
        (D(2025, 1, 31), church, Decimal("120000"), Decimal("120000"), "paid"),
        (D(2026, 1, 31), church, Decimal("150000"), Decimal("150000"), "paid"),
        (D(2027, 1, 31), church, Decimal("150000"), Decimal("0"), "due"),
    ]
    assert booked(agreements_demo.AMENDED_DNR) == [
        (D(2024, 1, 31), D(2024, 1, 20), Decimal("120000")),
        (D(2025, 1, 31), D(2025, 1, 20), Decimal("120000")),
        (D(2026, 1, 31), D(2026, 1, 20), Decimal("150000")),
    ]
    # Version 1's money, as it was signed, would have been 4 × 120 000.
    assert money_of(first.agreement, TODAY, upto=first).total == Decimal("480000")


def test_the_amended_agreements_finance_page_shows_whose_money_each_year_is(loaded, client):
    rows = finance_page_periods(client, agreements_demo.AMENDED_DNR)
    assert [(row[0], row[1], row[4], row[6]) for row in rows[:-1]] == [
        ("2024-01-01 – 2024-12-31", "version 1", sek(120000), sek(120000)),
        ("2025-01-01 – 2025-12-31", "version 1", sek(120000), sek(120000)),
        ("2026-01-01 – 2026-12-31", "version 2", sek(150000), sek(150000)),
        ("2027-01-01 – 2027-12-31", "version 2", sek(150000), f"0{NBSP}kr"),
    ]
    assert rows[-1][1].startswith(sek(540000)) and rows[-1][-1] == sek(390000)  # paid: 120 + 120 + 150 thousand
