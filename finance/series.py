# Long module: the period series is one calculation (periods, index, pro-rating, instalments, payments).
"""The period series of an agreement's money, year by year.

For each money period (`finance.periods`): the version whose money applies, the base,
the OPI used and its status, the amount (indexed, pro-rated when partial, or as the
agreement states it), the split per partner and the instalments with what was paid
against each. Reads only; nothing here is stored, so nothing can disagree.

A later version's money applies from its effective date (`money_from`, by default the
day it was signed); periods before keep the money of the version then in force, so what
was paid is never rewritten.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.utils import timezone

from agreements.models import Status
from finance import periods as P
from finance import readmodel
from finance.figures import (
    IndexUsed,
    Scope,
    YearAmount,
    first_indexation_year,
    index_table,
    indexed_amounts,
    municipal_base,
    payment_months,
    scope,
    whole_kronor,
)
from finance.models import IndexStatus, IndexValue, PeriodKind, TrueUpKind
from finance.readmodel import AgreementMoney, VersionMoney
from iop.core.dates import first_of_month, month_end

ZERO = Decimal("0")
KRONA = Decimal("1")


def terms_of(version) -> readmodel.Terms | None:
    return readmodel.terms_of(version)


def period_kind(version):
    terms = terms_of(version)
    return terms.period_kind if terms else PeriodKind.CALENDAR


def effective_from(version, previous=None, today=None) -> datetime.date | None:
    """The day a version's money starts to apply: the agreement's start for the first
    version; for a later one its stated date (`money_from`), else the first of the month
    after it was signed, or the day itself when signed on the 1st (a draft not yet in
    force: as if signed today). `_series` moves a default date past periods already paid."""
    if previous is None:
        return version.start_date
    terms = terms_of(version)
    if terms and terms.money_from:
        return terms.money_from
    day = version.signed_on or today or timezone.localdate()
    return first_of_month(day) if day.day == 1 else month_end(day) + P.ONE_DAY


# --- The series --------------------------------------------------------------------------------


@dataclass
class Instalment:
    due: datetime.date
    period: "Period"
    recipient: object  # Organisation, or None while the split is not decided
    amount: Decimal | None  # None: not yet known (an OPI is missing)
    payments: list = field(default_factory=list)
    true_up: readmodel.TrueUpMoney | None = None  # the true-up recorded for it, if any
    status: str = "due"  # "paid", "partly", "due", "overdue", "unknown", "overpaid"

    @property
    def year(self):
        return self.period.year

    @property
    def version(self):
        return self.period.version

    @property
    def preliminary(self):
        return self.period.preliminary

    @property
    def paid(self) -> Decimal:
        return sum((payment.net for payment in self.payments), ZERO)

    @property
    def outstanding(self) -> Decimal:
        """Still to pay (negative: paid too much)."""
        return (self.amount or ZERO) - self.paid

    @property
    def decision_date(self):
        return self.period.version.decision_date

    @property
    def retroactive(self):
        """Due before the committee decided the money: paid after the fact, never overdue before the decision."""
        decided = self.decision_date
        return decided is not None and self.due < decided

    @property
    def payable_from(self):
        """The day it may be paid: its due date, or the decision when that came later."""
        if self.true_up is not None and self.true_up.kind == TrueUpKind.TOP_UP and self.true_up.due_on:
            return self.true_up.due_on
        decided = self.decision_date
        return max(self.due, decided) if decided else self.due

    @property
    def key(self):
        return (self.due, self.recipient.pk if self.recipient is not None else None)


@dataclass
class Period:
    span: P.Span
    version: VersionMoney  # the version whose money applies
    base: Decimal
    index: IndexUsed | None
    yearly: Decimal | None  # the indexed amount of a whole period
    amount: Decimal | None  # this period's money (pro-rated, or as stated)
    stated: bool = False
    preliminary: bool = False
    instalments: list[Instalment] = field(default_factory=list)

    @property
    def start(self):
        return self.span.start

    @property
    def end(self):
        return self.span.end

    @property
    def year(self):
        """The calendar year the period counts in: the year it starts."""
        return self.span.start.year

    @property
    def partial(self):
        return not self.span.whole

    @property
    def months(self):
        return self.span.months

    @property
    def known(self):
        return self.amount is not None

    @property
    def split(self):
        """[(recipient or None, amount)] of the period's money."""
        return _by_recipient(self.instalments)

    @property
    def paid(self):
        return sum((item.paid for item in self.instalments), ZERO)


@dataclass
class Correction:
    """The true-up of one instalment paid on a preliminary OPI."""

    instalment: Instalment
    paid: Decimal  # what was paid (on the preliminary OPI)
    definitive: Decimal  # the amount on the definitive OPI

    @property
    def difference(self):
        """Positive: a top-up to pay; negative: to claim back."""
        return self.definitive - self.paid

    @property
    def recipient(self):
        return self.instalment.recipient

    @property
    def year(self):
        return self.instalment.year

    @property
    def kind(self):
        return TrueUpKind.TOP_UP if self.difference > 0 else TrueUpKind.CLAW_BACK


