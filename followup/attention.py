"""What needs a user's attention: the start page lists it, the daily reminders e-mail it and
the calendar feed shows its dates. Nothing is stored; every item follows from the
agreements, the follow-up, the hours and the money as they stand today, so an item that is
handled (the month approved, the meeting held, the payment recorded) simply disappears.

Whose items: planners those of their committees' agreements, administrators those of all
agreements, partners those of the agreements their organisations are party to; viewers
have nothing to do. The cost is a fixed number of queries however many agreements there
are: what the items read of the agreements is loaded in bulk (see `not_ended`).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements import bulk
from agreements.models import Agreement, AgreementVersion, Extension, Party, Status
from agreements.state import state
from finance import figures, readmodel, series
from finance.models import Contribution, ContributionKind, IndexValue
from followup.models import (
    EDITABLE,
    ActionItem,
    Convener,
    FollowUpMeeting,
    FollowUpRule,
    MeetingKind,
    MonthReport,
    MonthStatus,
)
from followup.planning import planned_meetings
from iop.accounts import access
from iop.accounts.models import Role
from iop.core.dates import month_end
from iop.core.formatting import format_amount

DATES_AHEAD_DAYS = 90  # a decision date or last day for notice shows this long before
ENDING_MONTHS = 12  # an agreement ending within this many months
PAYMENTS_AHEAD_DAYS = 30  # a payment due within this many days
APPROVE_WITHIN_DAYS = 30  # a submitted month is to be approved or returned within this
RESUBMIT_WITHIN_DAYS = 30  # a returned month is to be corrected and submitted within this


class Kind:
    DECISION = "decision"
    NOTICE = "notice"
    ENDING = "ending"
    MEETING = "meeting"
    APPROVE = "approve"
    SUBMIT = "submit"
    RETURNED = "returned"
    ACTION = "action"
    PAYMENT = "payment"
    TRUE_UP = "true_up"


@dataclass(frozen=True)
class Item:
    key: str  # stable: the same thing to do keeps its key from day to day
    kind: str
    title: str
    due: datetime.date
    url: str
    overdue: bool


def _item(key, kind, title, due, url, today):
    return Item(key=key, kind=kind, title=title, due=due, url=url, overdue=due < today)


# --- Whose agreements ----------------------------------------------------------------------------


def in_force(rows) -> list:
    """Of [(agreement, state)], those signed and not ended: the ones that call for action."""
    return [(agreement, current) for agreement, current in rows if current.in_force and not current.ended]


def agreements_of(user, today) -> list:
    """[(agreement, state)] of the signed agreements in the user's scope that have not
    ended, with everything the items and the calendar read of them loaded."""
    return in_force(not_ended(user, access.working_on(user, Agreement), today, signed=True))


# --- Loading -------------------------------------------------------------------------------------
#
# A planner of a large committee has a couple of hundred agreements with a thousand meetings
# and hundreds of payments. Most ended agreements are left out in SQL, and the rest is loaded
# with `agreements.bulk` (one query per kind of object, only the fields that are read, no
# queryset per object as prefetch_related builds). A fixed number of queries, however many
# agreements there are.


def not_ended(user, agreements, today, *, signed=False) -> list:
    """[(agreement, state)] of `agreements` that have not ended (in their order), with what
    `state()` and the agreement's name read; the signed ones in force also with what the
    items and the calendar read. `signed`: only agreements with a signed version."""
    loaded = list(_maybe_running(agreements, today, signed=signed).select_related("termination"))
    bulk.attach_state(loaded, finance_terms=True)
    rows = [(agreement, state(agreement, today)) for agreement in loaded]
    rows = [(agreement, current) for agreement, current in rows if not current.ended]
    _attach_items(user, in_force(rows))
    return rows


def _maybe_running(agreements, today, *, signed=False):
    """The agreements less those that have certainly ended: signed, with every end date (of
    a version or an extension) passed. That leaves out most agreements that have ended, for
    a few cheap EXISTS; `state()` decides on the rest (terminated or replaced early)."""
    versions = AgreementVersion.objects.filter(agreement=OuterRef("pk"))
    signed_versions = versions.filter(status=Status.SIGNED)
    ends_later = versions.filter(Q(end_date__gte=today) | Q(end_date=None))
    extended_later = Extension.objects.filter(agreement=OuterRef("pk"), new_end__gte=today)
    running = Exists(ends_later) | Exists(extended_later)
    if signed:
        return agreements.filter(Exists(signed_versions), running)
    return agreements.filter(~Exists(signed_versions) | running)


def _attach_items(user, rows):
    """What the items and the calendar read of the signed agreements in force: the version
    in force's parties and contributions; the follow-up rules, the meetings and their open
    actions (`agreement.open_actions`); for municipal users the distributions and payments."""
    if not rows:
        return
    agreements = [agreement for agreement, _current in rows]
    versions = [current.in_force for _agreement, current in rows]
    pks = [agreement.pk for agreement in agreements]
    version_pks = [version.pk for version in versions]
    parties = list(
        Party.objects.filter(version__in=version_pks)
        .only("version", "committee", "organisation", "order", "organisation__name")
        .select_related("organisation")
    )
    bulk.attach(versions, "parties", Party, bulk.by(parties, "version_id"))
    contributions = Contribution.objects.filter(version__in=version_pks).only(
        "version", "party", "kind", "amount", "hours", "hourly_value", "order"
    )
    bulk.attach(versions, "contributions", Contribution, bulk.by(contributions, "version_id"))
    bulk.attach(
        agreements,
        "follow_up_rules",
        FollowUpRule,
        bulk.by(FollowUpRule.objects.filter(agreement__in=pks), "agreement_id"),
    )
    meetings = FollowUpMeeting.objects.filter(agreement__in=pks).only("agreement", "kind", "date", "convened_by")
    bulk.attach(agreements, "meetings", FollowUpMeeting, bulk.by(meetings, "agreement_id"))
    actions = defaultdict(list)
    for action in ActionItem.objects.filter(meeting__agreement__in=pks, done_on=None).annotate(
        agreement_pk=F("meeting__agreement")
    ):
        actions[action.agreement_pk].append(action)
    for agreement in agreements:
        agreement.open_actions = actions[agreement.pk]
    if access.role_of(user) in access.CASEWORKERS:  # the money series: every version's money and the payments
        money = readmodel.load(agreements)
        for agreement in agreements:
            agreement.money = money[agreement.pk]


# --- The items ---------------------------------------------------------------------------------


def items_for(user, today=None, *, agreements=None) -> list[Item]:
    """What the user must do, soonest first; overdue items come first of all.

    `agreements`: what `agreements_of(user, today)` returns, when the caller has it already."""
    today = today or timezone.localdate()
    role = access.role_of(user)
    if role not in (Role.ADMINISTRATOR, Role.PLANNER, Role.PARTNER):
        return []  # viewers read; they have nothing to do
    agreements = agreements_of(user, today) if agreements is None else agreements
    items = []
    for agreement, current in agreements:
        items += _dates(agreement, current, today)
        items += _meetings(agreement, current, today, partners_only=role == Role.PARTNER)
    if role == Role.PARTNER:
        organisation_ids = set(user.organisations.values_list("pk", flat=True))
        items += _partner_actions(agreements, organisation_ids, today)
        items += _hours_to_submit(user, agreements, organisation_ids, today)
    else:
        items += _overdue_actions(agreements, today)
        items += _hours_to_approve(user, role, today, agreements)
        items += _payments(agreements, today)
    return sorted(items, key=lambda item: (item.due, item.key))


def _dates(agreement, current, today) -> list[Item]:
    """The decision date, the last day for notice and the end, while nothing has settled them.

    A decision is settled by an extension, a notice or a successor; so is the ending."""
    items = []
    names = {"agreement": agreement}
    deadline = current.decision_deadline
    notice = current.last_notice_day
    due = [
        deadline and (deadline - today).days <= DATES_AHEAD_DAYS,
        notice and 0 <= (notice - today).days <= DATES_AHEAD_DAYS,
        current.ends_within(ENDING_MONTHS, today),
    ]
    if not any(due):
        return items  # most agreements on most days: nothing to look up
    url = agreement.get_absolute_url()
    terminated = _terminated(agreement)
    succeeded = bool(agreement.successors.all())
    if due[0] and not (terminated or succeeded or agreement.extensions.all()):
        title = _("Decide whether to change, extend or end %(agreement)s") % names
        items.append(_item(f"decision:{agreement.pk}:{deadline}", Kind.DECISION, title, deadline, url, today))
    if due[1] and not terminated:
        title = _("Last day to give notice on %(agreement)s") % names
        items.append(_item(f"notice:{agreement.pk}:{notice}", Kind.NOTICE, title, notice, url, today))
    if due[2] and not terminated and not succeeded:
        title = _("%(agreement)s ends: extend, renew or let it end") % names
        items.append(_item(f"ending:{agreement.pk}:{current.end}", Kind.ENDING, title, current.end, url, today))
    return items


def _terminated(agreement):
    try:
        return agreement.termination is not None
    except Agreement.termination.RelatedObjectDoesNotExist:
        return False


def _meetings(agreement, current, today, *, partners_only) -> list[Item]:
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
            title = _("Yearly follow-up for %(year)s not held: %(agreement)s") % {
                "year": planned.due.year,
                "agreement": agreement,
            }
        else:
            title = _("%(meeting)s not held: %(agreement)s") % {"meeting": planned.kind_label, "agreement": agreement}
        key = f"meeting:{agreement.pk}:{planned.kind}:{planned.due}"
        items.append(_item(key, Kind.MEETING, title, planned.due, url, today))
    return items


def _action(agreement, action, today) -> Item:
    title = _("Action: %(text)s (%(agreement)s)") % {"text": action.text, "agreement": agreement}
    url = reverse("followup:meeting-detail", args=[action.meeting_id])
    return _item(f"action:{action.pk}", Kind.ACTION, title, action.due_date, url, today)


def _open_actions(agreements):
    for agreement, _current in agreements:
        for action in agreement.open_actions:
            yield agreement, action


def _overdue_actions(agreements, today) -> list[Item]:
    return [
        _action(agreement, action, today) for agreement, action in _open_actions(agreements) if action.due_date < today
    ]


def _partner_actions(agreements, organisation_ids, today) -> list[Item]:
    """The actions the partner's organisations own, due or not: the partner should see them coming."""
    return [
        _action(agreement, action, today)
        for agreement, action in _open_actions(agreements)
        if action.owner_organisation_id in organisation_ids
    ]


