"""What needs each role's attention: the items of the start page, each gone once handled."""

import datetime
import itertools
from decimal import Decimal

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agreements import services as agreement_services
from agreements.state import last_notice_day
from agreements.tests.factories import make_agreement
from finance import services as finance_services
from finance.models import ContributionKind
from finance.tests.factories import _sign, add_contribution, refreshed, set_terms
from followup.desk.attention import Kind, items_for
from followup.hours import services
from followup.hours.services import agreement_activities
from followup.meetings import services as meetings
from followup.models import Convener, MeetingKind
from iop.accounts.models import Role
from iop.accounts.tests.factories import UserFactory
from partners.tests.factories import CommitteeFactory, OrganisationFactory

D = datetime.date
TODAY = timezone.localdate()
_numbers = itertools.count(1)


def signed_agreement(
    *,
    committee,
    organisation,
    start,
    end,
    decision_deadline=None,
    notice_months=6,
    money=None,
    payment_months="12",
    hours=False,
    title="Idéburet offentligt partnerskap",
):
    """A signed agreement between the committee and the organisation, with what the test needs."""
    agreement = make_agreement(
        committee=committee,
        title=title,
        partners=[organisation],
        registry_number=f"TN {next(_numbers)}",
        start=start,
        end=end,
        notice_months=notice_months,
        state="draft",
    )
    version = agreement.versions.get()
    if decision_deadline:
        version = refreshed(version)
        agreement_services.version_update(
            by=None, version=version, lock_version=version.lock_version, decision_deadline=decision_deadline
        )
    committee_party, partner = version.parties.order_by("order")
    if money:
        add_contribution(version, committee_party, ContributionKind.MONEY, amount=Decimal(money))
        set_terms(version, payment_months=payment_months)
    if hours:
        version = refreshed(version)
        agreement_services.item_add(
            by=None, version=version, lock_version=version.lock_version, kind="activity", name="Träffpunkt"
        )
        add_contribution(version, partner, ContributionKind.HOURS, hours=Decimal("1000"), hourly_value=Decimal("200"))
    _sign(version, decision=start - datetime.timedelta(days=40), signed=start - datetime.timedelta(days=10))
    return agreement


def running_agreement(committee, organisation, **options):
    """In force since the start of last year, to the end of next year."""
    return signed_agreement(
        committee=committee,
        organisation=organisation,
        start=D(TODAY.year - 1, 1, 1),
        end=D(TODAY.year + 1, 12, 31),
        **options,
    )


def month_of(day, back=0):
    month = day.replace(day=1)
    for _ in range(back):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return month


def log_month(agreement, organisation, reporter, month):
    activity = agreement_activities(agreement).first()
    entry = services.hours_log(
        by=reporter,
        agreement=agreement,
        organisation=organisation,
        activity=activity,
        date=month,
        hours=Decimal("10"),
        volunteers=2,
    )
    return entry.report


def keys(items, kind=None):
    return [item.key for item in items if kind is None or item.kind == kind]


@pytest.fixture
def hours_agreement_x(committee_x, organisation_a):
    return running_agreement(committee_x, organisation_a, hours=True)


# --- Hours ---------------------------------------------------------------------------------------


def test_planner_sees_months_awaiting_approval_of_their_committees_only(
    hours_agreement_x, organisation_a, partner_a, planner, planner_y, administrator
):
    report = log_month(hours_agreement_x, organisation_a, partner_a, month_of(TODAY, back=2))
    services.hours_submit_month(by=partner_a, report=report)

    waiting = [item for item in items_for(planner) if item.kind == Kind.APPROVE]
    assert [item.key for item in waiting] == [f"approve:{report.pk}"]
    assert waiting[0].url == reverse("followup:hours-review")
    assert waiting[0].due == TODAY + datetime.timedelta(days=30) and not waiting[0].overdue
    assert keys(items_for(administrator), Kind.APPROVE) == [f"approve:{report.pk}"]
    assert keys(items_for(planner_y)) == []
    assert keys(items_for(partner_a), Kind.APPROVE) == []

    services.hours_approve_months(by=planner, reports=[report])
    assert keys(items_for(planner), Kind.APPROVE) == []


