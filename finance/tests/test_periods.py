"""Money periods as dates: calendar and agreement years, partial periods pro rata by months
and days, instalment due dates. Figures worked out by hand in the comments; properties
checked with Hypothesis over random periods and terms."""

import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from finance import periods as P
from iop.core.dates import first_of_month, month_end

D = datetime.date
QUICK = settings(max_examples=200, deadline=None)


def spans(start, end, kind=P.CALENDAR):
    return [(span.start, span.end) for span in P.periods(start, end, kind)]


def test_a_mid_year_start_and_end_in_calendar_years():
    assert spans(D(2024, 7, 1), D(2026, 3, 31)) == [
        (D(2024, 7, 1), D(2024, 12, 31)),
        (D(2025, 1, 1), D(2025, 12, 31)),
        (D(2026, 1, 1), D(2026, 3, 31)),
    ]


def test_agreement_years_run_from_the_start_date():
    # Stadsmission: 2018-07-01 – 2021-06-30 is three whole agreement years, no fourth
    assert spans(D(2018, 7, 1), D(2021, 6, 30), P.AGREEMENT_YEAR) == [
        (D(2018, 7, 1), D(2019, 6, 30)),
        (D(2019, 7, 1), D(2020, 6, 30)),
        (D(2020, 7, 1), D(2021, 6, 30)),
    ]
    # 18 months April–March: one whole year and half a year
    assert spans(D(2024, 4, 1), D(2025, 9, 30), P.AGREEMENT_YEAR) == [
        (D(2024, 4, 1), D(2025, 3, 31)),
        (D(2025, 4, 1), D(2025, 9, 30)),
    ]


def test_partial_periods_are_pro_rated_by_whole_months():
    first, whole, last = P.periods(D(2024, 7, 1), D(2026, 3, 31))
    yearly = Decimal("240000")
    assert P.pro_rated(yearly, first) == Decimal("120000")  # 6 / 12
    assert P.pro_rated(yearly, whole) == Decimal("240000")
    assert P.pro_rated(yearly, last) == Decimal("60000")  # 3 / 12


def test_a_part_month_counts_its_days_over_the_months_days():
    (first,) = P.periods(D(2024, 7, 15), D(2024, 12, 31))
    # July 17/31 + August–December 5 = 5,548… months; 100 000 × 5,548… / 12 = 46 236,56 → 46 237
    assert first.months == 5 + Decimal(17) / 31
    assert P.pro_rated(Decimal("100000"), first) == Decimal("46237")
    # February 2024 has 29 days: 10 of them are 10/29 of a month
    (short,) = P.periods(D(2024, 2, 20), D(2024, 2, 29))
    assert short.months == Decimal(10) / 29


def test_an_18_month_and_a_42_month_agreement():
    yearly = Decimal("120000")
    eighteen = P.periods(D(2024, 7, 1), D(2025, 12, 31), P.AGREEMENT_YEAR)
    assert [P.pro_rated(yearly, span) for span in eighteen] == [Decimal("120000"), Decimal("60000")]
    forty_two = P.periods(D(2023, 7, 1), D(2026, 12, 31))
    amounts = [P.pro_rated(yearly, span) for span in forty_two]
    assert amounts == [Decimal("60000"), yearly, yearly, yearly] and sum(amounts) == Decimal("420000")


def test_instalments_fall_due_in_the_payment_months_inside_each_period():
    first, whole, last = P.periods(D(2024, 7, 1), D(2026, 3, 31))
    # January lies before a start in July: due in the first month instead
    assert P.due_dates(first, [1]) == [D(2024, 7, 31)]
    assert P.due_dates(whole, [1, 7]) == [D(2025, 1, 31), D(2025, 7, 31)]
    # July lies after an end in March: it drops out, January takes the period's money
    assert P.due_dates(last, [1, 7]) == [D(2026, 1, 31)]
    # both before the start: one instalment in the first month
    assert P.due_dates(first, [1, 4]) == [D(2024, 7, 31)]
    # no payment month left in the period: due in its first month
    assert P.due_dates(last, [12]) == [D(2026, 1, 31)]
    # agreement years July–June, paid each July
    year = P.periods(D(2018, 7, 1), D(2019, 6, 30), P.AGREEMENT_YEAR)[0]
    assert P.due_dates(year, [7]) == [D(2018, 7, 31)]
    assert P.due_dates(year, [1]) == [D(2019, 1, 31)]


