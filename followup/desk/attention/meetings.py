"""The attention items of the follow-up meetings (those not held, the actions open) and the
meetings of the calendar feed."""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from followup.desk.attention.items import Item, Kind, new_item
from followup.meetings.planning import planned_meetings
from followup.models import Convener, MeetingKind


def not_held(agreement, current, today, *, partners_only) -> list[Item]:
    """Meetings the follow-up rules call for that should have been held and were not. A
    partner sees those the partners convene."""
    rules = list(agreement.follow_up_rules.all())
    if partners_only:
        rules = [rule for rule in rules if rule.convened_by == Convener.PARTNERS]
    if not rules:
        return []
    items = []
    for planned in planned_meetings(agreement, rules=rules, meetings=agreement.meetings.all(), today=today):
        if not planned.overdue(today):
            continue
        url = reverse("followup:follow-up", args=[agreement.pk])
        if planned.kind == MeetingKind.FOLLOW_UP:
            names = {"year": planned.due.year, "agreement": agreement}
            title = _("Yearly follow-up for %(year)s not held: %(agreement)s") % names
            label = _("Yearly follow-up for %(year)s not held") % names
        else:
            names = {"meeting": planned.kind_label, "agreement": agreement}
            title = _("%(meeting)s not held: %(agreement)s") % names
            label = _("%(meeting)s not held") % names
        key = f"meeting:{agreement.pk}:{planned.kind}:{planned.due}"
        items.append(new_item(key, Kind.MEETING, title, planned.due, url, today, agreement=agreement, label=label))
    return items


def _action(agreement, action, today) -> Item:
    title = _("Action: %(text)s (%(agreement)s)") % {"text": action.text, "agreement": agreement}
    label = _("Action: %(text)s") % {"text": action.text}
    url = reverse("followup:meeting-detail", args=[action.meeting_id])
    list_url = reverse("followup:follow-up", args=[agreement.pk])
    return new_item(
        f"action:{action.pk}",
        Kind.ACTION,
        title,
        action.due_date,
        url,
        today,
        agreement=agreement,
        label=label,
        list_url=list_url,
    )


def _open_actions(agreements):
    for agreement, _current in agreements:
        for action in agreement.open_actions:
            yield agreement, action


def overdue_actions(agreements, today) -> list[Item]:
    return [
        _action(agreement, action, today) for agreement, action in _open_actions(agreements) if action.due_date < today
    ]


def partner_actions(agreements, organisation_ids, today) -> list[Item]:
    """The actions the partner's organisations own, due or not: the partner should see them coming."""
    return [
        _action(agreement, action, today)
        for agreement, action in _open_actions(agreements)
        if action.owner_organisation_id in organisation_ids
    ]


# --- For the calendar ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarMeeting:
    uid: str
    title: str
    date: datetime.date
    url: str
    held: bool


def calendar_meetings(agreements, today) -> list[CalendarMeeting]:
    """Every meeting of `agreements`: each planned one (on the day it was held, or else on
    its due date) and each held one outside the plan."""
    result = []
    for agreement, _current in agreements:
        meetings = list(agreement.meetings.all())
        url = reverse("followup:follow-up", args=[agreement.pk])
        plan = planned_meetings(agreement, rules=list(agreement.follow_up_rules.all()), meetings=meetings, today=today)
        planned_pks = set()
        for planned in plan:
            title = _("%(meeting)s: %(agreement)s") % {"meeting": planned.kind_label, "agreement": agreement}
            uid = f"plan:{agreement.pk}:{planned.kind}:{planned.due}"
            if planned.held is not None:
                planned_pks.add(planned.held.pk)
                held_url = reverse("followup:meeting-detail", args=[planned.held.pk])
                result.append(CalendarMeeting(uid, title, planned.held.date, held_url, True))
            else:
                result.append(CalendarMeeting(uid, title, planned.due, url, False))
        for meeting in meetings:
            if meeting.pk in planned_pks:
                continue
            title = _("%(meeting)s: %(agreement)s") % {"meeting": meeting.get_kind_display(), "agreement": agreement}
            held_url = reverse("followup:meeting-detail", args=[meeting.pk])
            result.append(CalendarMeeting(f"held:{meeting.pk}", title, meeting.date, held_url, True))
    return sorted(result, key=lambda meeting: (meeting.date, meeting.uid))