def test_partner_sees_open_returned_and_unreported_months_of_their_own_organisation(
    hours_agreement_x, organisation_a, partner_a, partner_b, planner
):
    last_month, two_ago, three_ago = month_of(TODAY, 1), month_of(TODAY, 2), month_of(TODAY, 3)
    open_report = log_month(hours_agreement_x, organisation_a, partner_a, three_ago)
    returned = log_month(hours_agreement_x, organisation_a, partner_a, two_ago)
    services.hours_submit_month(by=partner_a, report=returned)
    services.hours_return_month(by=planner, report=returned, comment="Fel aktivitet")

    items = items_for(partner_a)
    submit = [item for item in items if item.kind == Kind.SUBMIT]
    pk = hours_agreement_x.pk
    assert [item.key for item in submit] == [
        f"hours:{pk}:{organisation_a.pk}:{three_ago:%Y-%m}",  # open, overdue
        f"hours:{pk}:{organisation_a.pk}:{last_month:%Y-%m}",  # nothing reported yet, due at the end of this month
    ]
    assert submit[0].overdue and not submit[1].overdue
    assert submit[0].url == reverse("followup:hours-month", args=[pk, organisation_a.pk, f"{three_ago:%Y-%m}"])
    assert [item.key for item in items if item.kind == Kind.RETURNED] == [
        f"returned:{returned.pk}:{timezone.localdate(returned.decided_at)}"
    ]
    assert items_for(partner_b) == []

    services.hours_submit_month(by=partner_a, report=open_report)
    assert f"hours:{pk}:{organisation_a.pk}:{three_ago:%Y-%m}" not in keys(items_for(partner_a))


def test_a_viewer_has_nothing_to_do(hours_agreement_x, viewer):
    assert items_for(viewer) == []


# --- Dates of the agreement --------------------------------------------------------------------


def test_decision_date_last_day_for_notice_and_end_show_as_they_come(committee_x, organisation_a, planner, partner_a):
    end = TODAY + datetime.timedelta(days=200)
    agreement = signed_agreement(
        committee=committee_x,
        organisation=organisation_a,
        start=D(TODAY.year - 2, 1, 1),
        end=end,
        decision_deadline=TODAY + datetime.timedelta(days=60),
        notice_months=6,
    )
    notice_day = last_notice_day(end, 6)
    expected = {
        f"decision:{agreement.pk}:{TODAY + datetime.timedelta(days=60)}",
        f"ending:{agreement.pk}:{end}",
    }
    if 0 <= (notice_day - TODAY).days <= 90:
        expected.add(f"notice:{agreement.pk}:{notice_day}")
    items = items_for(planner)
    assert set(keys(items)) == expected
    assert all(item.url == agreement.get_absolute_url() for item in items)
    # deciding, extending and renewing are the committee's: a partner hears only of the notice
    assert set(keys(items_for(partner_a))) == {key for key in expected if key.startswith("notice:")}

    # a month before the decision is due it is still shown; 100 days before, not yet
    assert f"decision:{agreement.pk}:{TODAY + datetime.timedelta(days=60)}" in keys(
        items_for(planner, today=TODAY + datetime.timedelta(days=30))
    )
    assert not keys(items_for(planner, today=TODAY - datetime.timedelta(days=40)), Kind.DECISION)


def test_a_passed_decision_date_stays_until_a_notice_settles_it(committee_x, organisation_a, planner):
    agreement = signed_agreement(
        committee=committee_x,
        organisation=organisation_a,
        start=D(TODAY.year - 2, 1, 1),
        end=TODAY + datetime.timedelta(days=300),
        decision_deadline=TODAY - datetime.timedelta(days=5),
    )
    decision = [item for item in items_for(planner) if item.kind == Kind.DECISION]
    assert len(decision) == 1 and decision[0].overdue

    party = agreement.versions.get().parties.get(organisation=organisation_a)
    agreement_services.agreement_terminate(by=None, agreement=agreement, party=party, notice_date=TODAY)
    assert items_for(planner) == []


# --- Follow-up -----------------------------------------------------------------------------------


def test_an_overdue_yearly_follow_up_shows_until_the_meeting_is_held(committee_x, organisation_a, planner, partner_a):
    agreement = running_agreement(committee_x, organisation_a)
    meetings.rule_save(
        by=None, agreement=agreement, kind=MeetingKind.FOLLOW_UP, months="12", convened_by=Convener.ADMINISTRATION
    )
    last_year_due = D(TODAY.year - 1, 12, 31)
    key = f"meeting:{agreement.pk}:{MeetingKind.FOLLOW_UP}:{last_year_due}"
    overdue = [item for item in items_for(planner) if item.kind == Kind.MEETING]
    assert [item.key for item in overdue] == [key] and overdue[0].overdue
    assert str(TODAY.year - 1) in overdue[0].title
    assert overdue[0].url == reverse("followup:follow-up", args=[agreement.pk])
    assert keys(items_for(partner_a), Kind.MEETING) == []  # the administration convenes it

    meetings.meeting_save(
        by=None,
        agreement=agreement,
        kind=MeetingKind.FOLLOW_UP,
        date=D(TODAY.year - 1, 11, 3),
        convened_by=Convener.ADMINISTRATION,
    )
    assert keys(items_for(planner), Kind.MEETING) == []


