import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iop.core.dates import add_months, extend_period, first_of_month, month_end

D = datetime.date


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (D(2020, 1, 31), 1, D(2020, 2, 29)),  # leap year
        (D(2021, 1, 31), 1, D(2021, 2, 28)),
        (D(2021, 8, 31), 6, D(2022, 2, 28)),
        (D(2023, 8, 31), 6, D(2024, 2, 29)),
        (D(2021, 3, 15), 6, D(2021, 9, 15)),
        (D(2022, 12, 31), -6, D(2022, 6, 30)),
        (D(2021, 11, 30), 3, D(2022, 2, 28)),
        (D(2019, 12, 1), 12, D(2020, 12, 1)),
    ],
)
def test_add_months_keeps_the_day_number_or_takes_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    "end, months, expected",
    [
        (D(2022, 12, 31), 36, D(2025, 12, 31)),  # Resurspoolen: three more years
        (D(2021, 6, 30), 36, D(2024, 6, 30)),  # Stadsmission, were it extended
        (D(2023, 2, 28), 12, D(2024, 2, 29)),  # a period ending in February runs to its end
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2020, 4, 30), 6, D(2020, 10, 31)),  # runs to the end of the month
    ],
)
def test_extension_moves_the_end_by_whole_months(end, months, expected):
    assert extend_period(end, months) == expected


@pytest.mark.parametrize(
    "day, expected",
    [
        (D(2021, 1, 31), D(2021, 1, 31)),
        (D(2021, 1, 1), D(2021, 1, 31)),
        (D(2024, 2, 10), D(2024, 2, 29)),  # leap year
        (D(2023, 2, 10), D(2023, 2, 28)),
        (D(2100, 2, 1), D(2100, 2, 28)),  # a century not divisible by 400: no leap day
        (D(2000, 2, 1), D(2000, 2, 29)),
        (D(2021, 4, 15), D(2021, 4, 30)),  # 30-day months
        (D(2021, 6, 30), D(2021, 6, 30)),
        (D(2021, 9, 1), D(2021, 9, 30)),
        (D(2021, 11, 29), D(2021, 11, 30)),
        (D(2021, 12, 5), D(2021, 12, 31)),
    ],
)
def test_month_end_is_the_last_day_of_the_month(day, expected):
    assert month_end(day) == expected


@pytest.mark.parametrize("day", [D(2021, 1, 31), D(2024, 2, 29), D(2021, 4, 30), D(2021, 12, 1), D(2021, 7, 16)])
def test_first_of_month_is_the_first_day_of_the_same_month(day):
    assert first_of_month(day) == D(day.year, day.month, 1)


def test_adding_a_month_to_the_end_of_january_gives_the_end_of_february():
    assert add_months(D(2021, 1, 31), 1) == D(2021, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2024, 1, 30), 1) == D(2024, 2, 29)
    assert add_months(D(2021, 1, 31), 3) == D(2021, 4, 30)  # a 30-day month


def test_a_leap_day_moves_to_the_end_of_february_in_other_years():
    assert add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert add_months(D(2024, 2, 29), 48) == D(2028, 2, 29)
    assert add_months(D(2024, 2, 29), -12) == D(2023, 2, 28)


def test_adding_months_across_the_year_and_back_again():
    assert add_months(D(2021, 11, 15), 2) == D(2022, 1, 15)
    assert add_months(D(2022, 1, 15), -2) == D(2021, 11, 15)
    assert add_months(D(2021, 3, 31), 0) == D(2021, 3, 31)


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31)))
def test_month_end_and_first_of_month_bracket_every_day(day):
    end = month_end(day)
    assert first_of_month(day) <= day <= end
    assert (end + datetime.timedelta(days=1)).day == 1
    assert first_of_month(end) == first_of_month(day)


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31)), st.integers(min_value=1, max_value=120))
def test_a_period_ending_on_a_month_end_is_extended_to_a_month_end(day, months):
    end = month_end(day)
    assert extend_period(end, months) == month_end(add_months(first_of_month(end), months))
