"""Volunteer hours: every rule, the month's way from open to approved, and the figures."""

import datetime
from decimal import Decimal

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from followup.hours import services
from followup.hours.models import HourEntry, MonthReport, MonthStatus
from followup.hours.progress import entries_of, hours_progress
from followup.hours.services import agreement_activities
from followup.tests.factories import approver_for, hours_agreement, reporter_for
from partners.tests.factories import OrganisationFactory

TODAY = timezone.localdate()
LAST_MONTH = (TODAY.replace(day=1) - datetime.timedelta(days=1)).replace(day=10)


def log(agreement, organisation, by, **overrides):
    fields = {
        "activity": agreement_activities(agreement).first(),
        "date": LAST_MONTH,
        "hours": Decimal("6"),
        "volunteers": 3,
    } | overrides
    return services.hours_log(by=by, agreement=agreement, organisation=organisation, **fields)


def test_a_partner_logs_hours_and_a_month_report_opens(agreement, organisation, reporter):
    entry = log(agreement, organisation, reporter)
    assert entry.report.status == MonthStatus.OPEN and entry.report.month == LAST_MONTH.replace(day=1)
    assert entry.history.first().history_user == reporter


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"hours": Decimal("0")}, "hours"),
        ({"hours": Decimal("-2")}, "hours"),
        ({"hours": Decimal("73"), "volunteers": 3}, "hours"),  # over 24 h per volunteer and day
        ({"volunteers": 0}, "volunteers"),
        ({"date": TODAY + datetime.timedelta(days=1)}, "date"),
        ({"date": datetime.date(TODAY.year - 3, 5, 5)}, "date"),  # before the agreement
    ],
)
def test_bad_hours_are_refused_naming_the_field(agreement, organisation, reporter, overrides, field):
    with pytest.raises(ValidationError) as raised:
        log(agreement, organisation, reporter, **overrides)
    assert field in raised.value.error_dict
    assert not HourEntry.objects.exists()


def test_an_activity_of_another_agreement_is_refused(agreement, organisation, reporter):
    other = hours_agreement(organisation=OrganisationFactory(), registry_number="ÄN 9")
    with pytest.raises(ValidationError) as raised:
        log(agreement, organisation, reporter, activity=agreement_activities(other).first())
    assert "activity" in raised.value.error_dict


def test_a_whole_month_is_one_entry(agreement, organisation, reporter):
    entry = log(agreement, organisation, reporter, whole_month=True, hours=Decimal("1500"), volunteers=100)
    assert entry.date == LAST_MONTH.replace(day=1) and entry.whole_month


def test_a_whole_month_outside_the_period_is_refused_and_one_that_overlaps_it_is_not(db):
    start = datetime.date(TODAY.year - 1, 3, 15)  # mid-month: March is partly in the period
    agreement = hours_agreement(start=start)
    organisation = agreement.versions.get().parties.get(organisation__isnull=False).organisation
    reporter = reporter_for(organisation)
    whole = {"whole_month": True, "hours": Decimal("40"), "volunteers": 2}
    february, march = start.replace(month=2, day=1), start.replace(day=1)

    with pytest.raises(ValidationError) as raised:
        log(agreement, organisation, reporter, date=february, **whole)
    assert raised.value.message_dict["date"] == [gettext("The date is outside the agreement's period.")]
    row = {"activity": agreement_activities(agreement).first(), "date": february, **whole}
    with pytest.raises(services.RowsRefused) as refused:  # the month sheet and the uploads
        services.hours_log_many(by=reporter, agreement=agreement, organisation=organisation, rows=[row])
    assert [(error.row, error.column) for error in refused.value.errors] == [(1, "date")]
    with pytest.raises(ValidationError):  # a day of March before the start
        log(agreement, organisation, reporter, date=march.replace(day=10))
    assert not HourEntry.objects.exists()

    entry = log(agreement, organisation, reporter, date=march.replace(day=20), **whole)
    assert entry.date == march and entry.whole_month


def test_a_partner_reports_only_for_their_own_organisation(agreement, organisation):
    stranger = reporter_for(OrganisationFactory())
    with pytest.raises(ValidationError):
        log(agreement, organisation, stranger)


def test_submitted_and_approved_months_are_locked(agreement, organisation, reporter):
    entry = log(agreement, organisation, reporter)
    services.hours_submit_month(by=reporter, report=entry.report)
    with pytest.raises(ValidationError) as raised:
        log(agreement, organisation, reporter)
    assert raised.value.code == "month_locked"
    with pytest.raises(ValidationError):
        services.hours_delete(by=reporter, entry=entry)
    services.hours_approve_months(by=approver_for(agreement), reports=[MonthReport.objects.get()])
    with pytest.raises(ValidationError):
        log(agreement, organisation, reporter)
    assert HourEntry.objects.count() == 1


