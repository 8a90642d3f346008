"""Indexation and instalments hold for any OPI values, not only the published ones.

The tables are built directly (IndexUsed), so no database is needed; the expected amounts
are computed here, independently of finance.figures, with Decimal and half-up rounding.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from finance import figures, readmodel, series
from finance.figures import IndexUsed
from finance.models import ContributionKind, IndexStatus, PeriodKind

FIRST, LAST = 2000, 2040
QUICK = settings(max_examples=100, deadline=None)

percents = st.decimals(min_value=Decimal("-10"), max_value=Decimal("20"), places=2)
non_negative_percents = st.decimals(min_value=Decimal("0"), max_value=Decimal("20"), places=2)
statuses = st.sampled_from([IndexStatus.PRELIMINARY, IndexStatus.DEFINITIVE])
# Kronor with öre, up to the model's limit of a billion.
bases = st.decimals(min_value=Decimal("0"), max_value=Decimal("1000000000"), places=2)
whole_bases = st.integers(min_value=0, max_value=1_000_000_000).map(Decimal)


@st.composite
def agreements(draw, percent=percents, base=bases):
    """(base, first indexation year, years asked for, a table with every year from FIRST to LAST)."""
    start = draw(st.integers(FIRST, LAST - 1))
    end = draw(st.integers(start, LAST))
    first_year = draw(st.integers(start, end + 1))
    table = {year: IndexUsed(year, draw(percent), draw(statuses)) for year in range(FIRST, LAST + 1)}
    return draw(base), first_year, range(start, end + 1), table


def expected(base, first_year, years, table):
    """Year by year, the way DOMAIN.md says it: last year's amount × (1 + OPI/100), whole kronor."""
    amounts, amount = {}, base
    for year in range(min(years[0], first_year), years[-1] + 1):
        if year >= first_year:
            amount = (amount * (100 + table[year].percent) / 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
        amounts[year] = amount
    return [amounts[year] for year in years]


@QUICK
@given(agreements())
def test_each_year_is_last_years_amount_raised_by_its_opi_and_rounded_half_up(case):
    base, first_year, years, table = case
    rows = figures.indexed_amounts(base, first_year, years, table)
    assert [row.year for row in rows] == list(years)
    assert [row.amount for row in rows] == expected(base, first_year, years, table)
    for row in rows:
        assert row.base == base
        assert row.index == (table[row.year] if row.year >= first_year else None)
        # Rests on a forecast exactly when an OPI used so far is preliminary.
        used = [table[year] for year in range(first_year, row.year + 1)]
        assert row.preliminary == any(index.preliminary for index in used)


@QUICK
@given(agreements(percent=non_negative_percents, base=whole_bases))
def test_a_non_negative_opi_never_lowers_the_amount(case):
    amounts = [row.amount for row in figures.indexed_amounts(*case)]
    assert all(earlier <= later for earlier, later in zip(amounts, amounts[1:], strict=False))


@QUICK
@given(agreements(), st.data())
def test_recomputing_or_asking_for_fewer_years_gives_the_same_amounts(case, data):
    base, first_year, years, table = case
    once = figures.indexed_amounts(base, first_year, years, table)
    assert figures.indexed_amounts(base, first_year, years, table) == once
    some = data.draw(st.lists(st.sampled_from(list(years)), min_size=1, unique=True))
    by_year = {row.year: row for row in once}
    assert figures.indexed_amounts(base, first_year, some, table) == [by_year[year] for year in sorted(some)]


@QUICK
@given(agreements(), st.data())
def test_a_missing_opi_leaves_that_year_and_every_later_year_unknown(case, data):
    base, first_year, years, table = case
    missing = data.draw(st.integers(FIRST, LAST))
    del table[missing]
    rows = figures.indexed_amounts(base, first_year, years, table)
    # Where the gap is not reached (or lies before indexation starts) its value cannot matter.
    filled = expected(
        base, first_year, years, table | {missing: IndexUsed(missing, Decimal("0"), IndexStatus.DEFINITIVE)}
    )
    for row, amount in zip(rows, filled, strict=True):
        if first_year <= missing <= row.year:
            assert row.amount is None and not row.known and not row.preliminary
        else:
            assert row.amount == amount


@QUICK
@given(bases, st.integers(FIRST + 1, LAST), st.integers(0, 10), st.data())
def test_years_before_the_first_indexation_year_keep_the_base(base, first_year, before, data):
    years = range(max(FIRST, first_year - before), first_year)
    # Whatever the table holds, even nothing at all, it is not used before the first year.
    table = data.draw(st.dictionaries(st.integers(FIRST, LAST), st.builds(IndexUsed, st.just(0), percents, statuses)))
    rows = figures.indexed_amounts(base, first_year, years, table)
    assert [(row.amount, row.index, row.preliminary) for row in rows] == [(base, None, False)] * len(years)


@QUICK
@given(bases, st.integers(FIRST, LAST))
def test_an_agreement_without_indexation_keeps_its_base_every_year(base, start):
    rows = figures.indexed_amounts(base, None, range(start, start + 5), {})
    assert [row.amount for row in rows] == [base] * 5


# --- Instalments ------------------------------------------------------------------------------


def _version(base, months, first_year, start, end, partners=1):
    """Just what the period series reads of a version: parties, contributions, terms, split."""
    committee = readmodel.PartyMoney(pk=1, is_public=True, organisation=None, order=0)
    parties = [committee] + [
        readmodel.PartyMoney(
            pk=2 + n, is_public=False, organisation=SimpleNamespace(pk=10 + n, name=f"Partner {n}"), order=1 + n
        )
        for n in range(partners)
    ]
    money = readmodel.ContributionMoney(1, committee, ContributionKind.MONEY, base, None, None, base)
    terms = readmodel.Terms(PeriodKind.CALENDAR, tuple(months), first_year, None)
    return readmodel.VersionMoney(
        pk=1,
        number=1,
        status="signed",
        decision_date=start,
        signed_on=start,
        start_date=start,
        end_date=end,
        terms=terms,
        parties=tuple(parties),
        contributions=(money,),
        split=(),
        stated=(),
    )


@QUICK
@given(
    bases,
    st.sets(st.integers(1, 12), min_size=1),
    st.integers(2018, 2024),
    st.dictionaries(st.integers(2015, 2030), st.builds(IndexUsed, st.just(0), percents, statuses)),
)
def test_the_instalments_of_a_year_add_up_exactly_to_its_amount(base, months, first_year, table):
    table = {year: IndexUsed(year, used.percent, used.status) for year, used in table.items()}
    start, end = datetime.date(2020, 1, 1), datetime.date(2025, 12, 31)
    version = _version(base, sorted(months), first_year, start, end)
    items = series.period_series([version], end, table, today=datetime.date(2026, 11, 22)).instalments
    # The OPI of year Y raises the period that begins in Y: none before the first period.
    first = max(first_year, 2020)
    yearly = {row.year: row for row in figures.indexed_amounts(base, first, range(2020, 2026), table)}
    for year, row in yearly.items():
        mine = [item for item in items if item.year == year]
        assert [item.due.month for item in mine] == sorted(months)
        if row.amount is None:
            assert all(item.amount is None and item.status == "unknown" for item in mine)
        else:
            assert sum(item.amount for item in mine) == row.amount
            assert all(item.preliminary == row.preliminary for item in mine)


@QUICK
@given(st.integers(1, 1_000_000_000).map(Decimal), st.sets(st.integers(1, 12), min_size=1))
def test_instalments_are_whole_kronor_and_equal_but_for_the_last(base, months):
    end = datetime.date(2020, 12, 31)
    items = series.period_series(
        [_version(base, sorted(months), None, datetime.date(2020, 1, 1), end)], end, {}
    ).instalments
    amounts = [item.amount for item in items]
    assert sum(amounts) == base
    assert all(amount == amount.to_integral_value() for amount in amounts)
    assert len(set(amounts[:-1])) <= 1
