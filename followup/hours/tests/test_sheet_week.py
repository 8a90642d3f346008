"""The month sheet one week at a time (`?vecka=N`), as a phone shows it: the days of ISO
week N as rows, only this month's days where the week crosses a month's end, and a week
saved like the whole sheet."""

import datetime
from decimal import Decimal

import pytest

from django.urls import reverse
from django.utils import timezone

from followup.hours.models import HourEntry
from followup.hours.services import agreement_activities
from iop.core.dates import month_end

pytestmark = pytest.mark.django_db

# A month of last year (inside the test agreement's period) whose last week runs on into
# the next month and whose first week starts in the one before: any month not ending on
# a Sunday nor starting on a Monday.
YEAR = timezone.localdate().year - 1
MONTH = next(
    datetime.date(YEAR, m, 1)
    for m in range(1, 13)
    if datetime.date(YEAR, m, 1).weekday() != 0 and month_end(datetime.date(YEAR, m, 1)).weekday() != 6
)
LAST_DAY = month_end(MONTH)


def sheet_url(agreement, organisation, week=None):
    url = reverse("followup:hours-sheet", args=[agreement.pk, organisation.pk, f"{MONTH:%Y-%m}"])
    return url if week is None else f"{url}?vecka={week}"


def test_a_week_shows_its_days_as_rows_with_an_input_per_activity(client_as, agreement, organisation, reporter):
    activities = list(agreement_activities(agreement))
    monday = MONTH + datetime.timedelta(days=7 - MONTH.weekday())  # the first whole week
    number = monday.isocalendar().week
    response = client_as(reporter).get(sheet_url(agreement, organisation, number))
    assert response.status_code == 200
    week = response.context["week"]
    assert week.number == number
    assert week.days == [monday + datetime.timedelta(days=n) for n in range(7)]
    html = response.content.decode()
    for activity in activities:
        for day in week.days:
            assert f'<label for="h-{activity.pk}-{day.day}">' in html  # the day is the visible label
        assert f'name="h-{activity.pk}-{(monday - datetime.timedelta(days=1)).day}"' not in html
        assert f'name="v-{activity.pk}"' in html
    assert "aria-current" in html  # the chosen week is marked in the week selector
    assert "Veckan sparas på en gång" in html and "Spara veckan" in html  # Swedish, about the week


def test_a_week_crossing_the_months_end_shows_only_this_months_days(client_as, agreement, organisation, reporter):
    client = client_as(reporter)
    last = client.get(sheet_url(agreement, organisation, LAST_DAY.isocalendar().week)).context["week"]
    last_monday = LAST_DAY - datetime.timedelta(days=LAST_DAY.weekday())
    assert last.days == [last_monday + datetime.timedelta(days=n) for n in range(LAST_DAY.weekday() + 1)]
    assert last.days[-1] == LAST_DAY and all(day.month == MONTH.month for day in last.days)
    first = client.get(sheet_url(agreement, organisation, MONTH.isocalendar().week)).context["week"]
    assert first.days[0] == MONTH and len(first.days) == 7 - MONTH.weekday()


def test_the_weeks_cover_the_month_once_and_link_to_themselves(client_as, agreement, organisation, reporter):
    response = client_as(reporter).get(sheet_url(agreement, organisation))
    weeks = response.context["weeks"]
    assert response.context["week"] is None  # the whole month, as before
    days = [day for week in weeks for day in week.days]
    assert days == [MONTH + datetime.timedelta(days=n) for n in range(LAST_DAY.day)]
    html = response.content.decode()
    for week in weeks:
        assert f'href="{sheet_url(agreement, organisation, week.number)}"' in html


def test_a_week_the_month_does_not_have_is_not_found(client_as, agreement, organisation, reporter):
    client = client_as(reporter)
    outside = (LAST_DAY + datetime.timedelta(days=14)).isocalendar().week
    assert client.get(sheet_url(agreement, organisation, outside)).status_code == 404
    assert client.get(sheet_url(agreement, organisation, "x")).status_code == 404


def test_a_week_is_saved_and_a_bad_cell_comes_back_to_the_same_week(client_as, agreement, organisation, reporter):
    walks = list(agreement_activities(agreement))[1]
    number = LAST_DAY.isocalendar().week
    client = client_as(reporter)
    url = sheet_url(agreement, organisation, number)
    bad = client.post(url, {f"v-{walks.pk}": "2", f"h-{walks.pk}-{LAST_DAY.day}": "två"})
    assert bad.status_code == 200 and bad.context["week"].number == number and not HourEntry.objects.exists()
    assert f'href="#h-{walks.pk}-{LAST_DAY.day}"' in bad.content.decode()
    assert 'role="alert" data-error-summary tabindex="-1"' in bad.content.decode()  # the summary takes the focus
    good = client.post(url, {f"v-{walks.pk}": "2", f"h-{walks.pk}-{LAST_DAY.day}": "3,5"})
    assert good.status_code == 302
    entry = HourEntry.objects.get()
    assert (entry.date, entry.hours, entry.volunteers) == (LAST_DAY, Decimal("3.5"), 2)


def test_the_month_page_offers_a_phone_the_week_and_lists_the_form_first(client_as, agreement, organisation, reporter):
    month_url = reverse("followup:hours-month", args=[agreement.pk, organisation.pk, f"{MONTH:%Y-%m}"])
    html = client_as(reporter).get(month_url).content.decode()
    assert f'href="{sheet_url(agreement, organisation, MONTH.isocalendar().week)}"' in html
    assert html.index('id="log-heading"') < html.index('id="entries-heading"')