def test_partner_sees_overdue_meetings_the_partners_convene(committee_x, organisation_a, partner_a):
    agreement = running_agreement(committee_x, organisation_a)
    meetings.rule_save(
        by=None, agreement=agreement, kind=MeetingKind.OPERATIONAL, months="6", convened_by=Convener.PARTNERS
    )
    assert keys(items_for(partner_a), Kind.MEETING) == [
        f"meeting:{agreement.pk}:{MeetingKind.OPERATIONAL}:{D(TODAY.year - 1, 6, 30)}",
        f"meeting:{agreement.pk}:{MeetingKind.OPERATIONAL}:{D(TODAY.year, 6, 30)}",
    ]


def test_actions_overdue_for_planners_and_all_their_own_for_partners(
    committee_x, organisation_a, planner, partner_a, partner_b
):
    agreement = running_agreement(committee_x, organisation_a)
    meeting = meetings.meeting_save(
        by=None,
        agreement=agreement,
        kind=MeetingKind.OPERATIONAL,
        date=TODAY - datetime.timedelta(days=60),
        convened_by=Convener.ADMINISTRATION,
    )
    late = meetings.action_item_add(
        by=None,
        meeting=meeting,
        text="Skicka verksamhetsberättelsen",
        owner="Resurspoolen",
        owner_organisation=organisation_a,
        due_date=TODAY - datetime.timedelta(days=3),
    )
    coming = meetings.action_item_add(
        by=None,
        meeting=meeting,
        text="Boka lokal",
        owner="Resurspoolen",
        owner_organisation=organisation_a,
        due_date=TODAY + datetime.timedelta(days=20),
    )
    ours = meetings.action_item_add(
        by=None, meeting=meeting, text="Bjud in nämnden", owner="Förvaltningen", due_date=TODAY - datetime.timedelta(1)
    )
    assert keys(items_for(planner), Kind.ACTION) == [f"action:{late.pk}", f"action:{ours.pk}"]
    assert keys(items_for(partner_a), Kind.ACTION) == [f"action:{late.pk}", f"action:{coming.pk}"]
    assert items_for(partner_b) == []
    item = next(item for item in items_for(partner_a) if item.key == f"action:{late.pk}")
    assert item.overdue and "Skicka verksamhetsberättelsen" in item.title
    assert item.url == reverse("followup:meeting-detail", args=[meeting.pk])

    meetings.action_item_done(by=partner_a, item=late)
    assert keys(items_for(partner_a), Kind.ACTION) == [f"action:{coming.pk}"]


# --- Money ---------------------------------------------------------------------------------------


def test_payments_overdue_or_due_within_30_days_until_paid(committee_x, organisation_a, planner, partner_a):
    agreement = signed_agreement(
        committee=committee_x,
        organisation=organisation_a,
        start=D(2025, 1, 1),
        end=D(2027, 12, 31),
        money="120000",
        payment_months="6,12",
    )
    today = D(2026, 12, 5)
    assert keys(items_for(planner, today=today), Kind.PAYMENT) == [
        f"payment:{agreement.pk}:{organisation_a.pk}:{D(2025, 6, 30)}",
        f"payment:{agreement.pk}:{organisation_a.pk}:{D(2025, 12, 31)}",
        f"payment:{agreement.pk}:{organisation_a.pk}:{D(2026, 6, 30)}",
        f"payment:{agreement.pk}:{organisation_a.pk}:{D(2026, 12, 31)}",  # due in 26 days
    ]
    assert keys(items_for(partner_a, today=today), Kind.PAYMENT) == []  # the committee pays

    # each payment is booked against the instalment of its period (one paid too much does not pay the next)
    for paid_on in (D(2025, 6, 20), D(2025, 12, 20)):
        finance_services.payment_register(
            by=None, agreement=agreement, recipient=organisation_a, date=paid_on, amount=Decimal("60000"), today=today
        )
    remaining = [item for item in items_for(planner, today=today) if item.kind == Kind.PAYMENT]
    assert [item.due for item in remaining] == [D(2026, 6, 30), D(2026, 12, 31)]
    assert [item.overdue for item in remaining] == [True, False]
    assert remaining[0].url == reverse("finance:agreement-finance", args=[agreement.pk])


