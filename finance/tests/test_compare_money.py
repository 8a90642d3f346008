"""The comparison of two versions shows the money side by side with the text: the
contributions, the terms (with the date from which an amendment's money applies), the
split and the stated period amounts."""

import datetime
from decimal import Decimal

import pytest

from django.urls import reverse

from agreements import services as agreement_services
from agreements.compare import compare_versions
from agreements.models import AgreementVersion
from finance import services
from finance.models import PeriodKind
from finance.tests.factories import resurspoolen_agreement, set_terms, stadsmission_agreement

D = datetime.date
NBSP = "\u00a0"


def kr(text):
    return text.replace(" ", NBSP)


def fresh(version):
    return AgreementVersion.objects.get(pk=version.pk)


@pytest.fixture
def raised(db):
    """Version 1 of ÄN 2019-878 (933 000 kr a year) and an amendment that raises the
    committee's money to 1 000 000 kr from 2022-01-01."""
    agreement = resurspoolen_agreement()
    first = agreement.versions.get()
    amendment = agreement_services.agreement_amend(by=None, agreement=agreement, today=D(2021, 6, 1))
    services.contribution_update(
        by=None,
        contribution=amendment.contributions.get(kind="money"),
        lock_version=amendment.lock_version,
        amount=Decimal("1000000"),
    )
    set_terms(amendment, indexation_from_year=2021, payment_months="1", money_from=D(2022, 1, 1))
    return first, fresh(amendment)


def money_sections(changes):
    return {change.key: change for change in changes if change.key.startswith("money:")}


def test_the_comparison_puts_the_old_and_new_money_and_terms_side_by_side(raised):
    first, amendment = raised

    sections = money_sections(compare_versions(fresh(first), fresh(amendment)))

    assert list(sections) == ["money:contributions", "money:terms"]
    contributions, terms = sections.values()
    assert (contributions.title, contributions.kind) == ("Insatser", "changed")
    assert [(row.label, row.old, row.new, row.changed) for row in contributions.rows] == [
        ("Äldrenämnden: Pengar", kr("933 000 kr"), kr("1 000 000 kr"), True),
        (
            "Resurspoolen: Ideellt arbetade timmar (värderade)",
            f"{kr('18 000 h')} × {kr('214 kr')} = {kr('3 852 000 kr')}",
            f"{kr('18 000 h')} × {kr('214 kr')} = {kr('3 852 000 kr')}",
            False,
        ),
        ("Äldrenämnden: Åtagande utan värde", "Lokaler i servicehus", "Lokaler i servicehus", False),
    ]
    assert (terms.title, terms.kind) == ("Ekonomiska villkor", "changed")
    calendar = str(PeriodKind.CALENDAR.label)
    assert [(row.old, row.new, row.changed) for row in terms.rows] == [
        (calendar, calendar, False),
        ("2021", "2021", False),
        ("1", "1", False),
        ("–", "2022-01-01", True),
    ]
    assert [str(row.label) for row in terms.rows[1:3]] == [
        "Uppräkning enligt OPI från och med år",
        "Utbetalningsmånader",
    ]


def test_unchanged_money_shows_no_money_section(raised):
    first, amendment = raised
    assert money_sections(compare_versions(fresh(first), fresh(first))) == {}


def test_the_split_and_a_stated_period_amount_are_compared_too(db):
    agreement = stadsmission_agreement()
    first = agreement.versions.get()
    amendment = agreement_services.agreement_amend(by=None, agreement=agreement, today=D(2019, 1, 10))
    hjarta = amendment.distributions.get(amount=Decimal("300000"))
    services.draft_item_remove(by=None, item=hjarta, lock_version=amendment.lock_version)
    set_terms(
        amendment, indexation_from_year=2019, payment_months="7", period_kind="agreement_year", money_from=D(2020, 7, 1)
    )
    amendment.refresh_from_db()
    services.period_amount_save(
        by=None, version=amendment, lock_version=amendment.lock_version, period_start=D(2020, 7, 1), amount=Decimal("1")
    )
    sections = money_sections(compare_versions(fresh(first), fresh(amendment)))

    assert list(sections) == ["money:terms", "money:distributions", "money:period_amounts"]
    _terms, split, stated = sections.values()
    assert [(row.label, row.old, row.new) for row in split.rows if row.changed] == [
        ("Biståndsorganisationen Hjärta till hjärta, 2018-07-01 – 2019-06-30", kr("300 000 kr"), "–")
    ]
    assert (stated.kind, [(row.label, row.old, row.new) for row in stated.rows]) == (
        "added",
        [("2020-07-01", "–", "1 kr".replace(" ", NBSP))],
    )


def test_comparing_money_costs_a_fixed_number_of_queries(raised, django_assert_num_queries):
    """The text's queries and one per kind of money row, however many rows there are."""
    first, amendment = raised
    old, new = fresh(first), fresh(amendment)
    with django_assert_num_queries(12):
        compare_versions(old, new)
    for number in range(4):
        services.contribution_add(
            by=None,
            version=amendment,
            lock_version=fresh(amendment).lock_version,
            party=amendment.parties.get(organisation__isnull=False),
            kind="in_kind",
            amount=Decimal(number + 1),
        )
    old, new = fresh(first), fresh(amendment)
    with django_assert_num_queries(12):
        changes = compare_versions(old, new)
    assert len(money_sections(changes)["money:contributions"].rows) == 7


def test_a_planner_sees_the_money_change_on_the_comparison_page(raised, client_as, planner):
    first, amendment = raised

    response = client_as(planner).get(
        reverse("agreements:version-compare", args=[first.agreement_id]), {"from": 1, "to": 2}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert '<th scope="col">Version 1</th>' in html and '<th scope="col">Version 2</th>' in html
    old, new = kr("933 000 kr"), kr("1 000 000 kr")
    assert f"<del>{old}</del>" in html and f"<ins>{new}</ins>" in html
    assert html.index(f"<del>{old}</del>") < html.index(f"<ins>{new}</ins>")
    assert "<ins>2022-01-01</ins>" in html
    assert "Insatser" in html
