"""Overviews of many agreements' money: per committee and year (the table of the
arbetsmarknadsnämnden 2020 document), across the municipality, and municipal money per
committee over the years with the geometry of its chart.

Reads only. Whatever the number of agreements and years, each function loads its data in
a fixed number of queries (the agreements with their state, versions, contributions,
terms and activities, and one index table) and computes the rest in Python.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from agreements import bulk
from agreements.models import Activity, Agreement, AgreementVersion, Status
from agreements.state import state
from finance import figures, series
from finance.loading import load_money
from finance.models import IndexValue
from iop.accounts import access
from iop.core.collation import swedish_key
from iop.core.templatetags.iop import format_amount

ZERO = Decimal("0")
HUNDRED = Decimal("100")


# --- Loading ---------------------------------------------------------------------------------


# What a row reads of the version in force besides what `state()` reads.
ROW_FIELDS = ("planned_participants", "participants_note", "target_group", "referral")


def _agreements(user, *, until_year, committee=None):
    """The agreements the user may see that have a signed version starting by the end of
    `until_year`, with what `state()` and the rows read of their versions (`_signed` adds
    the money of the versions in force)."""
    signed = AgreementVersion.objects.filter(status=Status.SIGNED, start_date__lte=datetime.date(until_year, 12, 31))
    if committee is not None:
        signed = signed.filter(committee=committee)  # narrows the load; the version in force decides below
    queryset = access.visible(user, Agreement).filter(pk__in=signed.values("agreement"))
    agreements = list(queryset.select_related("termination"))
    bulk.attach_state(agreements, version_fields=ROW_FIELDS, committee=True, parts=True)
    return agreements


def _attach_figures(agreements, versions):
    """What the money series and the rows read: every version's money and the payments
    (`finance.loading`), and the activities of the versions in force."""
    load_money(agreements)
    pks = [version.pk for version in versions]
    activities = Activity.objects.filter(version__in=pks).only("version", "name", "order")
    bulk.attach(versions, "activities", Activity, bulk.by(activities, "version_id"))


@dataclass
class _Signed:
    agreement: Agreement
    version: AgreementVersion  # the version in force
    end: datetime.date | None  # after extensions and termination
    current: object = None  # the agreement's state
    money: object = None  # its money series (finance.series)

    def runs_in(self, year):
        start = self.version.start_date
        return start.year <= year and (self.end is None or self.end.year >= year)


def _signed(agreements, committee=None, values=None):
    """The agreements with a version in force, in Swedish order of committee and Dnr, each
    with its money series."""
    result = []
    for agreement in agreements:
        current = state(agreement)
        version = current.current
        if version is None or version.start_date is None:
            continue
        if committee is not None and version.committee_id != committee.pk:
            continue
        result.append(_Signed(agreement, version, current.end, current))
    if result:
        _attach_figures([item.agreement for item in result], [item.version for item in result])
    values = list(IndexValue.objects.all()) if values is None else values
    table = figures.index_table(values)
    for item in result:
        item.money = series.agreement_series(item.agreement, item.current, table, values=values)
    result.sort(
        key=lambda item: (
            swedish_key(item.version.committee.name),
            swedish_key(item.agreement.registry_number),
            swedish_key(item.version.title),
            item.agreement.pk,
        )
    )
    return result


def percent(share: Decimal | None) -> Decimal | None:
    """0.195 → 19.5 (for `floatformat:1`, which writes 19,5 in Swedish)."""
    return None if share is None else (share * HUNDRED).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- Committee overview ----------------------------------------------------------------------


@dataclass
class Row:
    """One agreement's line in the overview, for one year."""

    agreement: Agreement
    version: AgreementVersion
    end: datetime.date | None
    scope: figures.Scope
    money: object = None  # the agreement's money series

    @property
    def period_total(self):
        """The committee's money over the whole period (None while not known)."""
        return self.money.total if self.money else None

    @property
    def true_up(self):
        """The net true-up not yet acted on (positive: to pay, negative: to claim back)."""
        return self.money.open_true_up if self.money else ZERO

    @property
    def committee(self):
        return self.version.committee

    @property
    def registry_number(self):
        return self.agreement.registry_number

    @property
    def title(self):
        return self.version.title

    @property
    def partners(self) -> list[str]:
        return [party.organisation.name for party in self.version.parties.all() if party.organisation_id]

    @property
    def planned_participants(self):
        return self.version.planned_participants

    @property
    def participants_note(self):
        return self.version.participants_note

    @property
    def target_group(self):
        return self.version.target_group

    @property
    def referral(self):
        return self.version.referral

    @property
    def activities(self) -> list[str]:
        return [activity.name for activity in self.version.activities.all()]

    @property
    def value(self):
        """The total value per year (municipal money and in kind, and the partners')."""
        return self.scope.total

    @property
    def cost(self):
        """The committee's money per year."""
        return self.scope.municipal_money

    @property
    def municipal(self):
        return self.scope.municipal

    @property
    def share(self):
        return self.scope.municipal_share

    @property
    def share_percent(self):
        return percent(self.share)

    @property
    def unknown(self):
        """The amount is not yet known: the OPI of a year up to this one is not entered."""
        return self.scope.municipal_money is None

    @property
    def preliminary(self):
        return self.scope.preliminary

    @property
    def outside_guideline(self):
        return self.scope.outside_guideline


