"""The start page's attention list scales: grouped by agreement, overdue first, one line per
kind with a count; each kind only for those who can act on it; a missing OPI flagged to the
administrators; a true-up linked to where it is acted on."""

import datetime
from decimal import Decimal

from django.urls import reverse

from finance.models import IndexStatus, IndexValue
from finance.tests.factories import money_agreement
from finance.tests.test_true_up_readers import TODAY as TRUE_UP_TODAY
from finance.tests.test_true_up_readers import paid_on_forecast  # noqa: F401, F811 (a fixture)
from followup.desk.attention import Kind, grouped, items_for
from followup.desk.tests.test_attention import TODAY, keys, signed_agreement
from followup.meetings import services as meetings
from followup.models import Convener, MeetingKind

D = datetime.date
LONG_TITLE = "Samverkan kring träffpunkter, promenadgrupper och stöd till anhöriga i hela kommunen 2024–2027 med option"


def _quarterly_meetings(agreement):
    meetings.rule_save(
        by=None,
        agreement=agreement,
        kind=MeetingKind.OPERATIONAL,
        months="3,6,9,12",
        convened_by=Convener.ADMINISTRATION,
    )


def test_an_agreement_entered_after_the_fact_gives_one_line_for_its_eleven_overdue_meetings(
    committee_x, organisation_a, planner
):
    agreement = signed_agreement(
        committee=committee_x, organisation=organisation_a, start=D(2024, 1, 1), end=D(2027, 12, 31), title=LONG_TITLE
    )
    _quarterly_meetings(agreement)
    today = D(2026, 12, 5)  # 2024: 4 quarters, 2025: 4, 2026: March, June, September = 11
    items = items_for(planner, today=today)
    assert len(keys(items, Kind.MEETING)) == 11

    (group,) = grouped(items)
    assert group.title == str(agreement) and group.url == agreement.get_absolute_url()
    (line,) = [line for line in group.lines if line.kind == Kind.MEETING]
    assert (line.count, line.overdue_count, line.due) == (11, 11, D(2024, 3, 31))
    assert line.text == "11 uppföljningsmöten försenade"
    assert line.url == reverse("followup:follow-up", args=[agreement.pk])


def test_one_item_of_a_kind_says_what_to_do_without_repeating_the_agreement(committee_x, organisation_a, planner):
    agreement = signed_agreement(
        committee=committee_x, organisation=organisation_a, start=D(2024, 1, 1), end=D(2027, 12, 31), title=LONG_TITLE
    )
    _quarterly_meetings(agreement)
    (group,) = grouped(items_for(planner, today=D(2024, 4, 5)))
    (line,) = group.lines
    assert line.count == 1 and line.text.endswith(" inte genomfört")
    assert LONG_TITLE not in line.text and line.due == D(2024, 3, 31) and line.overdue


def test_the_start_page_names_each_agreement_once_and_counts_its_lines(client_as, committee_x, organisation_a, planner):
    agreement = signed_agreement(
        committee=committee_x,
        organisation=organisation_a,
        start=D(TODAY.year - 3, 1, 1),
        end=D(TODAY.year + 1, 12, 31),
        title=LONG_TITLE,
    )
    _quarterly_meetings(agreement)
    count = len(keys(items_for(planner), Kind.MEETING))
    assert count >= 12  # three whole years of quarters have passed

    page = client_as(planner).get(reverse("desk:start")).content.decode()
    attention = page[page.index('id="start-attention"') : page.index("</section>", page.index('id="start-attention"'))]
    assert attention.count(LONG_TITLE) == 2  # the group's heading: its text and its tooltip
    assert f"{count} uppföljningsmöten försenade" in attention
    assert "badge text-bg-danger" in attention


def test_overdue_groups_come_before_those_only_coming(committee_x, organisation_a, planner):
    today = D(2026, 12, 5)
    calm = signed_agreement(
        committee=committee_x,
        organisation=organisation_a,
        start=D(2024, 1, 1),
        end=D(2027, 6, 30),  # its end (within 12 months) is the only item, not overdue
        title="Aaa lugn överenskommelse",
    )
    late = signed_agreement(
        committee=committee_x, organisation=organisation_a, start=D(2024, 1, 1), end=D(2028, 12, 31), title="Zzz sen"
    )
    meetings.rule_save(
        by=None, agreement=late, kind=MeetingKind.FOLLOW_UP, months="12", convened_by=Convener.ADMINISTRATION
    )
    groups = grouped(items_for(planner, today=today))
    assert [group.title for group in groups] == [str(late), str(calm)]
    assert [group.overdue for group in groups] == [True, False]
    (late_line,) = groups[0].lines
    assert late_line.text == "2 uppföljningsmöten försenade"  # 2024 and 2025 not held


