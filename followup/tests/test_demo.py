"""The demo hours: a year of invented hours for the current Resurspoolen agreement, months
in every state, marked as demo material, and loading twice changing nothing."""

from decimal import Decimal

import pytest

from django.core.management import call_command
from django.db.models import Sum

from followup.demo import demo_today
from followup.demo import hours as demo
from followup.hours.services import agreement_activities
from followup.models import HourEntry, MonthReport, MonthStatus
from iop.core.dates import add_months

TODAY = demo_today()
THIS_MONTH = TODAY.replace(day=1)


@pytest.fixture
def loaded(db, settings):
    settings.DEBUG = True
    call_command("load_demo")


def reports():
    return MonthReport.objects.filter(agreement__registry_number=demo.REGISTRY_NUMBER).order_by("month")


def test_the_renewal_has_a_year_of_hours_up_to_the_current_month(loaded):
    months = [add_months(THIS_MONTH, -back) for back in reversed(range(12))]
    assert [report.month for report in reports()] == months
    assert {report.organisation.name for report in reports()} == {"Resurspoolen"}
    assert all(report.entries.exists() for report in reports())
    assert not HourEntry.objects.exclude(report__agreement__registry_number=demo.REGISTRY_NUMBER).exists()


def test_the_hours_are_about_what_resurspoolen_promises(loaded):
    entries = HourEntry.objects.filter(report__agreement__registry_number=demo.REGISTRY_NUMBER)
    completed = entries.exclude(report__month=THIS_MONTH).aggregate(hours=Sum("hours"))["hours"]
    assert Decimal("15000") < completed < Decimal("18500")  # eleven months of some 18 000 h a year
    renewal = MonthReport.objects.first().agreement
    assert {e.activity for e in entries} == set(agreement_activities(renewal))
    assert not entries.filter(date__gt=TODAY).exists()


def test_the_months_are_approved_returned_submitted_and_open(loaded):
    statuses = [report.status for report in reports()]
    assert statuses == [MonthStatus.APPROVED] * 9 + [MonthStatus.RETURNED, MonthStatus.SUBMITTED, MonthStatus.OPEN]
    returned = reports().get(status=MonthStatus.RETURNED)
    assert returned.comment and demo.NOTE in returned.comment


def test_every_entry_is_marked_as_invented(loaded):
    entries = HourEntry.objects.all()
    assert entries.exists() and all(entry.note.startswith(demo.NOTE) for entry in entries)


def test_loading_twice_changes_nothing(loaded):
    before = (
        list(reports().values_list("month", "status", "comment")),
        sorted(HourEntry.objects.values_list("date", "activity", "hours", "volunteers")),
    )
    call_command("load_demo")
    after = (
        list(reports().values_list("month", "status", "comment")),
        sorted(HourEntry.objects.values_list("date", "activity", "hours", "volunteers")),
    )
    assert after == before


def test_the_seeds_follow_up_rules_and_invented_meetings(db, settings):
    from django.core.management import call_command

    from followup.models import ActionItem, FollowUpMeeting, FollowUpRule

    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(
        FollowUpRule.objects.filter(agreement__registry_number="ON 2018-229").values_list("months", flat=True)
    ) == [
        "12",
        "3,6,9,12",
        "4,10",
    ]
    assert FollowUpMeeting.objects.filter(agreement__registry_number="ÄN 2022-DEMO").count() == 3
    item = ActionItem.objects.get()
    assert item.owner_organisation.name == "Resurspoolen" and "Påhittat" in item.text
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert FollowUpMeeting.objects.count() == 3 and ActionItem.objects.count() == 1