@dataclass
class Totals:
    """Sums of the rows whose amounts are known; `unknown` says how many were left out."""

    count: int = 0
    value: Decimal = ZERO
    cost: Decimal = ZERO
    municipal: Decimal = ZERO
    period_total: Decimal = ZERO  # the committee's money over the rows' whole periods (known ones)
    true_up: Decimal = ZERO
    unknown: int = 0
    preliminary: bool = False

    def add(self, row: Row):
        self.count += 1
        self.true_up += row.true_up
        if row.period_total is not None:
            self.period_total += row.period_total
        if row.unknown:
            self.unknown += 1
            return
        self.value += row.value
        self.cost += row.cost
        self.municipal += row.municipal
        self.preliminary = self.preliminary or row.preliminary

    @property
    def share(self):
        if not self.value:
            return None
        return (self.municipal / self.value).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)

    @property
    def share_percent(self):
        return percent(self.share)

    @property
    def outside_guideline(self):
        share = self.share
        return share is not None and not (figures.GUIDELINE_LOW <= share <= figures.GUIDELINE_HIGH)


@dataclass
class Overview:
    year: int
    committee: object  # Committee, or None for all committees
    rows: list[Row]
    totals: Totals


def _rows(signed, year):
    return [
        Row(item.agreement, item.version, item.end, series.year_scope(item.money, item.version, year), item.money)
        for item in signed
    ]


def committee_overview(*, user, year: int, committee=None) -> Overview:
    """Every agreement in force some time in `year` (of `committee`, or of all committees)
    with the figures of that year, and their totals."""
    signed = _signed(_agreements(user, until_year=year, committee=committee), committee)
    return _overview(signed, year, committee)


def _overview(signed, year, committee) -> Overview:
    rows = _rows([item for item in signed if item.runs_in(year)], year)
    totals = Totals()
    for row in rows:
        totals.add(row)
    return Overview(year, committee, rows, totals)


# --- Municipality overview -------------------------------------------------------------------


@dataclass
class CommitteeLine:
    committee: object
    totals: Totals


@dataclass
class MunicipalityOverview:
    year: int
    lines: list[CommitteeLine]
    totals: Totals


def municipality_overview(*, user, year: int) -> MunicipalityOverview:
    """Per committee: its agreements in `year`, their value, its cost and the municipal share."""
    return _municipality(committee_overview(user=user, year=year))


def municipality_overview_and_money(*, user, year: int, years) -> tuple[MunicipalityOverview, dict]:
    """`municipality_overview` of `year` and `money_per_committee` of `years` (none after
    `year`), from one load of the agreements and the index table."""
    years = sorted(set(years))
    if years and years[-1] > year:
        raise ValueError("The years of the money end by the year of the overview.")
    signed = _signed(_agreements(user, until_year=year))
    return _municipality(_overview(signed, year, None)), _money(signed, years)


def _municipality(overview: Overview) -> MunicipalityOverview:
    lines: dict[int, CommitteeLine] = {}
    for row in overview.rows:  # already in committee order
        line = lines.setdefault(row.committee.pk, CommitteeLine(row.committee, Totals()))
        line.totals.add(row)
    return MunicipalityOverview(overview.year, list(lines.values()), overview.totals)


# --- Money per committee over the years, and its chart ---------------------------------------


