"""Hours against the commitment: `hours_progress` gives the figures for any set of entries,
and `agreement_hours` gives one agreement's, deciding whose hours a user follows.

Everything is summed in the database (one grouped query gives every breakdown), so the
cost does not grow with the number of entries.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from agreements.state import state
from followup.hours.models import HourEntry, MonthStatus
from iop.accounts import access
from iop.accounts.models import Role

ZERO = Decimal("0")


@dataclass
class Tally:
    approved: Decimal = ZERO
    submitted: Decimal = ZERO
    not_submitted: Decimal = ZERO  # open or returned

    @property
    def total(self):
        return self.approved + self.submitted + self.not_submitted

    def add(self, status, hours):
        if status == MonthStatus.APPROVED:
            self.approved += hours
        elif status == MonthStatus.SUBMITTED:
            self.submitted += hours
        else:
            self.not_submitted += hours


@dataclass
class Progress:
    year: int
    totals: Tally
    commitment: Decimal | None  # hours promised per year (the partners' hour contributions)
    expected_to_date: Decimal | None  # the commitment pro rata to the day
    hourly_value: Decimal | None
    by_activity: list = field(default_factory=list)  # [(activity name, Tally)]
    by_month: list = field(default_factory=list)  # [(first day of month, Tally)]
    # The names of the organisations whose hours and commitment these are, when limited to
    # some partners of the agreement; None: every party's.
    only_of: list[str] | None = None

    @property
    def approved_value(self):
        return value_of_hours(self.totals.approved, self.hourly_value)

    @property
    def total_value(self):
        return value_of_hours(self.totals.total, self.hourly_value)


def value_of_hours(hours, hourly_value):
    """What volunteer hours are worth at the agreed hourly value, in whole kronor (as the
    follow-up reports it); None without an hourly value or hours."""
    if hours is None or hourly_value is None:
        return None
    return (hours * hourly_value).quantize(Decimal("1"))


def commitment(version, organisations=None):
    """(hours per year, value per hour) from the partners' volunteer-hour contributions;
    those of the parties of `organisations` (pks) only, when given."""
    from finance.models import ContributionKind  # the commitment is part of the money

    rows = [c for c in version.contributions.all() if c.kind == ContributionKind.HOURS and c.hours]
    if organisations is not None:
        parties = {party.pk for party in version.parties.all() if party.organisation_id in organisations}
        rows = [c for c in rows if c.party_id in parties]
    if not rows:
        return None, None
    hours = sum((c.hours for c in rows), ZERO)
    value = sum((c.hours * c.hourly_value for c in rows if c.hourly_value), ZERO)
    return hours, (value / hours).quantize(Decimal("0.01")) if hours else None


def _pro_rata(hours, year, start, end, today):
    """The share of a year's commitment due by today, counting only days within the period."""
    first, last = max(datetime.date(year, 1, 1), start), min(datetime.date(year, 12, 31), end)
    if hours is None or first > last:
        return None
    upto = min(today, last)
    if upto < first:
        return ZERO
    days_in_year = (datetime.date(year, 12, 31) - datetime.date(year, 1, 1)).days + 1
    return (hours * Decimal((upto - first).days + 1) / Decimal(days_in_year)).quantize(Decimal("0.1"))


def hours_progress(*, entries, year, version=None, period=None, today=None, organisations=None) -> Progress:
    """Hours of `entries` (a HourEntry queryset, already limited to what the user may see
    and to any filter) in `year`, by status, activity and month, against the commitment
    of `version` when one agreement is looked at (of the parties of `organisations`, pks,
    when the entries are limited to theirs)."""
    today = today or timezone.localdate()
    entries = entries.filter(date__year=year)
    totals, by_activity, by_month = Tally(), {}, {}
    # One query: the sums per activity, month and status (at most a few hundred rows)
    # add up to the three breakdowns.
    rows = (
        entries.annotate(month=TruncMonth("date"))
        .values("activity__name", "month", "report__status")
        .annotate(hours=Sum("hours"))
        .order_by()
    )
    for row in rows:
        status, hours = row["report__status"], row["hours"]
        month = row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"]
        totals.add(status, hours)
        by_activity.setdefault(row["activity__name"], Tally()).add(status, hours)
        by_month.setdefault(month, Tally()).add(status, hours)
    promised, hourly = commitment(version, organisations) if version is not None else (None, None)
    expected = _pro_rata(promised, year, *period, today) if promised is not None and period else None
    return Progress(
        year=year,
        totals=totals,
        commitment=promised,
        expected_to_date=expected,
        hourly_value=hourly,
        by_activity=sorted(by_activity.items()),
        by_month=sorted(by_month.items()),
        only_of=None if organisations is None or version is None else _names(version, organisations),
    )


def _names(version, organisations):
    return [party.name for party in version.parties.all() if party.organisation_id in organisations]


def agreement_hours(*, user, agreement, year, activity="", today=None) -> Progress:
    """One agreement's hours in `year` as `user` follows them: what the hours progress page
    and the yearly follow-up material (page, PDF, CSV) both show, so the two always agree.

    A partner's user follows their own organisations' hours against their own commitment
    (the other partners' hours stay theirs, as on every hours page), and the figures name
    whose they are (`Progress.only_of`); municipal users follow every party's. Fetch the
    agreement `with_state()`: its versions and parties are read, not queried."""
    today = today or timezone.localdate()
    current = state(agreement, today)
    version, period = current.shown, current.period
    entries = access.visible(user, HourEntry).filter(report__agreement=agreement)
    if activity:
        entries = entries.filter(activity__name=activity)
    organisations = None
    if access.role_of(user) == Role.PARTNER:
        organisations = set(user.organisations.values_list("pk", flat=True))
    return hours_progress(
        entries=entries, year=year, version=version, period=period, today=today, organisations=organisations
    )


def entries_of(agreement):
    return HourEntry.objects.filter(report__agreement=agreement)
