"""Hours written from several sessions at the same moment: a month is decided once, the first
hours of a month open one report and are all kept, and no hours slip into a month after it
was submitted. The losers are told why, never a 500 (iop/core/tests/race.py)."""

import datetime
import functools
from decimal import Decimal

import pytest

from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from followup.hours import services
from followup.hours.models import HourEntry, MonthReport, MonthStatus
from followup.hours.services import agreement_activities
from followup.tests.factories import hours_agreement, reporter_for
from iop.accounts.models import Role
from iop.accounts.tests.factories import UserFactory
from iop.core.tests.race import at_once

pytestmark = [pytest.mark.race, pytest.mark.django_db(transaction=True)]

LAST_YEAR = timezone.localdate().year - 1  # within the agreement's period, and past
ROUNDS = 4


@pytest.fixture
def cast():
    """Made inside the test: a race test empties the database after it."""
    agreement = hours_agreement()
    organisation = agreement.versions.get().parties.get(organisation__isnull=False).organisation
    committee = agreement.versions.get().committee
    planners = [
        UserFactory(role=Role.PLANNER, committees=[committee], first_name=name, last_name="Planerare")
        for name in ("Anna", "Bo", "Cecilia", "David")
    ]
    return agreement, organisation, reporter_for(organisation), planners


def log(agreement, organisation, reporter, *, month, day=10, hours=Decimal("2")):
    return services.hours_log(
        by=reporter,
        agreement=agreement,
        organisation=organisation,
        activity=agreement_activities(agreement).first(),
        date=datetime.date(LAST_YEAR, month, day),
        hours=hours,
        volunteers=1,
    )


def submitted(agreement, organisation, reporter, *, month):
    entry = log(agreement, organisation, reporter, month=month)
    return services.hours_submit_month(by=reporter, report=entry.report)


def approve(by, pk):
    return lambda: services.hours_approve_months(by=by, reports=[MonthReport.objects.get(pk=pk)])


def send_back(by, pk):
    return lambda: services.hours_return_month(
        by=by, report=MonthReport.objects.get(pk=pk), comment=f"Rätta, {by.first_name}"
    )


def submit_again(by, pk):
    """Submit the month as read now (another session may have changed it)."""
    return services.hours_submit_month(by=by, report=MonthReport.objects.get(pk=pk))


def post(client, url, data):
    return lambda: client.post(url, data)


def messages_of(response, level):
    return [message.message for message in get_messages(response.wsgi_request) if message.level_tag == level]


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


# --- Approve and return ------------------------------------------------------------------------


def test_approve_and_return_at_once_one_decision_wins_and_the_others_are_told(cast):
    agreement, organisation, reporter, (anna, bo, cecilia, david) = cast
    for month in range(1, ROUNDS + 1):
        report = submitted(agreement, organisation, reporter, month=month)
        outcomes = at_once(
            approve(anna, report.pk), send_back(bo, report.pk), approve(cecilia, report.pk), send_back(david, report.pk)
        )

        winners = [outcome for outcome in outcomes if outcome.ok]
        assert len(winners) == 1, outcomes
        losers = [outcome.error for outcome in outcomes if not outcome.ok]
        assert all(isinstance(error, ValidationError) for error in losers), losers
        assert all(error.code == "already_decided" for error in losers), losers
        final = MonthReport.objects.get(pk=report.pk)
        assert final.status in (MonthStatus.APPROVED, MonthStatus.RETURNED)
        told = (
            _("%(month)s has already been approved by %(user)s.")
            if final.status == MonthStatus.APPROVED
            else _("%(month)s has already been returned by %(user)s.")
        ) % {"month": final, "user": final.decided_by}
        assert [error.messages for error in losers] == [[told]] * 3
        # one decision in the history, by the one who is shown as having taken it
        decisions = final.history.exclude(status__in=(MonthStatus.OPEN, MonthStatus.SUBMITTED))
        assert [(row.status, row.history_user_id) for row in decisions] == [(final.status, final.decided_by_id)]
        if final.status == MonthStatus.RETURNED:
            assert final.comment == f"Rätta, {final.decided_by.first_name}"
        else:
            assert final.comment == ""