def _next_month_end(month):
    """A month's hours are due by the end of the following month."""
    return month_end(month_end(month) + datetime.timedelta(days=1))


def _local_date(moment):
    return timezone.localdate(moment) if moment else None


def _hours_to_approve(user, role, today, agreements) -> list[Item]:
    """Months partners have submitted that the user decides on: a planner those of their
    committees' agreements, an administrator all."""
    reports = MonthReport.objects.filter(status=MonthStatus.SUBMITTED)
    if role == Role.PLANNER:
        reports = reports.filter(agreement__in=access.working_on(user, Agreement).values("pk"))
    reports = list(
        reports.only("agreement", "organisation", "month", "submitted_at", "organisation__name").select_related(
            "organisation"
        )
    )
    _set_agreements(reports, agreements)
    url = reverse("followup:hours-review")
    items = []
    for report in reports:
        submitted = _local_date(report.submitted_at) or month_end(report.month)
        title = _("Approve or return the hours of %(organisation)s for %(month)s: %(agreement)s") % {
            "organisation": report.organisation,
            "month": f"{report.month:%Y-%m}",
            "agreement": report.agreement,
        }
        due = submitted + datetime.timedelta(days=APPROVE_WITHIN_DAYS)
        items.append(_item(f"approve:{report.pk}", Kind.APPROVE, title, due, url, today))
    return items


