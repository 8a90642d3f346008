"""Date arithmetic of agreements, in calendar months as Swedish law counts them.

A period of N months from a date ends on the day with the same number N months later,
or on the last day of that month when it has no such day (lag (1930:173) om beräkning
av lagstadgad tid): 2021-08-31 + 6 months = 2022-02-28.
"""

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def extend_period(end: datetime.date, months: int) -> datetime.date:
    """The new last day when a period ending on `end` runs on for `months` more months.

    2022-12-31 + 36 months = 2025-12-31; 2023-02-28 + 12 months = 2024-02-29.
    """
    return add_months(end + datetime.timedelta(days=1), months) - datetime.timedelta(days=1)


def notice_end(notice_date: datetime.date, months: int) -> datetime.date:
    """The day a written notice given on `notice_date` takes effect."""
    return add_months(notice_date, months)


def last_notice_day(end: datetime.date, months: int) -> datetime.date:
    """The last day a notice can be given and still end the agreement before its end date."""
    return add_months(end, -months)
