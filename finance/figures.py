"""The figures of an agreement's money, computed from its contributions, the index values
and the payments. Reads only; nothing here is stored, so nothing can disagree.

Indexation, as DOMAIN.md states it: from the first indexation year, each year's municipal
amount is last year's raised by that year's OPI, rounded to whole kronor, Decimal
throughout. A year whose OPI is not entered has no amount yet (None), and neither has any
later year: a guess would be a silent 0 %.
"""

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from finance.models import ContributionKind, IndexStatus, IndexValue

KRONA = Decimal("1")
# The municipal guideline: the municipality carries about half of an IOP's value.
GUIDELINE_LOW, GUIDELINE_HIGH = Decimal("0.40"), Decimal("0.60")


def whole_kronor(amount: Decimal) -> Decimal:
    return amount.quantize(KRONA, rounding=ROUND_HALF_UP)


# --- Index values ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexUsed:
    year: int
    percent: Decimal
    status: str  # IndexStatus

    @property
    def preliminary(self):
        return self.status == IndexStatus.PRELIMINARY

    @property
    def status_label(self):
        return IndexStatus(self.status).label


def index_table(values=None, *, prefer=IndexStatus.DEFINITIVE) -> dict[int, IndexUsed]:
    """The value in force for each year: the definitive one where SKR has published it.

    prefer=PRELIMINARY gives the table as it stood before the definitive values came,
    which is what was paid; the difference between the two is the correction.
    """
    values = IndexValue.objects.all() if values is None else values
    table = {}
    for value in values:
        used = IndexUsed(value.year, value.percent, value.status)
        if value.year not in table or value.status == prefer:
            table[value.year] = used
    return table


@dataclass
class YearAmount:
    year: int
    base: Decimal  # the yearly amount before indexation
    index: IndexUsed | None  # the OPI that raised this year's amount, if any
    amount: Decimal | None  # None: not yet known, because an OPI is missing
    preliminary: bool = False  # rests on at least one preliminary OPI

    @property
    def known(self):
        return self.amount is not None


def indexed_amounts(base: Decimal, first_year: int | None, years, table: dict[int, IndexUsed]) -> list[YearAmount]:
    """The municipal amount of each year in `years` (ascending or not)."""
    years = sorted(years)
    if not years:
        return []
    result = {}
    amount, preliminary = base, False
    start = min(years[0], first_year) if first_year else years[0]
    for year in range(start, years[-1] + 1):
        index = None
        if first_year is not None and year >= first_year:
            index = table.get(year)
            if index is None or amount is None:
                amount = None
            else:
                amount = whole_kronor(amount * (1 + index.percent / 100))
                preliminary = preliminary or index.preliminary
        result[year] = YearAmount(year, base, index, amount, preliminary and amount is not None)
    return [result[year] for year in years]


# --- Contributions and scope ----------------------------------------------------------------


def municipal_base(version) -> Decimal:
    """The committee's money per year before indexation."""
    return sum(
        (c.amount for c in version.contributions.all() if c.kind == ContributionKind.MONEY and c.amount is not None),
        Decimal("0"),
    )


def valued_contributions(version, *, public: bool) -> Decimal:
    """What the committee (public=True) or the partners put in beyond the committee's money."""
    total = Decimal("0")
    for contribution in version.contributions.all():
        if contribution.party.is_public != public or contribution.kind == ContributionKind.MONEY:
            continue
        total += contribution.yearly_value or Decimal("0")
    return total


def first_indexation_year(version):
    terms = getattr(version, "finance_terms", None)  # None: no terms yet
    return terms.indexation_from_year if terms else None


def payment_months(version):
    terms = getattr(version, "finance_terms", None)
    return terms.months if terms else [1]  # without terms: once a year in January


