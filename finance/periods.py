"""The money periods of an agreement, as dates: calendar years or agreement years, the
first and last possibly partial, and the share of a whole period a part of it is worth.

Pure date arithmetic, nothing from the database; `finance.series` puts money on them.
DOMAIN.md states the rule: a partial period is worth the yearly amount × whole months
/ 12, a part month counted by its days over that month's days.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from iop.core.dates import add_months, first_of_month, month_end

CALENDAR = "calendar"
AGREEMENT_YEAR = "agreement_year"
ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Span:
    """A money period (or a part of one): `start`–`end` within the whole period `nominal_start`–`nominal_end`."""

    start: datetime.date
    end: datetime.date
    nominal_start: datetime.date
    nominal_end: datetime.date

    @property
    def whole(self):
        return self.start == self.nominal_start and self.end == self.nominal_end

    @property
    def months(self) -> Decimal:
        """How many months the span covers (whole months, a part month by its days)."""
        return months_between(self.start, self.end + ONE_DAY)

    @property
    def year(self):
        """The year the whole period begins in: its OPI raises the period."""
        return self.nominal_start.year


def periods(start: datetime.date, end: datetime.date, kind: str = CALENDAR) -> list[Span]:
    """The periods from `start` to `end` (both included): each day in exactly one."""
    if start is None or end is None or end < start:
        return []
    result = []
    nominal_start = datetime.date(start.year, 1, 1) if kind == CALENDAR else start
    step = 0
    while True:
        if kind == CALENDAR:
            ns = datetime.date(nominal_start.year + step, 1, 1)
            ne = datetime.date(ns.year, 12, 31)
        else:
            ns = add_months(start, 12 * step)
            ne = add_months(start, 12 * (step + 1)) - ONE_DAY
        if ns > end:
            return result
        result.append(Span(max(ns, start), min(ne, end), ns, ne))
        step += 1


def split_at(spans: list[Span], day: datetime.date) -> list[Span]:
    """The spans with the one containing `day` cut in two before it (an amendment's money
    that applies from a date inside a period)."""
    result = []
    for span in spans:
        if span.start < day <= span.end:
            result.append(Span(span.start, day - ONE_DAY, span.nominal_start, span.nominal_end))
            result.append(Span(day, span.end, span.nominal_start, span.nominal_end))
        else:
            result.append(span)
    return result


def months_between(start: datetime.date, stop: datetime.date) -> Decimal:
    """Months from `start` up to (not including) `stop`: each calendar month touched counts
    its days in the range over its days."""
    total = Decimal("0")
    day = start
    while day < stop:
        last = month_end(day)
        upto = min(stop, last + ONE_DAY)
        days_in_month = last.day
        if day.day == 1 and upto == last + ONE_DAY:
            total += 1
        else:
            total += Decimal((upto - day).days) / days_in_month
        day = upto
    return total


def _round(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def pro_rated(yearly: Decimal, span: Span) -> Decimal:
    """The part of a whole period's amount that `span` is worth, in whole kronor.

    Computed as the difference of two rounded running totals from the period's start,
    so consecutive parts of one period always add up to the yearly amount exactly.
    """
    if span.whole:
        return yearly
    total = months_between(span.nominal_start, span.nominal_end + ONE_DAY)  # 12 when periods start on the 1st
    before = months_between(span.nominal_start, span.start)
    upto = before + span.months
    if upto >= total:
        return yearly - _round(yearly * before / total)
    return _round(yearly * upto / total) - _round(yearly * before / total)


def due_dates(span: Span, payment_months) -> list[datetime.date]:
    """The instalments' due dates (last day of a payment month) inside `span`.

    A payment month of the whole period that falls before the span's start falls due in
    its first month instead; one after its end drops out; if none is left, the span's
    money falls due in its first month.
    """
    first = first_of_month(span.start)
    dues = set()
    for month in payment_months:
        year = span.nominal_start.year if month >= span.nominal_start.month else span.nominal_start.year + 1
        day = datetime.date(year, month, 1)
        if day > span.end:
            continue
        day = max(day, first)
        dues.add(month_end(day))
    return sorted(dues) or [month_end(first)]