def test_approve_and_return_at_once_through_the_pages_the_loser_gets_a_message(cast):
    agreement, organisation, reporter, (anna, bo, _cecilia, _david) = cast
    for month in range(1, ROUNDS + 1):
        report = submitted(agreement, organisation, reporter, month=month)
        approving, returning = client_of(anna), client_of(bo)  # each with only this round's messages
        outcomes = at_once(
            post(approving, reverse("followup:hours-approve"), {"reports": [report.pk]}),
            post(returning, reverse("followup:hours-return", args=[report.pk]), {"comment": "Fel datum"}),
        )
        assert all(outcome.ok for outcome in outcomes), outcomes
        responses = [outcome.result for outcome in outcomes]
        assert [response.status_code for response in responses] == [302, 302]
        final = MonthReport.objects.get(pk=report.pk)
        winner = 0 if final.status == MonthStatus.APPROVED else 1
        assert final.decided_by == (anna, bo)[winner]
        assert messages_of(responses[winner], "success") and not messages_of(responses[winner], "error")
        loser = responses[1 - winner]
        assert not messages_of(loser, "success")
        decided = "godkänts" if final.status == MonthStatus.APPROVED else "återlämnats"
        assert messages_of(loser, "error") == [f"{final} har redan {decided} av {final.decided_by}."]


# --- The first hours of a month ----------------------------------------------------------------


def test_the_first_hours_of_a_month_from_many_sessions_are_all_kept_in_one_report(cast):
    agreement, organisation, reporter, _planners = cast
    activity = agreement_activities(agreement).first()
    sessions = [client_of(reporter) for _ in range(6)]
    for month in range(1, ROUNDS + 1):
        url = reverse("followup:hours-month", args=[agreement.pk, organisation.pk, f"{LAST_YEAR}-{month:02}"])
        entry = {"activity": activity.pk, "hours": "1,5", "volunteers": "1", "place": "", "note": ""}
        outcomes = at_once(
            *(
                post(client, url, entry | {"date": f"{LAST_YEAR}-{month:02}-{day:02}"})
                for day, client in enumerate(sessions, start=1)
            )
        )

        assert all(outcome.ok for outcome in outcomes), outcomes
        assert [outcome.result.status_code for outcome in outcomes] == [302] * len(sessions)
        report = MonthReport.objects.get(agreement=agreement, organisation=organisation, month__month=month)
        assert sorted(entry.date.day for entry in report.entries.all()) == list(range(1, len(sessions) + 1))
    assert MonthReport.objects.count() == ROUNDS
    assert HourEntry.objects.count() == ROUNDS * len(sessions)


def test_the_first_rows_of_a_month_from_many_sheets_are_all_kept_in_one_report(cast):
    agreement, organisation, reporter, _planners = cast
    activity = agreement_activities(agreement).first()

    def rows(month, day):
        row = {
            "activity": activity,
            "date": datetime.date(LAST_YEAR, month, day),
            "hours": Decimal("1"),
            "volunteers": 1,
        }
        # two months at once, the second new for every racer as well
        return lambda: services.hours_log_many(
            by=reporter,
            agreement=agreement,
            organisation=organisation,
            rows=[row, row | {"date": datetime.date(LAST_YEAR, month + 1, day)}],
        )

    for month in range(1, 2 * ROUNDS, 2):
        outcomes = at_once(*(rows(month, day) for day in range(1, 6)))
        assert all(outcome.ok for outcome in outcomes), outcomes
    assert MonthReport.objects.count() == 2 * ROUNDS
    assert all(report.entries.count() == 5 for report in MonthReport.objects.all())


# --- Hours and the month's submission ------------------------------------------------------------


def test_hours_logged_while_the_month_is_submitted_are_in_it_or_refused_never_after(cast):
    agreement, organisation, reporter, _planners = cast
    for month in range(1, ROUNDS + 1):
        report_pk = log(agreement, organisation, reporter, month=month).report.pk
        submit = functools.partial(submit_again, reporter, report_pk)
        add = [functools.partial(log, agreement, organisation, reporter, month=month, day=day) for day in range(11, 15)]
        outcomes = at_once(add[0], add[1], submit, add[2], add[3])

        assert outcomes[2].ok, outcomes
        for outcome in outcomes[:2] + outcomes[3:]:
            assert outcome.ok or outcome.error.code == "month_locked", outcomes
        report = MonthReport.objects.get(pk=report_pk)
        assert report.status == MonthStatus.SUBMITTED
        logged = [outcome.result for outcome in outcomes if outcome.ok and isinstance(outcome.result, HourEntry)]
        assert report.entries.count() == 1 + len(logged)
        # every entry of the month was saved before the month was handed in
        for entry in report.entries.all():
            assert entry.history.earliest("history_date").history_date <= report.submitted_at