@dataclass
class Scope:
    """The economic scope of an agreement for one year."""

    year: int
    municipal_money: Decimal | None
    municipal_in_kind: Decimal
    partners: Decimal
    preliminary: bool = False

    @property
    def municipal(self):
        return None if self.municipal_money is None else self.municipal_money + self.municipal_in_kind

    @property
    def total(self):
        return None if self.municipal is None else self.municipal + self.partners

    @property
    def municipal_share(self):
        if self.total in (None, Decimal("0")):
            return None
        return (self.municipal / self.total).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)

    @property
    def municipal_share_percent(self):
        share = self.municipal_share
        return None if share is None else (share * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def outside_guideline(self):
        share = self.municipal_share
        return share is not None and not (GUIDELINE_LOW <= share <= GUIDELINE_HIGH)


def scope(version, year, table) -> Scope:
    amounts = indexed_amounts(municipal_base(version), first_indexation_year(version), [year], table)
    money = amounts[0]
    return Scope(
        year=year,
        municipal_money=money.amount,
        municipal_in_kind=valued_contributions(version, public=True),
        partners=valued_contributions(version, public=False),
        preliminary=money.preliminary,
    )


def party_shares(version):
    """[(party, yearly value)] of every party, for the "each party's share" table."""
    rows = []
    for party in version.parties.all():
        values = [c.yearly_value for c in version.contributions.all() if c.party_id == party.pk]
        rows.append((party, sum((v for v in values if v is not None), Decimal("0"))))
    return rows


# --- Payment schedule ------------------------------------------------------------------------


@dataclass
class Instalment:
    due: datetime.date
    year: int
    recipient: object  # Organisation, or None when the split is not decided
    amount: Decimal | None
    preliminary: bool = False
    paid: Decimal = Decimal("0")
    status: str = "due"  # "paid", "partly", "due", "overdue", "unknown"


def _month_end(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _split(version, due, amount, partners):
    """[(organisation or None, amount)] of one instalment, by the distribution in force."""
    if len(partners) == 1:
        return [(partners[0].organisation, amount)]
    rows = [d for d in version.distributions.all() if d.period_start <= due <= d.period_end]
    total = sum((row.amount for row in rows), Decimal("0"))
    if not rows or total == 0 or amount is None:
        return [(None, amount)]
    shares, given = [], Decimal("0")
    for index, row in enumerate(rows):
        share = amount - given if index == len(rows) - 1 else whole_kronor(amount * row.amount / total)
        given += share
        shares.append((row.party.organisation, share))
    return shares


def schedule(version, end, table, payments=(), today=None) -> list[Instalment]:
    """Every payment due from the start to `end` (the end after extensions), per recipient,
    with what has been paid against it (payments are matched oldest first)."""
    if not version.start_date or not end:
        return []
    today = today or datetime.date.today()
    months = payment_months(version)
    years = range(version.start_date.year, end.year + 1)
    amounts = {
        row.year: row for row in indexed_amounts(municipal_base(version), first_indexation_year(version), years, table)
    }
    partners = [party for party in version.parties.all() if not party.is_public]
    instalments = []
    for year in years:
        for position, month in enumerate(months):
            due = _month_end(year, month)
            if due < version.start_date or datetime.date(year, month, 1) > end:
                continue
            yearly = amounts[year]
            if yearly.amount is None:
                amount = None
            else:
                # Whole kronor per instalment, rounded down; the last takes the rest,
                # so the instalments add up to the year and none is negative.
                per = (yearly.amount / len(months)).quantize(KRONA, rounding=ROUND_DOWN)
                amount = yearly.amount - per * (len(months) - 1) if position == len(months) - 1 else per
            for recipient, share in _split(version, due, amount, partners):
                instalments.append(Instalment(due, year, recipient, share, yearly.preliminary))
    _match_payments(instalments, payments, today)
    return instalments


def _match_payments(instalments, payments, today):
    remaining = {}
    for payment in sorted(payments, key=lambda p: (p.date, p.pk or 0)):
        remaining[payment.recipient_id] = remaining.get(payment.recipient_id, Decimal("0")) + payment.amount
    for item in instalments:
        if item.amount is None:
            item.status = "unknown"
            continue
        if item.recipient is not None:
            available = remaining.get(item.recipient.pk, Decimal("0"))
            item.paid = min(available, item.amount)
            remaining[item.recipient.pk] = available - item.paid
        if item.paid >= item.amount:
            item.status = "paid"
        elif item.due < today:
            item.status = "overdue"
        elif item.paid > 0:
            item.status = "partly"
        else:
            item.status = "due"


# --- Corrections when a definitive OPI replaces a preliminary one ---------------------------


@dataclass
class Correction:
    year: int
    recipient: object
    paid_basis: Decimal  # the amount on the preliminary OPI
    definitive: Decimal  # the amount on the definitive OPI

    @property
    def difference(self):
        """Positive: a top-up to pay; negative: to claim back."""
        return self.definitive - self.paid_basis


def corrections(version, end, values) -> list[Correction]:
    """Per year and recipient: what changes when definitive OPI values replace preliminary ones."""
    definitive = index_table(values)
    preliminary = index_table(values, prefer=IndexStatus.PRELIMINARY)
    if definitive == preliminary:
        return []
    before = schedule(version, end, preliminary)
    after = schedule(version, end, definitive)
    result = []
    for old, new in zip(before, after, strict=True):
        if old.amount is not None and new.amount is not None and old.amount != new.amount:
            result.append(Correction(new.year, new.recipient, old.amount, new.amount))
    return result


@dataclass
class SplitCheck:
    period_start: datetime.date
    period_end: datetime.date
    split: Decimal  # what the distribution gives out in the period
    due: Decimal | None  # the committee's money due in the period (None: not yet known)

    @property
    def adds_up(self):
        return self.due is None or self.split == self.due


def split_checks(version, table) -> list[SplitCheck]:
    """For each period of the distribution: does the split add up to the money due in it?"""
    periods = {}
    for row in version.distributions.all():
        key = (row.period_start, row.period_end)
        periods[key] = periods.get(key, Decimal("0")) + row.amount
    if not periods:
        return []
    end = max(period_end for _start, period_end in periods)
    items = schedule(version, max(end, version.end_date or end), table)
    checks = []
    for (start, period_end), split in sorted(periods.items()):
        due_items = [item for item in items if start <= item.due <= period_end]
        known = all(item.amount is not None for item in due_items)
        due = sum((item.amount for item in due_items), Decimal("0")) if known else None
        checks.append(SplitCheck(start, period_end, split, due))
    return checks


@dataclass
class YearRow:
    year: int
    amount: YearAmount
    split: list = field(default_factory=list)  # [(recipient or None, amount)]
    paid: Decimal = Decimal("0")


def year_rows(version, end, table, payments=(), today=None, items=None) -> list[YearRow]:
    """The agreement's finance table: per year the base, the OPI used, the amount, its split
    between recipients and what has been paid. `items`: the schedule, when the caller has it."""
    if not version.start_date or not end:
        return []
    years = range(version.start_date.year, end.year + 1)
    amounts = indexed_amounts(municipal_base(version), first_indexation_year(version), years, table)
    items = schedule(version, end, table, payments, today) if items is None else items
    rows = []
    for amount in amounts:
        mine = [item for item in items if item.year == amount.year]
        split = {}
        for item in mine:
            split[item.recipient] = (split.get(item.recipient) or Decimal("0")) + (item.amount or Decimal("0"))
        rows.append(YearRow(amount.year, amount, list(split.items()), sum((i.paid for i in mine), Decimal("0"))))
    return rows
