"""Partners log their volunteer hours: the hours start page, a month's entries and its
submission, and the month sheet that saves many days in one go (on a phone one week
at a time, `?vecka=N`).

These views check no rule about hours themselves: they find the month the user may see (404 for outsiders, 403 for municipal users who try to write), call one
service and go back to the month."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from agreements.models import Agreement, Status
from agreements.state import state, with_state
from followup.hours import forms, services
from followup.hours.models import HourEntry, MonthReport, MonthStatus
from followup.hours.progress import Progress, Tally, commitment, expected_to_date
from iop.accounts import access
from iop.accounts.models import Role
from iop.core.dates import add_months, month_end
from iop.core.forms import run_service
from partners.models import Organisation

RECENT_MONTHS = 12  # this month and the eleven before it
WEEK_PARAMETER = "vecka"  # the month sheet's week, by its ISO number (as Swedish calendars count)


def _month_url(agreement, organisation, month):
    return reverse("followup:hours-month", args=[agreement.pk, organisation.pk, f"{month:%Y-%m}"])


# --- The start page -----------------------------------------------------------------------------


@dataclass
class MonthRow:
    month: datetime.date
    status: str
    status_label: str
    hours: Decimal
    comment: str
    url: str


@dataclass
class AgreementHours:
    agreement: Agreement
    organisation: Organisation
    state: object
    months: list = field(default_factory=list)
    glance: object = None  # this year's hours against the organisation's commitment (a Progress)


@login_required
def hours_home(request):
    role = access.role_of(request.user)
    if role != Role.PARTNER:
        return render(
            request,
            "followup/hours/home.html",
            {"municipal": True, "may_review": role in (Role.ADMINISTRATOR, Role.PLANNER)},
        )
    today = timezone.localdate()
    return render(
        request, "followup/hours/home.html", {"items": _partner_agreements(request.user, today), "today": today}
    )


def _partner_agreements(user, today):
    """The agreements the user's organisations are party to in a signed version, each with
    its recent months: a fixed number of queries however many months have hours."""
    this_month = today.replace(day=1)
    recent = [add_months(this_month, -back) for back in range(RECENT_MONTHS)]
    organisation_ids = set(user.organisations.values_list("pk", flat=True))
    signed = Agreement.objects.filter(versions__status=Status.SIGNED).distinct()
    agreements = access.visible(user, with_state(signed, "contributions"))
    items = []
    for agreement in agreements:
        current = state(agreement, today)
        start, end = current.start, current.end
        months = [m for m in recent if start and end and m <= end and month_end(m) >= start]
        for party in current.in_force.parties.all():
            if party.organisation_id in organisation_ids:
                items.append(AgreementHours(agreement, party.organisation, current, months))
    reports = (
        access.visible(user, MonthReport)
        .filter(agreement__in=[item.agreement.pk for item in items], month__gte=recent[-1])
        .annotate(hours=Sum("entries__hours"))
    )
    by_month = {(r.agreement_id, r.organisation_id, r.month): r for r in reports}
    this_year = _this_years_hours(user, items, today)
    for item in items:
        item.months = [_month_row(item, month, by_month) for month in item.months]
        item.glance = _glance(item, this_year.get((item.agreement.pk, item.organisation.pk), Tally()), today)
    return items


def _this_years_hours(user, items, today):
    """{(agreement pk, organisation pk): Tally of this year's hours}, in one query."""
    rows = (
        access.visible(user, HourEntry)
        .filter(report__agreement__in=[item.agreement.pk for item in items], date__year=today.year)
        .values("report__agreement", "report__organisation", "report__status")
        .annotate(hours=Sum("hours"))
        .order_by()
    )
    tallies = {}
    for row in rows:
        key = (row["report__agreement"], row["report__organisation"])
        tallies.setdefault(key, Tally()).add(row["report__status"], row["hours"])
    return tallies


def _glance(item, tally, today):
    """The organisation's hours this year against its own commitment due to date, as the
    progress page counts them (followup.hours.progress)."""
    version, period = item.state.shown, item.state.period
    if version is None or period is None:
        return None
    hours, hourly = commitment(version, {item.organisation.pk})
    expected = expected_to_date(hours, today.year, *period, today) if hours is not None else None
    return Progress(year=today.year, totals=tally, commitment=hours, expected_to_date=expected, hourly_value=hourly)


def _month_row(item, month, by_month):
    report = by_month.get((item.agreement.pk, item.organisation.pk, month))
    status = report.status if report else MonthStatus.OPEN
    return MonthRow(
        month=month,
        status=status,
        status_label=MonthStatus(status).label,
        hours=(report.hours if report else None) or Decimal("0"),
        comment=report.comment if report and status == MonthStatus.RETURNED else "",
        url=_month_url(item.agreement, item.organisation, month),
    )


# --- One month --------------------------------------------------------------------------------


@dataclass
class MonthPage:
    """One organisation's month under one agreement, as the user may see it."""

    agreement: Agreement
    organisation: Organisation
    month: datetime.date
    report: MonthReport | None  # None until the first hours are logged
    today: datetime.date
    start: datetime.date | None
    end: datetime.date | None
    may_write: bool

    @property
    def status(self):
        return self.report.status if self.report else MonthStatus.OPEN

    @property
    def status_label(self):
        return MonthStatus(self.status).label

    @property
    def editable(self):
        return self.report is None or self.report.editable

    @property
    def url(self):
        return _month_url(self.agreement, self.organisation, self.month)

    def _url_of(self, name, month):
        return reverse(name, args=[self.agreement.pk, self.organisation.pk, f"{month:%Y-%m}"])

    @property
    def sheet_url(self):
        return self._url_of("followup:hours-sheet", self.month)

    @property
    def sheet_week_url(self):
        """The sheet's week a phone opens first: this week in this month, else the first."""
        day = self.today if self.month <= self.today <= month_end(self.month) else self.month
        return f"{self.sheet_url}?{WEEK_PARAMETER}={day.isocalendar().week}"

    @property
    def submit_url(self):
        return self._url_of("followup:hours-submit", self.month)

    @property
    def previous(self):
        month = add_months(self.month, -1)
        if self.start and self.end and self.start <= month_end(month) and month <= self.end:
            return month
        return None

    @property
    def next(self):
        month = add_months(self.month, 1)
        if self.start and self.end and self.start <= month_end(month) and month <= min(self.end, self.today):
            return month
        return None

    @property
    def previous_url(self):
        return _month_url(self.agreement, self.organisation, self.previous) if self.previous else None

    @property
    def next_url(self):
        return _month_url(self.agreement, self.organisation, self.next) if self.next else None

    def day_open(self, day):
        """Hours may be logged for the day: within the period and not in the future."""
        return bool(self.start and self.end and self.start <= day <= self.end and day <= self.today)

    @property
    def may_log(self):
        """The user may log hours in the month now: a partner of the organisation, the
        month not locked, and some day of it open."""
        return self.may_write and self.editable and any(map(self.day_open, forms.month_days(self.month)))


def _month_page(request, agreement_pk, organisation_pk, month_text):
    agreement = access.access(request.user, access.VIEW, with_state(Agreement.objects.all()), pk=agreement_pk)
    organisation = access.access(request.user, access.VIEW, Organisation, pk=organisation_pk)
    parties = (party for version in agreement.versions.all() for party in version.parties.all())
    if not any(party.organisation_id == organisation.pk for party in parties):
        raise Http404
    today = timezone.localdate()
    month = forms.parse_month(month_text)
    report = MonthReport.objects.filter(agreement=agreement, organisation=organisation, month=month).first()
    may_write = access.can(
        request.user, access.CHANGE, report or MonthReport(agreement=agreement, organisation=organisation, month=month)
    )
    agreement_state = state(agreement, today)
    return MonthPage(
        agreement, organisation, month, report, today, agreement_state.start, agreement_state.end, may_write
    )


@login_required
def hours_month(request, agreement_pk, organisation_pk, month):
    page = _month_page(request, agreement_pk, organisation_pk, month)
    activities = services.agreement_activities(page.agreement)
    form = None
    if request.method == "POST":
        if not page.may_write:
            raise PermissionDenied
        form = forms.HourEntryForm(request.POST, activities=activities, month=page.month)
        if form.is_valid() and run_service(
            form,
            lambda: services.hours_log(
                by=request.user, agreement=page.agreement, organisation=page.organisation, **form.service_fields()
            ),
        ):
            messages.success(request, _("The hours were logged."))
            return redirect(page.url)
    elif page.may_log:
        initial = {"date": page.today} if page.month <= page.today <= month_end(page.month) else {}
        form = forms.HourEntryForm(activities=activities, month=page.month, initial=initial)
    entries = list(page.report.entries.select_related("activity")) if page.report else []
    by_activity = {}
    for entry in entries:
        by_activity[entry.activity.name] = by_activity.get(entry.activity.name, Decimal("0")) + entry.hours
    return render(
        request,
        "followup/hours/month.html",
        {
            "page": page,
            "agreement": page.agreement,
            "form": form,
            "entries": entries,
            "total": sum((entry.hours for entry in entries), Decimal("0")),
            "by_activity": sorted(by_activity.items()),
        },
    )


@login_required
def hours_entry_delete(request, entry_pk):
    """Asks first (GET: a page naming the entry), deletes on the confirming POST."""
    entry = access.access(
        request.user,
        access.CHANGE,
        HourEntry.objects.select_related("report__agreement", "report__organisation", "activity"),
        pk=entry_pk,
    )
    report = entry.report
    month_url = _month_url(report.agreement, report.organisation, report.month)
    if request.method != "POST":
        context = {"entry": entry, "report": report, "month_url": month_url}
        return render(request, "followup/hours/entry_confirm_delete.html", context)
    try:
        services.hours_delete(by=request.user, entry=entry)
        messages.success(request, _("The entry was deleted."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(month_url)


@login_required
@require_POST
def hours_submit(request, agreement_pk, organisation_pk, month):
    page = _month_page(request, agreement_pk, organisation_pk, month)
    if not page.may_write:
        raise PermissionDenied
    try:
        if page.report is None:
            raise ValidationError(_("There are no hours to submit for the month."))
        services.hours_submit_month(by=request.user, report=page.report)
        messages.success(request, _("The month was submitted for approval."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(page.url)


# --- The month sheet ------------------------------------------------------------------------------


@dataclass
class SheetWeek:
    """One week of the month sheet: this month's days of ISO week `number`, and per
    activity its row with that week's (day, cell) pairs."""

    number: int
    days: list
    url: str
    rows: list = field(default_factory=list)  # [(SheetRow, [(day, SheetInput)])]

    @property
    def first(self):
        return self.days[0]

    @property
    def last(self):
        return self.days[-1]


def sheet_weeks(sheet, url):
    """The sheet's weeks in order. A week that crosses into the next (or from the previous)
    month holds only this month's days: the sheet saves one month."""
    weeks = {}
    for index, day in enumerate(sheet.days):
        number = day.isocalendar().week
        if number not in weeks:
            weeks[number] = SheetWeek(number, [], f"{url}?{WEEK_PARAMETER}={number}")
        weeks[number].days.append((index, day))
    for week in weeks.values():
        indexes = [index for index, _day in week.days]
        week.days = [day for _index, day in week.days]
        week.rows = [(row, [(sheet.days[i], row.cells[i]) for i in indexes]) for row in sheet.rows]
    return list(weeks.values())


def _chosen_week(request, weeks):
    """The week asked for by `?vecka=N`, None for the whole month; 404 for a week the
    month does not have."""
    number = request.GET.get(WEEK_PARAMETER)
    if number is None:
        return None
    for week in weeks:
        if str(week.number) == number.strip():
            return week
    raise Http404


@login_required
def hours_sheet(request, agreement_pk, organisation_pk, month):
    page = _month_page(request, agreement_pk, organisation_pk, month)
    if not page.may_write:
        raise PermissionDenied
    logged = {}
    if page.report:
        rows = page.report.entries.values("activity").annotate(hours=Sum("hours")).order_by()
        logged = {row["activity"]: row["hours"] for row in rows}
    sheet = forms.MonthSheet(
        request.POST if request.method == "POST" else None,
        activities=list(services.agreement_activities(page.agreement)),
        month=page.month,
        open_day=page.day_open,
        logged=logged,
    )
    weeks = sheet_weeks(sheet, page.sheet_url)
    week = _chosen_week(request, weeks)
    if request.method == "POST" and sheet.is_valid():
        try:
            entries = services.hours_log_many(
                by=request.user, agreement=page.agreement, organisation=page.organisation, rows=sheet.service_rows()
            )
        except services.RowsRefused as refused:
            sheet.refused(refused.errors)
        else:
            count = len(entries)
            messages.success(
                request,
                ngettext("%(count)s entry was logged.", "%(count)s entries were logged.", count) % {"count": count},
            )
            return redirect(page.url)
    return render(
        request,
        "followup/hours/sheet.html",
        {"page": page, "agreement": page.agreement, "sheet": sheet, "weeks": weeks, "week": week},
    )
