"""Writes to volunteer hours: logging, the month sheet, submission and approval.

Every rule is checked here, whichever way the hours come in (a form, the month sheet,
an uploaded file): hours > 0, at most 24 hours per volunteer and day, a date within the
agreement's period and not in the future, an activity of the agreement, and nothing
changes in a month that has been submitted or approved.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from simple_history.utils import bulk_create_with_history

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Activity, Agreement
from agreements.state import state
from followup.hours import signals
from followup.hours.models import EDITABLE, HourEntry, MonthReport, MonthStatus
from iop.accounts import access
from iop.accounts.models import User
from iop.core.dates import first_of_month, month_end
from iop.core.services import locked, require, validated_save
from partners.models import Organisation


def agreement_activities(agreement: Agreement) -> QuerySet[Activity]:
    """The activities hours can be logged against: those of the version in force (or the
    one being drafted, before any is signed)."""
    version = state(agreement).shown
    return Activity.objects.filter(version=version) if version else Activity.objects.none()


@dataclass
class _Terms:
    """What every entry of one organisation under one agreement is checked against: read
    once, so that many rows cost no more queries than one."""

    start: datetime.date | None
    end: datetime.date | None
    activity_ids: set
    is_party: bool
    today: datetime.date


def _terms(*, agreement, organisation, today) -> _Terms:
    current = state(agreement, today)
    # agreement_activities(), without reading the state again: the shown version is the same any day
    activities = Activity.objects.filter(version=current.shown) if current.shown else Activity.objects.none()
    return _Terms(
        start=current.start,
        end=current.end,
        activity_ids=set(activities.values_list("pk", flat=True)),
        is_party=agreement.versions.filter(parties__organisation=organisation).exists(),
        today=today,
    )


def _entry_errors(terms, *, activity, date, whole_month, hours, volunteers) -> dict:
    """The rules of one entry, in Python: {field: message}, empty when it may be logged."""
    errors = {}
    if hours is None or hours <= 0:
        errors["hours"] = _("Hours must be more than 0.")
    if volunteers is None or volunteers < 1:
        errors["volunteers"] = _("At least one volunteer.")
    if date is None:  # a caller that could not read the date; hours_log always has one
        errors["date"] = _("This field is required.")
    elif hours and volunteers and hours > 0 and volunteers >= 1:
        days = month_end(date).day if whole_month else 1
        if hours > 24 * volunteers * days:
            errors["hours"] = (
                _("More hours than %(volunteers)s volunteers can give in a month.")
                if whole_month
                else _("More than 24 hours per volunteer in a day.")
            ) % {"volunteers": volunteers}
    if date is not None:
        start, end = terms.start, terms.end
        if whole_month:  # the month must overlap the period
            last = month_end(date)
            within = start is not None and end is not None and date <= end and last >= start
        else:
            within = start is not None and end is not None and start <= date <= end
        if date > terms.today:
            errors["date"] = _("Hours cannot be reported for a day that has not come yet.")
        elif not within:
            errors["date"] = _("The date is outside the agreement's period.")
    if activity is None or activity.pk not in terms.activity_ids:
        errors["activity"] = _("Choose one of the agreement's activities.")
    if not terms.is_party:
        errors["organisation"] = _("The organisation is not a party of the agreement.")
    return errors


def _check_entry(*, agreement, organisation, activity, date, whole_month, hours, volunteers, today):
    terms = _terms(agreement=agreement, organisation=organisation, today=today)
    errors = _entry_errors(
        terms, activity=activity, date=date, whole_month=whole_month, hours=hours, volunteers=volunteers
    )
    if errors:
        raise ValidationError(errors)


def _locked(report) -> ValidationError:
    return ValidationError(
        _("%(month)s has been %(status)s and can no longer be changed.")
        % {"month": report.month.strftime("%Y-%m"), "status": report.get_status_display().lower()},
        code="month_locked",
    )


def _month_report(*, agreement, organisation, month, by):
    """The month's report, locked; opened (and recorded as opened by `by`) on its first hours.

    Sessions logging a month's first hours at the same moment all find no report and try to
    open one: the database lets one insert it (one report per month), the others take that
    one. The insert runs in a savepoint, so that a refused one leaves the request's
    transaction usable."""
    lookup = {"agreement": agreement, "organisation": organisation, "month": month}
    for _attempt in range(2):
        report = MonthReport.objects.select_for_update().filter(**lookup).first()
        if report is not None:
            return report
        report = MonthReport(**lookup)
        # Only the database sees a report another session is inserting right now.
        report.full_clean(validate_constraints=False)
        report._history_user = by
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:
            continue  # opened by another session meanwhile: read and lock theirs
        return report
    raise ValidationError(
        _("The month was being opened by someone else at the same moment. Try again."), code="month_busy"
    )


def _open_report(*, agreement, organisation, month, by=None):
    """The month's report, locked and still editable, opened on its first hours."""
    report = _month_report(agreement=agreement, organisation=organisation, month=month, by=by)
    if report.status not in EDITABLE:
        raise _locked(report)
    return report


