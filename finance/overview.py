"""Overviews of many agreements' money: per committee and year (the table of the
arbetsmarknadsnämnden 2020 document), across the municipality, and municipal money per
committee over the years with the geometry of its chart.

Reads only. Whatever the number of agreements and years, each function loads its data in
a fixed number of queries (the agreements with their state, versions, contributions,
terms and activities, and one index table) and computes the rest in Python.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from agreements import bulk
from agreements.models import Activity, Agreement, AgreementVersion, Status
from agreements.state import state
from finance import figures, readmodel, series
from finance.models import IndexValue
from iop.accounts import access
from iop.core import charts
from iop.core.charts import PALETTE
from iop.core.collation import swedish_key
from iop.core.formatting import format_amount, percent

ZERO = Decimal("0")


# --- Loading ---------------------------------------------------------------------------------


# What a row reads of the version in force besides what `state()` reads.
ROW_FIELDS = ("planned_participants", "participants_note", "target_group", "referral")


def _agreements(user, *, until_year, municipality=None, committee=None):
    """The agreements of `municipality` the user may see that have a signed version starting
    by the end of `until_year`, with what `state()` and the rows read of their versions
    (`_signed` adds the money of the versions in force). One municipality at a time: an
    overview never adds municipalities together, not even for the installation's superuser,
    who names the municipality (by default the user's own)."""
    municipality_id = municipality.pk if municipality is not None else user.municipality_id
    signed = AgreementVersion.objects.filter(status=Status.SIGNED, start_date__lte=datetime.date(until_year, 12, 31))
    if committee is not None:
        signed = signed.filter(committee=committee)  # narrows the load; the version in force decides below
    queryset = access.visible(user, Agreement).filter(municipality=municipality_id, pk__in=signed.values("agreement"))
    agreements = list(queryset.select_related("termination", "municipality"))
    bulk.attach_state(agreements, version_fields=ROW_FIELDS, committee=True, parts=True)
    return agreements


def _attach_figures(agreements, versions):
    """What the money series and the rows read: the agreements' money (`finance.readmodel`),
    and the activities of the versions in force."""
    money = readmodel.load(agreements)
    pks = [version.pk for version in versions]
    activities = Activity.objects.filter(version__in=pks).only("version", "name", "order")
    bulk.attach(versions, "activities", Activity, bulk.by(activities, "version_id"))
    return money


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
        version = current.in_force
        if version is None or version.start_date is None:
            continue
        if committee is not None and version.committee_id != committee.pk:
            continue
        result.append(_Signed(agreement, version, current.end, current))
    money = _attach_figures([item.agreement for item in result], [item.version for item in result]) if result else {}
    values = list(IndexValue.objects.all()) if values is None else values
    table = figures.index_table(values)
    for item in result:
        item.money = series.money_series(money[item.agreement.pk], item.current, table, values=values)
    result.sort(
        key=lambda item: (
            swedish_key(item.version.committee.name),
            swedish_key(item.agreement.registry_number),
            swedish_key(item.version.title),
            item.agreement.pk,
        )
    )
    return result


# --- Committee overview ----------------------------------------------------------------------


@dataclass
class Row:
    """One agreement's line in the overview, for one year: the version in force and the
    figures of the year (`scope`)."""

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
    def partners(self) -> list[str]:
        return [party.organisation.name for party in self.version.parties.all() if party.organisation_id]

    @property
    def activities(self) -> list[str]:
        return [activity.name for activity in self.version.activities.all()]

    @property
    def unknown(self):
        """The amount is not yet known: the OPI of a year up to this one is not entered."""
        return self.scope.municipal_money is None


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
    # The rows' municipality's band; None without one, or when the rows' bands differ
    # (a superuser's overview of several municipalities: each row is judged by its own).
    guideline: figures.Guideline | None = None

    def add(self, row: Row):
        self.guideline = row.scope.guideline if self.count == 0 or self.guideline == row.scope.guideline else None
        self.count += 1
        self.true_up += row.true_up
        if row.period_total is not None:
            self.period_total += row.period_total
        if row.unknown:
            self.unknown += 1
            return
        self.value += row.scope.total
        self.cost += row.scope.municipal_money
        self.municipal += row.scope.municipal
        self.preliminary = self.preliminary or row.scope.preliminary

    @property
    def share(self):
        return figures.municipal_share(self.municipal, self.value)

    @property
    def share_percent(self):
        return percent(self.share)

    @property
    def outside_guideline(self):
        return figures.outside_guideline(self.share, self.guideline)


@dataclass
class Overview:
    year: int
    committee: object  # Committee, or None for all committees
    rows: list[Row]
    totals: Totals


def _rows(signed, year):
    return [
        Row(
            item.agreement,
            item.version,
            item.end,
            series.year_scope(item.money, item.version, year, figures.guideline_of(item.agreement.municipality)),
            item.money,
        )
        for item in signed
    ]


def committee_overview(*, user, year: int, municipality=None, committee=None) -> Overview:
    """Every agreement of `municipality` in force some time in `year` (of `committee`, or of
    all its committees) with the figures of that year, and their totals."""
    signed = _signed(_agreements(user, until_year=year, municipality=municipality, committee=committee), committee)
    return _overview(signed, year, committee, _guideline(user, municipality))


def _guideline(user, municipality=None):
    """The band an overview states: that of the municipality shown (by default the user's)."""
    municipality = municipality or user.municipality
    return figures.guideline_of(municipality) if municipality is not None else None


def _overview(signed, year, committee, guideline) -> Overview:
    rows = _rows([item for item in signed if item.runs_in(year)], year)
    totals = Totals(guideline=guideline)
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


def municipality_overview(*, user, year: int, municipality=None) -> MunicipalityOverview:
    """Per committee: its agreements in `year`, their value, its cost and the municipal share."""
    return _municipality(committee_overview(user=user, year=year, municipality=municipality))


def municipality_overview_and_money(*, user, year: int, years, municipality=None) -> tuple[MunicipalityOverview, dict]:
    """`municipality_overview` of `year` and `money_per_committee` of `years` (none after
    `year`), from one load of the agreements and the index table."""
    years = sorted(set(years))
    if years and years[-1] > year:
        raise ValueError("The years of the money end by the year of the overview.")
    signed = _signed(_agreements(user, until_year=year, municipality=municipality))
    return _municipality(_overview(signed, year, None, _guideline(user, municipality))), _money(signed, years)


def _municipality(overview: Overview) -> MunicipalityOverview:
    lines: dict[int, CommitteeLine] = {}
    for row in overview.rows:  # already in committee order
        line = lines.setdefault(
            row.version.committee_id, CommitteeLine(row.version.committee, Totals(guideline=row.scope.guideline))
        )
        line.totals.add(row)
    return MunicipalityOverview(overview.year, list(lines.values()), overview.totals)


# --- Money per committee over the years, and its chart ---------------------------------------


def money_per_committee(*, user, years, municipality=None) -> dict:
    """{committee: {year: municipal money}} for the committees with agreements in any of
    `years`. A year holds None when some agreement's money that year is not yet known
    (a missing OPI): a partial sum would look like a drop."""
    years = sorted(set(years))
    if not years:
        return {}
    return _money(_signed(_agreements(user, until_year=years[-1], municipality=municipality)), years)


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


@dataclass
class Bar(charts.Bar):
    committee: object
    year: int
    amount: Decimal


@dataclass
class Chart(charts.Plot):
    """Grouped bars: one group per year, one bar per committee."""

    years: list[int] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    year_labels: list[tuple[float, int]] = field(default_factory=list)  # (x, year)
    legend: list[tuple[object, str]] = field(default_factory=list)  # (committee, colour)
    series: dict = field(default_factory=dict)
    unknown: list[tuple[object, int]] = field(default_factory=list)  # (committee, year) not drawn

    @property
    def rows(self):
        """[(year, [amount or None per committee])] for the table beside the chart."""
        return [(year, [amounts[year] for amounts in self.series.values()]) for year in self.years]


def chart(series: dict, *, width: int = 760, height: int = 360, steps: int = 4) -> Chart:
    """The chart of `money_per_committee`: {committee: {year: amount or None}}."""
    years = sorted({year for amounts in series.values() for year in amounts})
    result = Chart(width, height, left=110, top=20, right=width - 10, bottom=height - 50, years=years, series=series)
    known = [amount for amounts in series.values() for amount in amounts.values() if amount is not None]
    result.scale_to(max(known, default=ZERO), steps)
    committees = list(series)
    result.legend = [(committee, PALETTE[index % len(PALETTE)]) for index, committee in enumerate(committees)]
    if not committees:
        return result
    for year, slot in zip(years, result.slots(len(years), fill=Decimal("0.8")), strict=True):
        result.year_labels.append((slot.middle, year))
        bar = slot.width / len(committees)
        for index, (committee, colour) in enumerate(result.legend):
            amount = series[committee].get(year)
            if amount is None:
                result.unknown.append((committee, year))
                continue
            if not amount:
                continue  # nothing to draw; the table says 0 kr
            result.bars.append(
                Bar(
                    **result.rect(slot.left + bar * index, bar, amount),
                    label=f"{committee} {year}: {format_amount(amount)}",
                    color=colour,
                    committee=committee,
                    year=year,
                    amount=amount,
                )
            )
    return result