@dataclass
class MoneySeries:
    periods: list[Period]
    corrections: list[Correction] = field(default_factory=list)  # true-ups not yet acted on

    @property
    def instalments(self):
        return [item for period in self.periods for item in period.instalments]

    @property
    def known(self):
        return all(period.known for period in self.periods)

    @property
    def total(self) -> Decimal | None:
        """The committee's money over the whole period; None while an amount is not known."""
        if not self.known:
            return None
        return sum((period.amount for period in self.periods), ZERO)

    @property
    def preliminary(self):
        return any(period.preliminary for period in self.periods)

    def total_per_recipient(self):
        """[(recipient or None, amount)] over the whole period, known amounts only."""
        return _by_recipient(item for item in self.instalments if item.amount is not None)

    @property
    def paid(self):
        return sum((item.paid for item in self.instalments), ZERO)

    def in_year(self, year) -> list[Period]:
        return [period for period in self.periods if period.year == year]

    def amount_in_year(self, year) -> Decimal | None:
        """The committee's money of the periods starting in `year` (None: not yet known)."""
        found = self.in_year(year)
        if any(not period.known for period in found):
            return None
        return sum((period.amount for period in found), ZERO)

    def months_in_year(self, year) -> Decimal:
        return sum((period.months for period in self.in_year(year)), ZERO)

    def preliminary_in_year(self, year):
        return any(period.preliminary for period in self.in_year(year))

    @property
    def years(self):
        return sorted({period.year for period in self.periods})

    def year_money(self, year) -> "YearMoney | None":
        """The committee's money of the periods starting in `year`, for the yearly material."""
        found = self.in_year(year)
        if not found:
            return None
        instalments = [item for period in found for item in period.instalments]
        first = found[0]
        amount = YearAmount(year, first.base, first.index, self.amount_in_year(year), self.preliminary_in_year(year))
        return YearMoney(year, amount, _by_recipient(instalments), sum((p.paid for p in found), ZERO), found)

    @property
    def open_true_up(self) -> Decimal:
        return sum((correction.difference for correction in self.corrections), ZERO)


def _by_recipient(instalments):
    """[(recipient or None, amount)] of the instalments, in their order."""
    result = {}
    for item in instalments:
        result[item.recipient] = result.get(item.recipient, ZERO) + (item.amount or ZERO)
    return list(result.items())


@dataclass
class YearMoney:
    year: int
    amount: YearAmount  # the year's money, with the base and OPI of its first period
    split: list
    paid: Decimal
    periods: list


def _versions_of(agreement):
    listed = getattr(agreement, "listed_versions", None)
    return sorted(listed if listed is not None else agreement.versions.all(), key=lambda v: v.number)


def versions_read(agreement):
    """Every version a series of the agreement can read: the signed ones and the latest
    (what `finance.loading` loads the money of)."""
    versions = _versions_of(agreement)
    return [version for version in versions if version.status == Status.SIGNED or version is versions[-1]]


def money_versions(agreement, upto=None):
    """The versions whose money makes the agreement's series, oldest first: the signed ones
    (and `upto`, a version being drafted, decided or signed, to see its money in place;
    without a signed version, the latest one)."""
    return _money_versions(_versions_of(agreement), upto)


def _money_versions(versions, upto=None):
    signed = [version for version in versions if version.status == Status.SIGNED]
    if upto is not None and upto.status != Status.SIGNED:
        return [version for version in signed if version.number < upto.number] + [upto]
    if upto is not None:
        return [version for version in signed if version.number <= upto.number]
    return signed or versions[-1:]  # nothing signed yet: the draft's money as it would be


def agreement_series(
    agreement, current_state, table=None, *, upto=None, today=None, values=None, money=True, true_ups=True
):
    """`money_series` of an agreement `finance.loading` loaded (or `readmodel.load`)."""
    inputs = readmodel.of_agreement(agreement, payments=money, true_ups=money and true_ups)
    return money_series(
        inputs, current_state, table, upto=upto, today=today, values=values, payments=money, true_ups=true_ups
    )