def money_per_committee(*, user, years) -> dict:
    """{committee: {year: municipal money}} for the committees with agreements in any of
    `years`. A year holds None when some agreement's money that year is not yet known
    (a missing OPI): a partial sum would look like a drop."""
    years = sorted(set(years))
    if not years:
        return {}
    return _money(_signed(_agreements(user, until_year=years[-1])), years)


def _money(signed, years) -> dict:
    """money_per_committee of the loaded agreements (`years` sorted)."""
    result: dict = {}
    for item in signed:
        running = [year for year in years if item.runs_in(year)]
        if not running:
            continue
        committee = item.version.committee
        sums = result.setdefault(committee, dict.fromkeys(years, ZERO))
        for year in running:
            money = item.money.amount_in_year(year)
            sums[year] = None if money is None or sums[year] is None else sums[year] + money
    return dict(sorted(result.items(), key=lambda pair: swedish_key(pair[0].name)))


# Okabe–Ito colours: told apart also by people with colour vision deficiency.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")


@dataclass
class Bar:
    x: float
    y: float
    w: float
    h: float
    label: str
    color: str
    committee: object
    year: int
    amount: Decimal


@dataclass
class Chart:
    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    years: list[int]
    bars: list[Bar] = field(default_factory=list)
    ticks: list[tuple[float, Decimal]] = field(default_factory=list)  # (y, amount)
    year_labels: list[tuple[float, int]] = field(default_factory=list)  # (x, year)
    legend: list[tuple[object, str]] = field(default_factory=list)  # (committee, colour)
    series: dict = field(default_factory=dict)
    unknown: list[tuple[object, int]] = field(default_factory=list)  # (committee, year) not drawn

    @property
    def plot_width(self):
        return self.right - self.left

    @property
    def plot_height(self):
        return self.bottom - self.top

    @property
    def rows(self):
        """[(year, [amount or None per committee])] for the table beside the chart."""
        return [(year, [amounts[year] for amounts in self.series.values()]) for year in self.years]


def nice_ceiling(value: Decimal, steps: int = 4) -> Decimal:
    """The top of the axis: `steps` equal steps of 1, 2, 2.5 or 5 × 10^n that reach `value`."""
    if value <= 0:
        return Decimal(steps)
    raw = value / steps
    magnitude = Decimal(10) ** (len(str(int(raw))) - 1) if raw >= 1 else Decimal(1)
    for factor in (1, 2, Decimal("2.5"), 5, 10):
        step = factor * magnitude
        if step * steps >= value:
            return step * steps
    return 10 * magnitude * steps  # not reached


def _coordinate(value) -> float:
    return round(float(value), 1)


def chart(series: dict, *, width: int = 760, height: int = 360, steps: int = 4) -> Chart:
    """Grouped bars: one group per year, one bar per committee. The geometry is in SVG user
    units; the template only draws it."""
    years = sorted({year for amounts in series.values() for year in amounts})
    result = Chart(width, height, left=110, top=20, right=width - 10, bottom=height - 50, years=years, series=series)
    known = [amount for amounts in series.values() for amount in amounts.values() if amount is not None]
    top_value = nice_ceiling(max(known, default=ZERO), steps)
    scale = Decimal(result.plot_height) / top_value
    for index in range(steps + 1):
        amount = top_value * index / steps
        result.ticks.append((_coordinate(result.bottom - amount * scale), amount))
    committees = list(series)
    result.legend = [(committee, PALETTE[index % len(PALETTE)]) for index, committee in enumerate(committees)]
    if not years or not committees:
        return result
    group = Decimal(result.plot_width) / len(years)
    bar = group * Decimal("0.8") / len(committees)
    for position, year in enumerate(years):
        group_left = result.left + group * position + group * Decimal("0.1")
        result.year_labels.append((_coordinate(result.left + group * position + group / 2), year))
        for index, (committee, colour) in enumerate(result.legend):
            amount = series[committee].get(year)
            if amount is None:
                result.unknown.append((committee, year))
                continue
            if not amount:
                continue  # nothing to draw; the table says 0 kr
            h = amount * scale
            result.bars.append(
                Bar(
                    x=_coordinate(group_left + bar * index),
                    y=_coordinate(result.bottom - h),
                    w=_coordinate(bar),
                    h=_coordinate(h),
                    label=f"{committee} {year}: {format_amount(amount)}",
                    color=colour,
                    committee=committee,
                    year=year,
                    amount=amount,
                )
            )
    return result
