import datetime

import pytest

from iop.core.dates import add_months, extend_period

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