def money_series(
    money: AgreementMoney,
    current_state,
    table=None,
    *,
    upto=None,
    today=None,
    values=None,
    payments=True,
    true_ups=True,
):
    """The series of an agreement as it stands (`money` from `finance.readmodel`,
    `current_state` from `agreements.state`): its signed versions' money up to its end,
    with its payments and true-ups.
    `upto`: the series as version `upto` would make it (a draft's or an older version's).
    `payments=False` leaves payments out (for readers that only need the amounts);
    `true_ups=False` leaves out the true-ups (for readers of amounts and what was paid)."""
    if upto is not None:
        upto = money.version(upto.pk) or readmodel.of_version(upto)
    versions = _money_versions(list(money.versions), upto)
    current = current_state.in_force
    if upto is None and current is None:
        upto = versions[-1] if versions else None
    if upto is not None and upto.status != Status.SIGNED:
        end = upto.end_date
    elif upto is not None and (current is None or upto.pk != current.pk):
        end = upto.end_date
    else:
        end = current_state.end
    values = list(IndexValue.objects.all()) if values is None else values
    table = index_table(values) if table is None else table
    if not payments:
        return period_series(versions, end, table, today=today)
    if money.payments is None or (true_ups and money.true_ups is None):
        raise ValueError("The payments (and true-ups) of the agreement are not loaded.")
    return period_series(
        versions,
        end,
        table,
        payments=money.payments,
        true_ups=money.true_ups if true_ups else (),
        today=today,
        preliminary_table=index_table(values, prefer=IndexStatus.PRELIMINARY) if true_ups else None,
    )


def year_scope(series, version, year, guideline=None) -> Scope:
    """The economic scope of the agreement in `year`, from the series (judged against
    `guideline`, the agreement's municipality's)."""
    return scope(
        version,
        year,
        money=series.amount_in_year(year),
        months=series.months_in_year(year),
        preliminary=series.preliminary_in_year(year),
        guideline=guideline,
    )


@dataclass
class SplitCheck:
    period_start: datetime.date
    period_end: datetime.date
    split: Decimal  # what the distribution gives out in the period
    due: Decimal | None  # the committee's money due in the period (None: not yet known)

    @property
    def adds_up(self):
        return self.due is None or self.split == self.due


def split_checks(version, series) -> list[SplitCheck]:
    """For each period of `version`'s distribution: does the split add up to the money due in it?"""
    sums = {}
    for row in readmodel.split_of(version):
        key = (row.period_start, row.period_end)
        sums[key] = sums.get(key, ZERO) + row.amount
    checks = []
    for (start, end), split in sorted(sums.items()):
        items = [item for item in series.instalments if start <= item.due <= end]
        known = all(item.amount is not None for item in items)
        due = sum((item.amount for item in items), ZERO) if known else None
        checks.append(SplitCheck(start, end, split, due))
    return checks


def period_series(
    versions, end, table=None, *, payments=(), true_ups=(), today=None, preliminary_table=None
) -> MoneySeries:
    """The money series of `versions` (oldest first; the last one's period and terms decide
    the periods) up to `end` (the end after extensions and termination).

    `payments` are booked against their instalments; `preliminary_table` (the index table
    preferring preliminary values) gives the true-ups of instalments paid on a forecast.
    """
    table = index_table() if table is None else table
    today = today or timezone.localdate()
    versions = [readmodel.of_version(version) for version in versions if version is not None]
    paid = {payment.instalment_due or payment.date for payment in payments}
    series = _series(versions, end, table, today, paid)
    _book(series, payments, true_ups, today)
    if preliminary_table is not None and _differs(series, table, preliminary_table):
        before = _series(versions, end, preliminary_table, today, paid)
        series.corrections = _corrections(series, before)
    return series


def _series(versions, end, table, today, paid=()) -> MoneySeries:
    versions = [version for version in versions if version is not None]
    if not versions or not versions[-1].start_date or not end:
        return MoneySeries([])
    last = versions[-1]
    spans = P.periods(last.start_date, end, period_kind(last))
    starts = []
    previous = None
    for version in versions:
        day = effective_from(version, previous, today) or last.start_date
        if previous is not None and not (terms_of(version) and terms_of(version).money_from):
            day = _after_paid(spans, day, paid)
        starts.append((day, version))
        previous = version
    for day, _version in starts[1:]:
        spans = P.split_at(spans, day)
    indexed = {version.pk: _indexed(version, spans, table) for _day, version in starts}
    result = []
    for span in spans:
        version = _governing(starts, span.start)
        yearly = indexed[version.pk][span.nominal_start.year]
        stated = _stated(version, span)
        amount = stated if stated is not None else (None if yearly.amount is None else P.pro_rated(yearly.amount, span))
        period = Period(
            span=span,
            version=version,
            base=yearly.base,
            index=yearly.index,
            yearly=yearly.amount,
            amount=amount,
            stated=stated is not None,
            preliminary=yearly.preliminary and stated is None,
        )
        period.instalments = _instalments(period)
        result.append(period)
    return MoneySeries(result)


def _after_paid(spans, day, paid):
    """`day`, or the start of the first period after it that has nothing paid yet: an
    amendment's money by default never rewrites a period already paid."""
    for span in spans:
        if span.end < day:
            continue
        if not any(first_of_month(span.start) <= due <= month_end(span.end) for due in paid):
            return day
        day = max(day, span.end + P.ONE_DAY)
    return day