@transaction.atomic
def hours_log(
    *,
    by: User | None,
    agreement: Agreement,
    organisation: Organisation,
    activity: Activity,
    date: datetime.date,
    hours: Decimal,
    volunteers: int,
    whole_month: bool = False,
    place: str = "",
    note: str = "",
    today: datetime.date | None = None,
) -> HourEntry:
    """Log hours for a day, or for a whole month (date: any day of it)."""
    require(by, access.CREATE, HourEntry)
    if by is not None and not access.is_administrator(by) and not by.organisations.filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation": _("You report for your own organisation only.")})
    today = today or timezone.localdate()
    if whole_month:
        date = first_of_month(date)
    _check_entry(
        agreement=agreement,
        organisation=organisation,
        activity=activity,
        date=date,
        whole_month=whole_month,
        hours=hours,
        volunteers=volunteers,
        today=today,
    )
    report = _open_report(agreement=agreement, organisation=organisation, month=first_of_month(date), by=by)
    entry = HourEntry(
        report=report,
        activity=activity,
        date=date,
        whole_month=whole_month,
        hours=hours,
        volunteers=volunteers,
        place=place,
        note=note,
        created_by=by,
    )
    return validated_save(entry, by=by)


@transaction.atomic
def hours_delete(*, by: User | None, entry: HourEntry) -> None:
    require(by, access.CHANGE, entry)
    if locked(entry.report).status not in EDITABLE:
        raise _locked(entry.report)
    entry._history_user = by
    entry.delete()


@dataclass
class RowError:
    row: int  # 1-based, as a spreadsheet counts (the header is row 1 in a file)
    column: str
    message: str


class RowsRefused(Exception):
    """Some rows were wrong: nothing was saved. `errors` says row, column and why."""

    def __init__(self, errors):
        super().__init__(f"{len(errors)} rows refused")
        self.errors = errors


def _entry_fields(*, activity, date, hours, volunteers, whole_month=False, place="", note=""):
    """The keyword arguments of hours_log that make an entry (a row of hours_log_many)."""
    return {
        "activity": activity,
        "date": first_of_month(date) if whole_month and date is not None else date,
        "whole_month": whole_month,
        "hours": hours,
        "volunteers": volunteers,
        "place": place,
        "note": note,
    }


# The model's own checks (decimal places, lengths, ranges) without the foreign keys,
# whose check would cost a query per row; the rules above cover the activity.
_NOT_CLEANED = ["report", "activity", "created_by"]


