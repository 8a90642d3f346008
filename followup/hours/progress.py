"""Hours against the commitment: `hours_progress` gives the figures for any set of entries,
and `agreement_hours` gives one agreement's, deciding whose hours a user follows.

Everything is summed in the database (one grouped query gives every breakdown), so the
cost does not grow with the number of entries.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from agreements.state import state
from finance.periods import ONE_DAY, months_between
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
    expected_to_date: Decimal | None  # the commitment pro rata to today (`expected_to_date()`)
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

    @property
    def share_to_date(self):
        return share_to_date(self.totals.total, self.expected_to_date)

    @property
    def ahead_by(self):
        return ahead_by(self.totals.total, self.expected_to_date)

    @property
    def behind_by(self):
        """The hours short of the commitment due to date; None when not behind."""
        ahead = self.ahead_by
        return -ahead if ahead is not None and ahead < 0 else None


def share_to_date(reported, expected) -> int | None:
    """The hours reported (whatever their status) as a whole percentage of the commitment
    due to date; None while nothing is due yet."""
    if expected is None or expected <= 0:
        return None
    return int((reported * 100 / expected).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def ahead_by(reported, expected) -> Decimal | None:
    """Hours reported beyond the commitment due to date (negative: behind), to one decimal."""
    if expected is None:
        return None
    return (reported - expected).quantize(Decimal("0.1"))


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


def expected_to_date(hours, year, start, end, today):
    """The part of a yearly commitment of `hours` due by `today` in `year`: the commitment ×
    the months of the agreement (`start`–`end`) elapsed in the year / 12, a part month
    counted by its days over the month's days, as a partial money period is pro-rated. An
    agreement from 1 July with 1 200 h a year is due 300 h on 30 September and 600 h by
    the year's end. None when the agreement does not run in the year."""
    first, last = max(datetime.date(year, 1, 1), start), min(datetime.date(year, 12, 31), end)
    if hours is None or first > last:
        return None
    upto = min(today, last)
    if upto < first:
        return ZERO
    return (hours * months_between(first, upto + ONE_DAY) / 12).quantize(Decimal("0.1"))


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
    expected = expected_to_date(promised, year, *period, today) if promised is not None and period else None
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


def commitment_to_date(agreement, year, organisations=None, today=None):
    """(hours per year, due to date in `year`) of an agreement fetched `with_state()` with its
    contributions, as its own progress computes them (of the parties of `organisations`,
    pks, when given); (None, None) without an hours commitment."""
    today = today or timezone.localdate()
    current = state(agreement, today)
    if current.shown is None or current.period is None:
        return None, None
    hours, _hourly = commitment(current.shown, organisations)
    if hours is None:
        return None, None
    return hours, expected_to_date(hours, year, *current.period, today)


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