def _governing(starts, day):
    governing = starts[0][1]
    for start, version in starts:
        if start <= day:
            governing = version
    return governing


def _indexed(version, spans, table):
    """The indexed amount of a whole period, per year a period begins in. The OPI of year Y
    raises the period that begins in Y, compounding from period to period: an indexation
    year before the first period raises nothing before it."""
    years = range(spans[0].nominal_start.year, spans[-1].nominal_start.year + 1) if spans else []
    first = first_indexation_year(version)
    if first is not None and years:
        first = max(first, years[0])
    rows = indexed_amounts(municipal_base(version), first, years, table)
    return {row.year: row for row in rows}


def _stated(version, span):
    for row in version.stated:
        if row.period_start == span.start:
            return row.amount
    return None


def _instalments(period):
    version = period.version
    dues = P.due_dates(period.span, payment_months(version))
    partners = [party for party in version.parties if not party.is_public]
    items = []
    for position, due in enumerate(dues):
        if period.amount is None:
            amount = None
        else:
            # Whole kronor per instalment, rounded down; the last takes the rest, so the
            # instalments add up to the period and none is negative.
            per = (period.amount / len(dues)).quantize(KRONA, rounding=ROUND_DOWN)
            amount = period.amount - per * (len(dues) - 1) if position == len(dues) - 1 else per
        for recipient, share in _split(version, due, amount, partners):
            items.append(Instalment(due, period, recipient, share))
    return items


def _split(version, due, amount, partners):
    """[(organisation or None, amount)] of one instalment, by the distribution in force."""
    if len(partners) == 1:
        return [(partners[0].organisation, amount)]
    rows = [d for d in version.split if d.period_start <= due <= d.period_end]
    total = sum((row.amount for row in rows), ZERO)
    if not rows or total == 0 or amount is None:
        return [(None, amount)]
    shares, given = [], ZERO
    for index, row in enumerate(rows):
        share = amount - given if index == len(rows) - 1 else whole_kronor(amount * row.amount / total)
        given += share
        shares.append((row.party.organisation, share))
    return shares


# --- Payments booked against instalments ------------------------------------------------------


def _book(series, payments, true_ups, today):
    by_key = {}
    for item in series.instalments:
        by_key.setdefault(item.due, []).append(item)
    for payment in sorted(payments, key=lambda p: (p.date, p.pk or 0)):
        item = _instalment_of(series, by_key, payment)
        if item is not None:
            item.payments.append(payment)
    ups = {(t.recipient_id, t.instalment_due): t for t in true_ups}
    for item in series.instalments:
        if item.recipient is not None:
            item.true_up = ups.get((item.recipient.pk, item.due))
        item.status = _status(item, today)


def _instalment_of(series, by_key, payment):
    """The instalment a payment pays: the one it was booked against; a payment recorded
    without one (before payments were booked) goes to the recipient's instalment of the
    period containing its date, or the nearest."""

    def mine(item):
        return item.recipient is None or item.recipient.pk == payment.recipient_id

    if payment.instalment_due is not None:
        return next((item for item in by_key.get(payment.instalment_due, []) if mine(item)), None)
    candidates = [item for item in series.instalments if mine(item)]
    if not candidates:
        return None
    inside = [item for item in candidates if item.period.start <= payment.date <= item.period.end]
    pool = inside or candidates
    return min(pool, key=lambda item: abs((item.due - payment.date).days))


def _status(item, today):
    if item.amount is None:
        return "unknown"
    paid = item.paid
    if paid > item.amount:
        return "overpaid"
    if paid == item.amount:
        return "paid"
    if item.decision_date is None and item.version.status != Status.SIGNED:
        return "partly" if paid > 0 else "due"  # not decided: nothing can be overdue yet
    if item.payable_from < today:
        return "overdue"
    return "partly" if paid > 0 else "due"


# --- True-up after a definitive OPI -----------------------------------------------------------


def _differs(series, table, preliminary_table):
    years = {period.span.nominal_start.year for period in series.periods}
    first = min(years, default=None)
    return any(table.get(year) != preliminary_table.get(year) for year in preliminary_table if first and year >= first)


def _corrections(after: MoneySeries, before: MoneySeries) -> list[Correction]:
    """Instalments paid in full on the preliminary OPI whose amount the definitive OPI
    changed, and whose true-up is not yet acted on. Unpaid ones simply carry the new amount."""
    earlier = {item.key: item for item in before.instalments}
    result = []
    for item in after.instalments:
        old = earlier.get(item.key)
        if old is None or old.amount is None or item.amount is None or old.amount == item.amount:
            continue
        if item.true_up is not None or item.paid != old.amount:
            continue
        result.append(Correction(item, item.paid, item.amount))
    return result
