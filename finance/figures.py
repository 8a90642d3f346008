"""The building blocks of an agreement's money: the index table, indexation, the
contributions and the yearly scope. The period series (`finance.series`) puts them
together per money period. Reads only; nothing here is stored, so nothing can disagree.
A version's money comes as `finance.readmodel.VersionMoney`, plain data.

Indexation, as DOMAIN.md states it: from the first indexation year, each year's municipal
amount is last year's raised by that year's OPI, rounded to whole kronor, Decimal
throughout. A year whose OPI is not entered has no amount yet (None), and neither has any
later year: a guess would be a silent 0 %.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from finance.models import ContributionKind, IndexStatus, IndexValue
from finance.readmodel import contributions_of, parties_of, terms_of
from iop.core.formatting import percent

KRONA = Decimal("1")


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
    """The committee's money per year before indexation (`version`: its `VersionMoney`)."""
    return sum(
        (c.amount for c in contributions_of(version) if c.kind == ContributionKind.MONEY and c.amount is not None),
        Decimal("0"),
    )


def valued_contributions(version, *, public: bool) -> Decimal:
    """What the committee (public=True) or the partners put in beyond the committee's money."""
    total = Decimal("0")
    for contribution in contributions_of(version):
        if contribution.party.is_public != public or contribution.kind == ContributionKind.MONEY:
            continue
        total += contribution.yearly_value or Decimal("0")
    return total


def first_indexation_year(version):
    terms = terms_of(version)  # None: no terms yet
    return terms.indexation_from_year if terms else None


def payment_months(version):
    terms = terms_of(version)
    return list(terms.months) if terms else [1]  # without terms: once a year in January


# --- The guideline ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Guideline:
    """A municipality's band for its share of an IOP's value (by default about half, 40–60 %)."""

    low: int  # percent
    high: int

    def outside(self, share) -> bool:
        return share is not None and not (Decimal(self.low) / 100 <= share <= Decimal(self.high) / 100)


def guideline_of(municipality) -> Guideline | None:
    """The municipality's band; None when it has none (then no share is flagged)."""
    if municipality is None or municipality.guideline_min is None or municipality.guideline_max is None:
        return None
    return Guideline(municipality.guideline_min, municipality.guideline_max)


@dataclass
class Scope:
    """The economic scope of an agreement for one year."""

    year: int
    municipal_money: Decimal | None
    municipal_in_kind: Decimal
    partners: Decimal
    preliminary: bool = False
    guideline: Guideline | None = None  # the agreement's municipality's band

    @property
    def municipal(self):
        return None if self.municipal_money is None else self.municipal_money + self.municipal_in_kind

    @property
    def total(self):
        return None if self.municipal is None else self.municipal + self.partners

    @property
    def municipal_share(self):
        return municipal_share(self.municipal, self.total)

    @property
    def municipal_share_percent(self):
        return percent(self.municipal_share)

    @property
    def outside_guideline(self):
        return outside_guideline(self.municipal_share, self.guideline)


def municipal_share(municipal, total) -> Decimal | None:
    """The municipality's part of the whole value, to a tenth of a percent; None without a whole."""
    if not total:  # unknown or zero
        return None
    return (municipal / total).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def outside_guideline(share, guideline: Guideline | None) -> bool:
    """Whether the share lies outside the municipality's band; never without a band."""
    return guideline is not None and guideline.outside(share)


def scope(version, year, *, money, months=Decimal("12"), preliminary=False, guideline=None) -> Scope:
    """The scope of `year`: the committee's money of the year (from the period series) and
    the valued contributions for the months the agreement runs in it, judged against
    `guideline` (the agreement's municipality's, `guideline_of`)."""
    share = months / 12
    return Scope(
        year=year,
        municipal_money=money,
        municipal_in_kind=whole_kronor(valued_contributions(version, public=True) * share),
        partners=whole_kronor(valued_contributions(version, public=False) * share),
        preliminary=preliminary,
        guideline=guideline,
    )


def party_shares(version):
    """[(party, yearly value)] of every party, for the "each party's share" table."""
    rows = []
    contributions = contributions_of(version)
    for party in parties_of(version):
        values = [c.yearly_value for c in contributions if c.party_id == party.pk]
        rows.append((party, sum((v for v in values if v is not None), Decimal("0"))))
    return rows