# --- Cost ----------------------------------------------------------------------------------------


def _busy_agreement(committee, organisation, reporter):
    agreement = running_agreement(committee, organisation, hours=True, money="60000", payment_months="6")
    meetings.rule_save(
        by=None, agreement=agreement, kind=MeetingKind.FOLLOW_UP, months="12", convened_by=Convener.PARTNERS
    )
    meeting = meetings.meeting_save(
        by=None,
        agreement=agreement,
        kind=MeetingKind.OPERATIONAL,
        date=TODAY - datetime.timedelta(days=30),
        convened_by=Convener.ADMINISTRATION,
    )
    meetings.action_item_add(
        by=None,
        meeting=meeting,
        text="Åtgärd",
        owner="Partnern",
        owner_organisation=organisation,
        due_date=TODAY - datetime.timedelta(days=1),
    )
    report = log_month(agreement, organisation, reporter, month_of(TODAY, 2))
    services.hours_submit_month(by=reporter, report=report)
    return agreement


@pytest.mark.parametrize("role", [Role.PLANNER, Role.PARTNER, Role.ADMINISTRATOR])
def test_the_number_of_queries_does_not_grow_with_the_agreements(db, role, django_assert_num_queries):
    committee, organisation = CommitteeFactory(), OrganisationFactory()
    reporter = UserFactory(role=Role.PARTNER, organisations=[organisation])
    user = {
        Role.PLANNER: lambda: UserFactory(role=Role.PLANNER, committees=[committee]),
        Role.PARTNER: lambda: reporter,
        Role.ADMINISTRATOR: lambda: UserFactory(role=Role.ADMINISTRATOR),
    }[role]()
    _busy_agreement(committee, organisation, reporter)
    with CaptureQueriesContext(connection) as one:
        few = items_for(user)
    for _ in range(3):
        _busy_agreement(committee, organisation, reporter)
    with django_assert_num_queries(len(one.captured_queries)):
        many = items_for(user)
    assert len(many) > len(few) > 0


# --- The start page -----------------------------------------------------------------------------


def test_start_page_lists_what_needs_attention_for_each_role(
    client_as, hours_agreement_x, organisation_a, partner_a, planner, viewer, administrator
):
    report = log_month(hours_agreement_x, organisation_a, partner_a, month_of(TODAY, 2))
    services.hours_submit_month(by=partner_a, report=report)
    for user in (planner, partner_a, administrator):
        response = client_as(user).get(reverse("desk:start"))
        page = response.content.decode()
        assert 'id="start-attention"' in page
        items = response.context["attention"]
        assert items and items == items_for(user)
        for item in items:
            assert item.url in page
    response = client_as(viewer).get(reverse("desk:start"))
    assert response.context["attention"] == []
    assert 'id="start-attention"' in response.content.decode()


def test_overdue_items_are_marked_on_the_start_page(client_as, committee_x, organisation_a, planner):
    agreement = running_agreement(committee_x, organisation_a)
    meetings.rule_save(
        by=None, agreement=agreement, kind=MeetingKind.FOLLOW_UP, months="12", convened_by=Convener.ADMINISTRATION
    )
    page = client_as(planner).get(reverse("desk:start")).content.decode()
    assert "badge text-bg-danger" in page


def test_after_an_extension_the_decision_is_asked_for_again_by_the_moved_date(committee_x, planner):
    from agreements.tests.test_everyday_rules import signed_with_deadline

    D = datetime.date
    agreement = signed_with_deadline(
        D(2022, 6, 30), committee=committee_x, start=D(2020, 1, 1), end=D(2022, 12, 31), extension_months=36
    )
    agreement_services.agreement_extend(
        by=None, agreement=agreement, decision_body="Äldrenämnden", decision_date=D(2022, 1, 10), today=D(2022, 1, 15)
    )
    # The extension settled the first decision; the period's new decision date comes up in its time.
    assert not keys(items_for(planner, today=D(2022, 5, 1)), Kind.DECISION)
    assert keys(items_for(planner, today=D(2025, 5, 1)), Kind.DECISION) == [f"decision:{agreement.pk}:2025-06-30"]