def test_a_returned_month_is_corrected_and_submitted_again(agreement, organisation, reporter):
    entry = log(agreement, organisation, reporter)
    services.hours_submit_month(by=reporter, report=entry.report)
    planner = approver_for(agreement)
    with pytest.raises(ValidationError):
        services.hours_return_month(by=planner, report=MonthReport.objects.get(), comment=" ")
    services.hours_return_month(by=planner, report=MonthReport.objects.get(), comment="Dubbelregistrerat den 10:e")
    report = MonthReport.objects.get()
    assert report.status == MonthStatus.RETURNED and report.decided_by == planner
    services.hours_delete(by=reporter, entry=HourEntry.objects.get())
    log(agreement, organisation, reporter, hours=Decimal("4"))
    services.hours_submit_month(by=reporter, report=MonthReport.objects.get())
    assert MonthReport.objects.get().status == MonthStatus.SUBMITTED


def test_only_the_committees_planner_approves(agreement, organisation, reporter, planner_y, viewer):
    entry = log(agreement, organisation, reporter)
    services.hours_submit_month(by=reporter, report=entry.report)
    for outsider in (planner_y, viewer, reporter):
        with pytest.raises(PermissionDenied):
            services.hours_approve_months(by=outsider, reports=[MonthReport.objects.get()])
    assert MonthReport.objects.get().status == MonthStatus.SUBMITTED


def test_many_rows_are_saved_all_or_nothing_with_row_and_column(agreement, organisation, reporter):
    activity = agreement_activities(agreement).first()
    good = {"activity": activity, "date": LAST_MONTH, "hours": Decimal("2"), "volunteers": 1}
    bad = {"activity": activity, "date": LAST_MONTH, "hours": Decimal("30"), "volunteers": 1}
    with pytest.raises(services.RowsRefused) as raised:
        services.hours_log_many(
            by=reporter, agreement=agreement, organisation=organisation, rows=[good, bad, good], first_row=2
        )
    assert [(e.row, e.column) for e in raised.value.errors] == [(3, "hours")]
    assert not HourEntry.objects.exists()
    services.hours_log_many(by=reporter, agreement=agreement, organisation=organisation, rows=[good, good])
    assert HourEntry.objects.count() == 2


def test_progress_adds_up_by_status_activity_and_month(agreement, organisation, reporter):
    first, second = list(agreement_activities(agreement))[:2]
    january = datetime.date(TODAY.year - 1, 1, 15)
    february = datetime.date(TODAY.year - 1, 2, 15)
    e1 = log(agreement, organisation, reporter, activity=first, date=january, hours=Decimal("10"))
    log(agreement, organisation, reporter, activity=second, date=february, hours=Decimal("5"))
    services.hours_submit_month(by=reporter, report=e1.report)
    services.hours_approve_months(by=approver_for(agreement), reports=[MonthReport.objects.get(pk=e1.report.pk)])
    version = agreement.versions.get()
    progress = hours_progress(
        entries=entries_of(agreement),
        year=TODAY.year - 1,
        version=version,
        period=(version.start_date, version.end_date),
    )
    assert (progress.totals.approved, progress.totals.submitted, progress.totals.not_submitted) == (10, 0, 5)
    assert progress.commitment == Decimal("18000") and progress.hourly_value == Decimal("214.00")
    assert progress.approved_value == Decimal("2140")
    assert progress.expected_to_date == Decimal("18000.0")  # the whole of last year is due
    assert {name: tally.total for name, tally in progress.by_activity} == {first.name: 10, second.name: 5}
    assert [month.month for month, _tally in progress.by_month] == [1, 2]


def test_progress_takes_the_same_queries_for_few_and_many_entries(
    agreement, organisation, reporter, django_assert_num_queries
):
    version = agreement.versions.get()
    for count in (2, 40):
        for _ in range(count):
            log(
                agreement,
                organisation,
                reporter,
                date=datetime.date(TODAY.year - 1, 3, 3),
                hours=Decimal("1"),
                volunteers=1,
            )
        with django_assert_num_queries(2):  # the sums (by status, activity and month), the commitment
            hours_progress(
                entries=entries_of(agreement),
                year=TODAY.year - 1,
                version=version,
                period=(version.start_date, version.end_date),
            )


def test_the_month_report_records_who_opened_it(agreement, organisation, reporter):
    entry = log(agreement, organisation, reporter)
    assert entry.report.history.earliest("history_date").history_user == reporter


def test_logged_hours_are_told_in_the_agreements_history_beside_the_follow_up(agreement, organisation, reporter):
    from agreements.timeline import PARTS, agreement_history

    log(agreement, organisation, reporter, hours=Decimal("6"))
    told = " ".join(entry.what for entry in agreement_history(agreement, "follow_up"))
    assert f"{LAST_MONTH:%Y-%m-%d} {agreement_activities(agreement).first()}: 6.0 h" in told
    # Hours and meetings share one part of the history, under one key.
    assert [key for key in PARTS if key not in ("agreement", "money")] == ["follow_up"]


def test_the_value_of_hours_is_in_whole_kronor_at_the_agreed_hourly_value():
    from followup.hours.progress import value_of_hours

    assert value_of_hours(Decimal("12.5"), Decimal("214")) == Decimal("2675")  # 12.5 × 214
    assert value_of_hours(Decimal("1.3"), Decimal("214.40")) == Decimal("279")  # 278.72
    assert value_of_hours(Decimal("10"), None) is None
