"""Demo volunteer hours: INVENTED demo material, every entry's note says so.

A year of hours for the invented renewal of the Resurspoolen agreement (ÄN 2022-DEMO),
the twelve months up to and including the demo's day. Resurspoolen promises about
18 000 hours a year from about 100 volunteers: some 1 500 hours a month, fewer in summer
and at Christmas, reported as organisations do:

- Träffpunktsverksamhet: the month's total from the meeting places, one whole-month entry
  when the month is over;
- Promenadgrupper: each Monday and Thursday, about 16 volunteers walking two hours;
- Snickeriverksamhet: each Wednesday, about 14 volunteers for four hours.

The months more than two months back are submitted and approved, the one before last
month was returned with a comment (a walk logged twice), last month is submitted and the
current month is open. Entered through followup.hours.services by the system (by=None), all
entries in one all-or-nothing call as an uploaded file would be, on the demo's day it is
given, so loading does not depend on the clock. Loading again
changes nothing: an agreement that already has months is left alone.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from agreements.models import Agreement
from agreements.state import state
from followup.hours import services
from followup.models import MonthReport
from iop.core.dates import add_months, month_end
from partners.demo import MUNICIPALITY

REGISTRY_NUMBER = "ÄN 2022-DEMO"
ORGANISATION = "Resurspoolen"
NOTE = "Påhittat demomaterial"
MONTHS = 12

MEETING_PLACES, WALKS, WOODWORK = "Träffpunktsverksamhet", "Promenadgrupper", "Snickeriverksamhet"
MEETING_PLACES_HOURS, MEETING_PLACES_VOLUNTEERS = Decimal("1050"), 60

# (activity, weekday, volunteers on a normal day, hours per volunteer, place); Monday is 0.
SESSIONS = [
    (WALKS, 0, 16, Decimal("2"), "Ryd"),
    (WOODWORK, 2, 14, Decimal("4"), "Lambohov"),
    (WALKS, 3, 16, Decimal("2"), "Ekholmen"),
]

# A normal month's share by calendar month: quieter in summer and at Christmas.
SEASON = {
    1: Decimal("0.95"),
    2: Decimal("1.0"),
    3: Decimal("1.05"),
    4: Decimal("1.05"),
    5: Decimal("1.1"),
    6: Decimal("0.85"),
    7: Decimal("0.6"),
    8: Decimal("0.8"),
    9: Decimal("1.1"),
    10: Decimal("1.1"),
    11: Decimal("1.05"),
    12: Decimal("0.85"),
}

RETURN_COMMENT = "Promenadgruppens timmar {day} står två gånger. Ta bort den ena och lämna in månaden igen. ({note})"


def _renewal():
    return (
        Agreement.objects.filter(municipality__name=MUNICIPALITY["name"], registry_number=REGISTRY_NUMBER)
        .prefetch_related("versions")
        .first()
    )


def _whole(value):
    return int(value.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def _sessions(month, today):
    """(activity, day, hours, volunteers, place) of the month's weekly sessions up to today."""
    season = SEASON[month.month]
    last = min(month_end(month), today)
    day = month
    while day <= last:
        for activity, weekday, volunteers, per_volunteer, place in SESSIONS:
            if day.weekday() == weekday:
                # A few more or fewer each time, the same at every load.
                count = max(_whole(volunteers * season) + day.toordinal() % 5 - 2, 1)
                yield activity, day, count * per_volunteer, count, place
        day += datetime.timedelta(days=1)


def month_rows(activities, month, *, today):
    """The month's entries (rows of services.hours_log_many): its sessions so far, and the
    meeting places' total once the month is over."""
    rows = [
        {
            "activity": activities[name],
            "date": day,
            "hours": hours,
            "volunteers": volunteers,
            "place": place,
            "note": NOTE,
        }
        for name, day, hours, volunteers, place in _sessions(month, today)
        if name in activities
    ]
    if MEETING_PLACES in activities and add_months(month, 1) <= today:
        season = SEASON[month.month]
        rows.append(
            {
                "activity": activities[MEETING_PLACES],
                "date": month,
                "whole_month": True,
                "hours": Decimal(_whole(MEETING_PLACES_HOURS * season)),
                "volunteers": _whole(MEETING_PLACES_VOLUNTEERS * season),
                "place": "Servicehusens träffpunkter",
                "note": f"{NOTE}: månadens summa",
            }
        )
    return rows


def _twice(rows):
    """The first walk of the rows, logged a second time by mistake."""
    return next(({**row} for row in rows if row["activity"].name == WALKS and not row.get("whole_month")), None)


def _report(agreement, organisation, month):
    return MonthReport.objects.filter(agreement=agreement, organisation=organisation, month=month).first()


def load(*, today):
    """A year of hours for the renewal of Resurspoolen, unless it has hours already."""
    agreement = _renewal()
    if agreement is None or agreement.month_reports.exists():
        return
    version = state(agreement, today).in_force
    party = version.parties.filter(organisation__name=ORGANISATION).select_related("organisation").first()
    if party is None:
        return
    organisation = party.organisation
    activities = {activity.name: activity for activity in services.agreement_activities(agreement)}
    this_month = today.replace(day=1)
    months = [add_months(this_month, -back) for back in reversed(range(MONTHS))]
    rows, mistake = [], None
    for month in months:
        rows += month_rows(activities, month, today=today)
        if month == months[-3]:  # the month that will be returned
            mistake = _twice(month_rows(activities, month, today=today))
            rows += [mistake] if mistake else []
    services.hours_log_many(by=None, agreement=agreement, organisation=organisation, rows=rows, today=today)

    approved = [report for month in months[:-3] if (report := _report(agreement, organisation, month))]
    for report in approved:
        services.hours_submit_month(by=None, report=report)
    services.hours_approve_months(by=None, reports=approved)
    returned = _report(agreement, organisation, months[-3])
    if returned is not None:
        services.hours_submit_month(by=None, report=returned)
        day = mistake["date"].isoformat() if mistake else ""
        services.hours_return_month(by=None, report=returned, comment=RETURN_COMMENT.format(day=day, note=NOTE))
    last_month = _report(agreement, organisation, months[-2])
    if last_month is not None:
        services.hours_submit_month(by=None, report=last_month)