def _set_agreements(reports, agreements):
    """Sets each report's agreement, for its name: those of `agreements` that are loaded
    already, the others (ended since, say) with their versions in two queries."""
    named = {agreement.pk: agreement for agreement, _current in agreements}
    missing = {report.agreement_id for report in reports} - named.keys()
    if missing:
        others = list(Agreement.objects.filter(pk__in=missing))
        versions = AgreementVersion.objects.filter(agreement__in=missing).only("agreement", "number", "title")
        bulk.attach(others, "versions", AgreementVersion, bulk.by(versions, "agreement_id"))
        named.update((agreement.pk, agreement) for agreement in others)
    for report in reports:
        MonthReport.agreement.field.set_cached_value(report, named[report.agreement_id])


def _hours_to_submit(user, agreements, organisation_ids, today) -> list[Item]:
    """Past months the partner has not submitted: open or returned months of any age, and
    last month when nothing is reported yet under an agreement with an hours commitment.
    (A month without hours cannot be submitted, so an empty month is only a prompt until
    its due date.)"""
    this_month = today.replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    reports = list(
        access.visible(user, MonthReport)
        .filter(Q(month=last_month) | Q(status__in=EDITABLE), month__lt=this_month)
        .select_related("organisation")
    )
    _set_agreements(reports, agreements)
    items = []
    for report in reports:
        if report.status not in EDITABLE:
            continue
        url = reverse(
            "followup:hours-month", args=[report.agreement_id, report.organisation_id, f"{report.month:%Y-%m}"]
        )
        if report.status == MonthStatus.RETURNED:
            returned = _local_date(report.decided_at) or today
            title = _("Hours for %(month)s were returned: correct and submit them again (%(agreement)s)") % {
                "month": f"{report.month:%Y-%m}",
                "agreement": report.agreement,
            }
            key = f"returned:{report.pk}:{returned}"
            due = returned + datetime.timedelta(days=RESUBMIT_WITHIN_DAYS)
            items.append(_item(key, Kind.RETURNED, title, due, url, today))
        else:
            items.append(_submit_item(report.agreement, report.organisation, report.month, url, today))
    reported = {(report.agreement_id, report.organisation_id, report.month) for report in reports}
    for agreement, current in agreements:
        version = current.in_force
        if not (version.start_date and version.start_date <= month_end(last_month) and last_month <= current.end):
            continue
        committed = {c.party_id for c in version.contributions.all() if c.kind == ContributionKind.HOURS}
        for party in version.parties.all():
            if party.organisation_id not in organisation_ids or party.pk not in committed:
                continue
            if (agreement.pk, party.organisation_id, last_month) in reported:
                continue
            url = reverse("followup:hours-month", args=[agreement.pk, party.organisation_id, f"{last_month:%Y-%m}"])
            items.append(_submit_item(agreement, party.organisation, last_month, url, today))
    return items


