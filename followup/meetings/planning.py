"""The meetings an agreement's follow-up rules call for over its period, and which of them
have been held. Nothing is stored: the plan follows from the rules, the period (after
extensions and termination) and the meetings recorded."""

import datetime
from dataclasses import dataclass

from agreements.state import state
from followup.meetings.models import MeetingKind
from iop.core.dates import month_end


@dataclass
class PlannedMeeting:
    kind: str
    starts: datetime.date  # the slot opens the day after the previous one is due
    due: datetime.date  # the last day it should be held
    held: object = None  # the FollowUpMeeting that fills the slot, if any

    @property
    def kind_label(self):
        return MeetingKind(self.kind).label

    def overdue(self, today):
        return self.held is None and self.due < today


def slots(months, start, end, *, cut=False):
    """(opens, due) for each meeting the rule's months call for within start..end. A slot
    runs from the day after the previous due month to the end of its own month and opens
    no earlier than the start. With `cut` (the yearly follow-up: "at least once a year"),
    a slot the period's end cuts short falls due on the end; otherwise it is not planned."""
    dues = sorted(
        month_end(datetime.date(year, month, 1)) for year in range(start.year - 1, end.year + 2) for month in months
    )
    result = []
    for previous, due in zip(dues, dues[1:], strict=False):
        opens = previous + datetime.timedelta(days=1)
        if due < start or opens > end or (due > end and not cut):
            continue
        result.append((max(opens, start), min(due, end)))
    return result


def planned_meetings(agreement, *, rules=None, meetings=None, today=None) -> list[PlannedMeeting]:
    """Every meeting the rules plan for the agreement's period, oldest first, each matched
    with a meeting of its kind held within its slot."""
    period = state(agreement, today).period
    if period is None:
        return []
    start, end = period
    rules = list(agreement.follow_up_rules.all()) if rules is None else rules
    meetings = sorted(agreement.meetings.all() if meetings is None else meetings, key=lambda m: m.date)
    plan = []
    for rule in rules:
        used = set()
        cut = rule.kind == MeetingKind.FOLLOW_UP
        for opens, due in slots(rule.month_numbers, start, end, cut=cut):
            held = next(
                (m for m in meetings if m.kind == rule.kind and opens <= m.date <= due and m.pk not in used), None
            )
            if held is not None:
                used.add(held.pk)
            plan.append(PlannedMeeting(rule.kind, opens, due, held))
    return sorted(plan, key=lambda item: (item.due, item.kind))


def years_without_follow_up(agreement, *, today, **kwargs) -> list[int]:
    """Years whose yearly follow-up should have been held by now and was not."""
    return [
        item.due.year
        for item in planned_meetings(agreement, today=today, **kwargs)
        if item.kind == MeetingKind.FOLLOW_UP and item.overdue(today)
    ]
