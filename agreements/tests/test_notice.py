import datetime

from agreements.state import last_notice_day, notice_end

D = datetime.date


def test_notice_takes_effect_after_the_notice_period():
    assert notice_end(D(2021, 8, 31), 6) == D(2022, 2, 28)
    assert notice_end(D(2020, 2, 29), 12) == D(2021, 2, 28)


def test_last_day_for_notice_before_the_end():
    assert last_notice_day(D(2022, 12, 31), 6) == D(2022, 6, 30)
    assert notice_end(last_notice_day(D(2022, 12, 31), 6), 6) <= D(2022, 12, 31)
