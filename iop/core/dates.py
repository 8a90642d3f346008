"""Calendar arithmetic in whole months, as Swedish law counts them: pure functions on dates.

A period of N months from a date ends on the day with the same number N months later,
or on the last day of that month when it has no such day (lag (1930:173) om beräkning
av lagstadgad tid): 2021-08-31 + 6 months = 2022-02-28.
"""

import calendar
import datetime

ONE_DAY = datetime.timedelta(days=1)


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(day: datetime.date) -> datetime.date:
    """The last day of `day`'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def extend_period(end: datetime.date, months: int) -> datetime.date:
    """The new last day when a period ending on `end` runs on for `months` more months.

    2022-12-31 + 36 months = 2025-12-31; 2023-02-28 + 12 months = 2024-02-29.
    """
    return add_months(end + ONE_DAY, months) - ONE_DAY