@transaction.atomic
def hours_log_many(
    *,
    by: User | None,
    agreement: Agreement,
    organisation: Organisation,
    rows: Iterable[dict[str, Any]],
    first_row: int = 1,
    today: datetime.date | None = None,
    check_only: bool = False,
) -> list[HourEntry]:
    """Log many entries in one go (the month sheet, an uploaded file): all or nothing.

    rows: dicts with the keyword arguments of hours_log (activity, date, hours, volunteers,
    whole_month, place, note); a row may carry its number under "row" (a file's row, when
    rows in between were left out), else rows are numbered from first_row.

    The rules and messages are those of hours_log, checked in Python: what is the same for
    every row (the access, the party, the agreement's period and activities) is read once,
    the month reports once, and the entries are inserted in bulk with their history, so
    10 000 rows cost a handful of queries. Any error raises RowsRefused and saves nothing.
    check_only: check every row and save nothing (a preview); the errors are the same.
    """
    if not rows:
        return []
    require(by, access.CREATE, HourEntry)
    today = today or timezone.localdate()
    numbered = [
        (row.get("row", number), _entry_fields(**{key: value for key, value in row.items() if key != "row"}))
        for number, row in enumerate(rows, start=first_row)
    ]
    if by is not None and not access.is_administrator(by) and not by.organisations.filter(pk=organisation.pk).exists():
        message = _("You report for your own organisation only.")
        raise RowsRefused([RowError(number, "organisation", message) for number, _fields in numbered])

    terms = _terms(agreement=agreement, organisation=organisation, today=today)
    months = {first_of_month(fields["date"]) for _number, fields in numbered if fields["date"] is not None}
    existing = MonthReport.objects.filter(agreement=agreement, organisation=organisation, month__in=months)
    if not check_only:  # locked, in one order, so that no month is submitted while its rows are added
        existing = existing.select_for_update().order_by("pk")
    reports = {report.month: report for report in existing}
    entries, errors = [], []
    for number, fields in numbered:
        details = _entry_errors(
            terms,
            **{key: fields[key] for key in ("activity", "date", "whole_month", "hours", "volunteers")},
        )
        if not details:
            report = reports.get(first_of_month(fields["date"]))
            if report is not None and report.status not in EDITABLE:
                details = {"": _locked(report).messages}
        if not details:
            entry = HourEntry(**fields, created_by=by)
            try:
                entry.full_clean(exclude=_NOT_CLEANED, validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                details = error.message_dict
            else:
                entries.append(entry)
        for column, messages in details.items():
            messages = [messages] if isinstance(messages, str) else messages
            errors.extend(RowError(number, column, message) for message in messages)
    if errors:
        raise RowsRefused(errors)
    if check_only:
        return entries
    for month in sorted({first_of_month(entry.date) for entry in entries} - reports.keys()):
        try:
            reports[month] = _open_report(agreement=agreement, organisation=organisation, month=month, by=by)
        except ValidationError as error:  # the month was created and locked meanwhile
            refused = [number for number, fields in numbered if first_of_month(fields["date"]) == month]
            raise RowsRefused([RowError(number, "", error.messages[0]) for number in refused]) from error
    for entry in entries:
        entry.report = reports[first_of_month(entry.date)]
        entry._history_user = by  # as validated_save records it
    return bulk_create_with_history(entries, HourEntry, default_user=by)


def _who(user):
    return str(user) if user is not None else _("someone else")


def _decided(report) -> ValidationError:
    """What a planner is told whose decision came second: the month was decided meanwhile."""
    if report.status == MonthStatus.APPROVED:
        message = _("%(month)s has already been approved by %(user)s.")
    else:
        message = _("%(month)s has already been returned by %(user)s.")
    return ValidationError(message % {"month": report, "user": _who(report.decided_by)}, code="already_decided")


@transaction.atomic
def hours_submit_month(*, by: User | None, report: MonthReport) -> MonthReport:
    """The partner hands in a month for approval."""
    require(by, access.CHANGE, report)
    locked(report)  # no hours are added to the month while it is handed in
    if report.status == MonthStatus.APPROVED:
        raise _decided(report)
    if report.status not in EDITABLE:
        raise ValidationError(
            _("%(month)s has already been submitted by %(user)s.")
            % {"month": report, "user": _who(report.submitted_by)},
            code="submitted_twice",
        )
    if not report.entries.exists():
        raise ValidationError(_("There are no hours to submit for the month."), code="empty")
    report.status = MonthStatus.SUBMITTED
    report.submitted_by, report.submitted_at = by, timezone.now()
    validated_save(report, by=by)
    signals.month_submitted.send(sender=MonthReport, report=report, by=by)
    return report


def _check_submitted(report, refusal):
    """A decision applies only to a month still submitted: one decided meanwhile is refused."""
    if report.status in (MonthStatus.APPROVED, MonthStatus.RETURNED):
        raise _decided(report)
    if report.status != MonthStatus.SUBMITTED:
        raise ValidationError(refusal, code="not_submitted")


@transaction.atomic
def hours_approve_months(*, by: User | None, reports: Iterable[MonthReport]) -> list[MonthReport]:
    """A planner approves submitted months, one or many at once; approved months lock."""
    for report in reports:
        require(by, access.APPROVE, report)
    # Locked in one order, so that planners deciding on the same months wait rather than deadlock.
    for report in sorted(reports, key=lambda report: report.pk):
        locked(report)
    done = []
    for report in reports:
        _check_submitted(report, _("Only submitted months can be approved: %(month)s.") % {"month": report})
        report.status = MonthStatus.APPROVED
        report.decided_by, report.decided_at = by, timezone.now()
        done.append(validated_save(report, by=by))
    signals.months_approved.send(sender=MonthReport, reports=done, by=by)
    return done


@transaction.atomic
def hours_return_month(*, by: User | None, report: MonthReport, comment: str) -> MonthReport:
    """A planner sends a submitted month back to be corrected, saying why."""
    require(by, access.APPROVE, report)
    locked(report)
    _check_submitted(report, _("Only submitted months can be returned."))
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Say what needs correcting.")})
    # The comment comes straight from the request, not through a form field that checks this.
    ProhibitNullCharactersValidator()(comment)
    report.status = MonthStatus.RETURNED
    report.comment = comment.strip()
    report.decided_by, report.decided_at = by, timezone.now()
    validated_save(report, by=by)
    signals.month_returned.send(sender=MonthReport, report=report, by=by)
    return report
