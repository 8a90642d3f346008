"""Which agreements the attention list and the calendar read, and what of them they read,
loaded in bulk.

A planner of a large committee has a couple of hundred agreements with a thousand meetings
and hundreds of payments. Most ended agreements are left out in SQL, and the rest is loaded
with `agreements.bulk` (one query per kind of object, only the fields that are read, no
queryset per object as prefetch_related builds). A fixed number of queries, however many
agreements there are.
"""

from collections import defaultdict

from django.db.models import Exists, F, OuterRef, Q

from agreements import bulk
from agreements.models import Agreement, AgreementVersion, Extension, Party, Status
from agreements.state import state
from finance import readmodel
from finance.models import Contribution
from followup.models import ActionItem, FollowUpMeeting, FollowUpRule
from iop.accounts import access


def in_force(rows) -> list:
    """Of [(agreement, state)], those signed and not ended: the ones that call for action."""
    return [(agreement, current) for agreement, current in rows if current.in_force and not current.ended]


def agreements_of(user, today) -> list:
    """[(agreement, state)] of the signed agreements in the user's scope that have not
    ended, with everything the items and the calendar read of them loaded."""
    return in_force(not_ended(user, access.working_on(user, Agreement), today, signed=True))


def not_ended(user, agreements, today, *, signed=False) -> list:
    """[(agreement, state)] of `agreements` that have not ended (in their order), with what
    `state()` and the agreement's name read; the signed ones in force also with what the
    items and the calendar read. `signed`: only agreements with a signed version."""
    loaded = list(_maybe_running(agreements, today, signed=signed).select_related("termination"))
    bulk.attach_state(loaded, parts=True)
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