def _submit_item(agreement, organisation, month, url, today):
    title = _("Report and submit the hours of %(organisation)s for %(month)s: %(agreement)s") % {
        "organisation": organisation,
        "month": f"{month:%Y-%m}",
        "agreement": agreement,
    }
    key = f"hours:{agreement.pk}:{organisation.pk}:{month:%Y-%m}"
    return _item(key, Kind.SUBMIT, title, _next_month_end(month), url, today)


def _payments(agreements, today) -> list[Item]:
    """Instalments overdue, or due within the coming days, and true-ups to act on, by the
    agreement's money series (the figures of the finance page)."""
    if not agreements:
        return []
    values = list(IndexValue.objects.all())
    table = figures.index_table(values)
    items = []
    for agreement, current in agreements:
        inputs = getattr(agreement, "money", None) or readmodel.load([agreement])[agreement.pk]
        money = series.money_series(inputs, current, table, today=today, values=values)
        url = reverse("finance:agreement-finance", args=[agreement.pk])
        for instalment in money.instalments:
            due = instalment.payable_from
            soon = instalment.status in ("due", "partly") and (due - today).days <= PAYMENTS_AHEAD_DAYS
            if instalment.status != "overdue" and not soon:
                continue
            recipient = instalment.recipient
            title = _("Pay %(amount)s to %(recipient)s: %(agreement)s") % {
                "amount": format_amount(instalment.outstanding),
                "recipient": recipient if recipient is not None else _("the partners"),
                "agreement": agreement,
            }
            key = f"payment:{agreement.pk}:{recipient.pk if recipient else 0}:{instalment.due}"
            items.append(_item(key, Kind.PAYMENT, title, due, url, today))
        for correction in money.corrections:
            items.append(_true_up_item(agreement, correction, url, today))
    return items


def _true_up_item(agreement, correction, url, today):
    names = {
        "amount": format_amount(abs(correction.difference)),
        "recipient": correction.recipient if correction.recipient is not None else _("the partners"),
        "agreement": agreement,
        "due": correction.instalment.due,
    }
    if correction.difference > 0:
        title = _("True-up: pay %(amount)s more to %(recipient)s for the instalment of %(due)s: %(agreement)s") % names
    else:
        title = (
            _("True-up: claim back %(amount)s from %(recipient)s for the instalment of %(due)s: %(agreement)s") % names
        )
    recipient = correction.recipient.pk if correction.recipient is not None else 0
    key = f"true-up:{agreement.pk}:{recipient}:{correction.instalment.due}"
    return _item(key, Kind.TRUE_UP, title, today, url, today)


# --- For the calendar ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarMeeting:
    uid: str
    title: str
    date: datetime.date
    url: str
    held: bool


def meetings_for(user, today=None, *, agreements=None) -> list[CalendarMeeting]:
    """Every meeting of the user's agreements: each planned one (on the day it was held, or
    else on its due date) and each held one outside the plan. `agreements` as for `items_for`."""
    today = today or timezone.localdate()
    if access.role_of(user) not in (Role.ADMINISTRATOR, Role.PLANNER, Role.PARTNER):
        return []
    agreements = agreements_of(user, today) if agreements is None else agreements
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
