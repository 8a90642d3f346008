"""What needs a user's attention: the start page lists it, the daily reminders e-mail it and
the calendar feed shows its dates. Nothing is stored; every item follows from the
agreements, the follow-up, the hours and the money as they stand today, so an item that is
handled (the month approved, the meeting held, the payment recorded) simply disappears.

Whose items: planners those of their committees' agreements, administrators those of all
agreements, partners those of the agreements their organisations are party to; viewers
have nothing to do. Each kind goes only to those who can act on it: a partner is not told
to decide, extend or renew (the committee's to do) nor to pay; a missing OPI goes to the
administrators, who enter it. The start page shows the items `grouped` by agreement. `loading` loads the agreements; one module per domain gives its items.
"""

from django.utils import timezone

from followup.desk.attention import agreements as agreement_dates
from followup.desk.attention import hours, meetings, money
from followup.desk.attention.grouping import Group, grouped
from followup.desk.attention.items import Item, Kind
from followup.desk.attention.loading import agreements_of, in_force, not_ended
from followup.desk.attention.meetings import CalendarMeeting
from iop.accounts import access
from iop.accounts.models import Role

__all__ = [
    "CalendarMeeting",
    "Group",
    "Item",
    "Kind",
    "agreements_of",
    "grouped",
    "in_force",
    "items_for",
    "meetings_for",
    "not_ended",
]

DOERS = (Role.ADMINISTRATOR, Role.PLANNER, Role.PARTNER)  # viewers read; they have nothing to do


def items_for(user, today=None, *, agreements=None) -> list[Item]:
    """What the user must do, soonest first; overdue items come first of all.

    `agreements`: what `agreements_of(user, today)` returns, when the caller has it already."""
    today = today or timezone.localdate()
    role = access.role_of(user)
    if role not in DOERS:
        return []
    agreements = agreements_of(user, today) if agreements is None else agreements
    items = []
    for agreement, current in agreements:
        items += agreement_dates.dates(agreement, current, today, partner=role == Role.PARTNER)
        items += meetings.not_held(agreement, current, today, partners_only=role == Role.PARTNER)
    if role == Role.PARTNER:
        organisation_ids = set(user.organisations.values_list("pk", flat=True))
        items += meetings.partner_actions(agreements, organisation_ids, today)
        items += hours.to_submit(user, agreements, organisation_ids, today)
    else:
        items += meetings.overdue_actions(agreements, today)
        items += hours.to_approve(user, role, today, agreements)
        items += money.payments(agreements, today, index_values=role == Role.ADMINISTRATOR)
    return sorted(items, key=lambda item: (item.due, item.key))


def meetings_for(user, today=None, *, agreements=None) -> list[CalendarMeeting]:
    """Every meeting of the user's agreements: each planned one (on the day it was held, or
    else on its due date) and each held one outside the plan. `agreements` as for `items_for`."""
    today = today or timezone.localdate()
    if access.role_of(user) not in DOERS:
        return []
    agreements = agreements_of(user, today) if agreements is None else agreements
    return meetings.calendar_meetings(agreements, today)