def test_a_period_is_cut_where_an_amendments_money_starts():
    cut = P.split_at(P.periods(D(2024, 1, 1), D(2025, 12, 31)), D(2025, 7, 1))
    assert [(span.start, span.end) for span in cut] == [
        (D(2024, 1, 1), D(2024, 12, 31)),
        (D(2025, 1, 1), D(2025, 6, 30)),
        (D(2025, 7, 1), D(2025, 12, 31)),
    ]
    # both halves belong to the whole year 2025 (its OPI, its yearly amount)
    assert {(span.nominal_start, span.nominal_end) for span in cut[1:]} == {(D(2025, 1, 1), D(2025, 12, 31))}


# --- Properties ---------------------------------------------------------------------------------

days = st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 12, 31))
kinds = st.sampled_from([P.CALENDAR, P.AGREEMENT_YEAR])
amounts = st.integers(min_value=0, max_value=1_000_000_000).map(Decimal)


@st.composite
def agreement_periods(draw):
    start = draw(days)
    end = draw(st.dates(min_value=start, max_value=min(D(2045, 12, 31), start + datetime.timedelta(days=365 * 6))))
    return start, end, draw(kinds)


@QUICK
@given(agreement_periods())
def test_a_period_series_counts_every_day_once(case):
    start, end, kind = case
    result = P.periods(start, end, kind)
    assert result[0].start == start and result[-1].end == end
    for earlier, later in zip(result, result[1:], strict=False):
        assert later.start == earlier.end + P.ONE_DAY  # no gap, no overlap
    assert all(span.nominal_start <= span.start <= span.end <= span.nominal_end for span in result)
    assert sum((span.end - span.start).days + 1 for span in result) == (end - start).days + 1


@QUICK
@given(amounts, st.integers(2000, 2040), st.lists(st.integers(1, 364), max_size=6, unique=True), kinds)
def test_the_pro_rated_parts_of_a_whole_period_add_up_to_the_yearly_amount(yearly, year, cuts, kind):
    start = D(year, 1, 1) if kind == P.CALENDAR else D(year, 7, 1)
    (whole,) = P.periods(start, P.periods(start, start + datetime.timedelta(days=400), kind)[0].end, kind)
    parts = [whole]
    for offset in sorted(cuts):
        parts = P.split_at(parts, whole.start + datetime.timedelta(days=offset))
    assert sum(P.pro_rated(yearly, part) for part in parts) == yearly
    assert all(P.pro_rated(yearly, part) >= 0 for part in parts)


@QUICK
@given(agreement_periods(), amounts)
def test_recomputing_changes_nothing_and_no_part_is_worth_more_than_a_year(case, yearly):
    start, end, kind = case
    once = [P.pro_rated(yearly, span) for span in P.periods(start, end, kind)]
    assert [P.pro_rated(yearly, span) for span in P.periods(start, end, kind)] == once
    assert all(0 <= amount <= yearly for amount in once)


@QUICK
@given(agreement_periods(), st.sets(st.integers(1, 12), min_size=1))
def test_every_period_has_an_instalment_inside_its_months(case, months):
    start, end, kind = case
    for span in P.periods(start, end, kind):
        dues = P.due_dates(span, sorted(months))
        assert dues and dues == sorted(set(dues))
        assert all(first_of_month(span.start) <= due <= month_end(span.end) for due in dues)
