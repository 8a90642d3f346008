import datetime

import pytest

from followup.meetings.models import Convener, FollowUpMeeting, FollowUpRule, MeetingKind
from followup.meetings.planning import planned_meetings, slots, years_without_follow_up

D = datetime.date


def test_quarterly_slots_follow_the_period_and_cut_at_its_end():
    assert slots([3, 6, 9, 12], D(2018, 7, 1), D(2019, 6, 30)) == [
        (D(2018, 7, 1), D(2018, 9, 30)),
        (D(2018, 10, 1), D(2018, 12, 31)),
        (D(2019, 1, 1), D(2019, 3, 31)),
        (D(2019, 4, 1), D(2019, 6, 30)),
    ]


def test_twice_a_year_in_april_and_october():
    assert [due for _opens, due in slots([4, 10], D(2018, 7, 1), D(2021, 6, 30))] == [
        D(2018, 10, 31),
        D(2019, 4, 30),
        D(2019, 10, 31),
        D(2020, 4, 30),
        D(2020, 10, 31),
        D(2021, 4, 30),
    ]


def test_a_yearly_follow_up_in_a_period_ending_mid_year_falls_due_on_the_end():
    assert [due for _opens, due in slots([12], D(2018, 7, 1), D(2021, 6, 30), cut=True)] == [
        D(2018, 12, 31),
        D(2019, 12, 31),
        D(2020, 12, 31),
        D(2021, 6, 30),
    ]


def test_february_month_end_in_a_leap_year():
    assert slots([2], D(2024, 1, 1), D(2024, 12, 31)) == [(D(2024, 1, 1), D(2024, 2, 29))]


@pytest.mark.django_db
def test_years_without_a_held_follow_up_are_flagged():
    from agreements.tests.factories import make_agreement

    agreement = make_agreement(state="signed", start=D(2020, 1, 1), end=D(2022, 12, 31))
    FollowUpRule.objects.create(
        agreement=agreement, kind=MeetingKind.FOLLOW_UP, months="12", convened_by=Convener.ADMINISTRATION
    )
    FollowUpMeeting.objects.create(
        agreement=agreement, kind=MeetingKind.FOLLOW_UP, date=D(2021, 11, 3), convened_by=Convener.ADMINISTRATION
    )
    plan = planned_meetings(agreement, today=D(2022, 6, 1))
    assert [(item.due.year, item.held is not None) for item in plan] == [(2020, False), (2021, True), (2022, False)]
    assert years_without_follow_up(agreement, today=D(2022, 6, 1)) == [2020]