def test_a_partner_is_told_the_last_day_for_notice_but_not_to_decide_extend_or_renew(
    committee_x, organisation_a, planner, partner_a
):
    today = D(2026, 12, 5)
    end = D(2027, 6, 30)  # six months' notice: the last day 2026-12-31, within 90 days
    agreement = signed_agreement(
        committee=committee_x,
        organisation=organisation_a,
        start=D(2024, 1, 1),
        end=end,
        decision_deadline=D(2027, 1, 31),
        money="120000",
        payment_months="12",
    )
    planner_kinds = {item.kind for item in items_for(planner, today=today)}
    assert {Kind.DECISION, Kind.NOTICE, Kind.ENDING, Kind.PAYMENT} <= planner_kinds
    partner_items = items_for(partner_a, today=today)
    assert [item.kind for item in partner_items] == [Kind.NOTICE]
    assert partner_items[0].label == "Sista dag för uppsägning" and partner_items[0].agreement == agreement


# --- A missing OPI --------------------------------------------------------------------------------


def _indexed_agreement(committee, organisation, registry_number):
    """120 000 kr a year, paid each January, raised by the OPI from 2024."""
    return money_agreement(
        start=D(2023, 1, 1),
        end=D(2025, 12, 31),
        yearly="120000",
        payment_months="1",
        indexation_from_year=2024,
        committee=committee,
        organisation=organisation,
        registry_number=registry_number,
    )


def test_a_missing_opi_that_blocks_payments_is_one_line_per_year_for_administrators_only(
    db, committee_x, organisation_a, planner, administrator, client_as
):
    IndexValue.objects.filter(year__gte=2024).delete()
    first = _indexed_agreement(committee_x, organisation_a, "XN 2029-1")
    _indexed_agreement(committee_x, organisation_a, "XN 2029-2")
    today = D(2024, 1, 10)  # the January 2024 instalments (due 2024-01-31) have no amount without the 2024 OPI

    index_items = [item for item in items_for(administrator, today=today) if item.kind == Kind.INDEX]
    assert [(item.key, item.due, item.overdue) for item in index_items] == [("index:2024", D(2024, 1, 31), False)]
    assert index_items[0].url == reverse("finance:index-list")
    assert index_items[0].title == "Ange OPI för 2024: beloppen för 2 överenskommelser väntar på det"
    assert keys(items_for(planner, today=today), Kind.INDEX) == []  # planners cannot enter it
    # 2025 is far off: not flagged yet; in February 2024 the instalment is overdue for want of it
    later = [item for item in items_for(administrator, today=D(2024, 2, 10)) if item.kind == Kind.INDEX]
    assert [(item.key, item.overdue) for item in later] == [("index:2024", True)]

    groups = grouped(items_for(administrator, today=today))
    (index_group,) = [group for group in groups if group.url == reverse("finance:index-list")]
    assert index_group.title == "Indexvärden (OPI)" and len(index_group.lines) == 1

    IndexValue.objects.create(year=2024, percent=Decimal("3.0"), status=IndexStatus.PRELIMINARY, published="2023-10")
    assert keys(items_for(administrator, today=today), Kind.INDEX) == []
    # the amount is known now: the instalment is to pay (123 600 kr, in January)
    payments = [item for item in items_for(administrator, today=today) if item.agreement == first]
    assert [(item.kind, item.due) for item in payments] == [
        (Kind.PAYMENT, D(2023, 1, 31)),  # 120 000 kr, never paid
        (Kind.PAYMENT, D(2024, 1, 31)),
    ]
    assert "123\xa0600\xa0kr" in payments[1].title  # 120 000 raised by 3,0 %


def test_missing_years_are_one_line_each(db, committee_x, organisation_a, administrator):
    IndexValue.objects.filter(year__gte=2024).delete()
    _indexed_agreement(committee_x, organisation_a, "XN 2029-1")
    # in January 2025 neither 2024 nor 2025 has its OPI: the 2024 instalment waits for the
    # first, the 2025 one for both
    items = [item for item in items_for(administrator, today=D(2025, 1, 10)) if item.kind == Kind.INDEX]
    assert [(item.key, item.due) for item in items] == [("index:2024", D(2024, 1, 31)), ("index:2025", D(2025, 1, 31))]
    (group,) = [group for group in grouped(items) if group.title == "Indexvärden (OPI)"]
    assert [line.count for line in group.lines] == [1, 1]


def test_a_true_up_links_to_where_it_is_acted_on(paid_on_forecast, planner, client_as):  # noqa: F811
    agreement = paid_on_forecast
    today = TRUE_UP_TODAY
    (item,) = [item for item in items_for(planner, today=today) if item.kind == Kind.TRUE_UP]
    target = reverse("finance:agreement-finance", args=[agreement.pk]) + "#corrections-heading"
    assert item.url == target
    assert item.label == "Efterreglering: kräv tillbaka 1\xa0500\xa0kr från Resurspoolen för delbetalningen 2023-01-31"
    # the finance page there offers the button that records it
    page = client_as(planner).get(target).content.decode()
    assert 'id="corrections-heading"' in page and reverse("finance:true-up-record", args=[agreement.pk]) in page
