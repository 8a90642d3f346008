"""Where an agreement stands today, derived from its versions and recorded events.

Nothing here is stored: the phase follows from the signed version, its dates, the
extensions, a termination and any successor, so it can never disagree with them.
Works on a prefetched agreement (see `with_state()`) without further queries.
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    DateField,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements import bulk
from agreements.models import Agreement, AgreementVersion, Extension, Party, Status, Termination
from iop.core.dates import add_months, extend_period


class Phase:
    DRAFT = "draft"
    READY = "ready"
    DECIDED = "decided"
    SIGNED = "signed"  # signed, not yet in force
    IN_FORCE = "in_force"
    EXPIRED = "expired"
    TERMINATED = "terminated"
    REPLACED = "replaced"

    LABELS = {
        DRAFT: _("Draft"),
        READY: _("Ready for decision"),
        DECIDED: _("Decided, awaiting signatures"),
        SIGNED: _("Signed, not yet in force"),
        IN_FORCE: _("In force"),
        EXPIRED: _("Ended: expired"),
        TERMINATED: _("Ended: terminated"),
        REPLACED: _("Ended: replaced"),
    }
    ENDED = {EXPIRED, TERMINATED, REPLACED}


def notice_end(notice_date: datetime.date, months: int) -> datetime.date:
    """The day a written notice given on `notice_date` takes effect."""
    return add_months(notice_date, months)


def last_notice_day(end: datetime.date, months: int) -> datetime.date:
    """The last day a notice can be given and still end the agreement by its end date: the
    last day D with `notice_end(D) <= end`. Counting back from the end falls short after a
    30-day month (2026-06-30 less 3 months is 2026-03-30, but a notice on 2026-03-31 also
    ends on 2026-06-30), so step on while the next day still ends in time."""
    day = add_months(end, -months)
    while notice_end(day + datetime.timedelta(days=1), months) <= end:
        day += datetime.timedelta(days=1)
    return day


def with_state(queryset, *version_lookups, version_related=()):
    """Prefetch what `state()` reads, so a list of agreements costs a fixed number of queries.

    `version_lookups` are further prefetches on each version (e.g. its contributions);
    `version_related` are joined to the versions' query instead (e.g. the parts' `list_related`).
    """
    return queryset.select_related("municipality", "termination").prefetch_related(
        Prefetch(
            "versions",
            queryset=AgreementVersion.objects.select_related("committee", *version_related).prefetch_related(
                # one query for the parties with what their names and signatures read
                Prefetch(
                    "parties",
                    queryset=Party.objects.select_related("organisation", "committee__municipality", "signature"),
                ),
                *version_lookups,
            ),
        ),
        "extensions",
        Prefetch("successors", queryset=Agreement.objects.prefetch_related("versions")),
    )


# What `state()` and a list's row read of a version: never its texts.
def list_with_state(queryset):
    """The agreements of `queryset` (a page of a list) with what `state()` and the list's
    rows read, loaded in bulk (agreements.bulk): each version without its long texts, with
    its committee and its parties with their organisations' names; the termination, the
    extensions and the successors."""
    agreements = list(queryset.select_related("termination"))
    bulk.attach_state(agreements, version_fields=("extension_months", "committee"), committee=True)
    versions = [version for agreement in agreements for version in agreement.listed_versions]
    parties = Party.objects.filter(version__in=versions).select_related("organisation")
    parties = parties.only("version", "order", "committee", "organisation__name")
    bulk.attach(versions, "parties", Party, bulk.by(parties, "version_id"))
    return agreements


def _related(obj, name):
    """The objects of a relation: the list `list_with_state()` or `bulk.attach` fetched, else the manager's
    (prefetched by `with_state()`, or queried)."""
    listed = getattr(obj, f"listed_{name}", None)
    return listed if listed is not None else getattr(obj, name).all()


@dataclass
class AgreementState:
    phase: str
    # The version in force: the latest signed one. It stays named before its start and
    # after the end (the phase says which); None until a version is signed.
    in_force: AgreementVersion | None
    # The version in the making: the latest one while not yet signed (drafted, ready or decided).
    draft: AgreementVersion | None
    end: datetime.date | None  # the end date after extensions and termination
    extensions_left: int
    # The day a decision on change, extension or ending is due: the version's, moved on
    # by each extension as far as the extension moved the end.
    decision_deadline: datetime.date | None = None

    @property
    def label(self):
        return Phase.LABELS[self.phase]

    @property
    def ended(self):
        return self.phase in Phase.ENDED

    @property
    def shown(self):
        """The version people mean when they speak of the agreement: the one in force, else
        the draft. Its texts, parties and activities are the agreement's."""
        return self.in_force or self.draft

    @property
    def start(self):
        """The first day of the agreement: the shown version's start date."""
        return self.shown.start_date if self.shown else None

    @property
    def period(self):
        """(first day, last day) of the agreement, the end after extensions and termination:
        what hours, meetings and the yearly follow-up fall within. None while either is unknown."""
        start = self.start
        return (start, self.end) if start and self.end else None

    @property
    def last_notice_day(self):
        if self.in_force and self.end and self.in_force.notice_months:
            return last_notice_day(self.end, self.in_force.notice_months)
        return None

    def ends_within(self, months, today):
        """Signed, not ended, and ending within `months` from today."""
        if self.in_force is None or self.end is None or self.ended:
            return False
        return today <= self.end <= add_months(today, months)

    def in_force_on(self, day):
        if not self.in_force or not self.in_force.start_date or not self.end:
            return False
        return self.in_force.start_date <= day <= self.end


def _termination(agreement):
    try:
        return agreement.termination
    except Agreement.termination.RelatedObjectDoesNotExist:
        return None


def state(agreement, today=None) -> AgreementState:
    today = today or timezone.localdate()
    versions = sorted(_related(agreement, "versions"), key=lambda version: version.number)
    signed = [version for version in versions if version.status == Status.SIGNED]
    in_force = signed[-1] if signed else None
    draft = versions[-1] if versions and versions[-1].status != Status.SIGNED else None
    if in_force is None:
        phase = draft.status if draft else Phase.DRAFT
        return AgreementState(phase, None, draft, draft.end_date if draft else None, 0)

    extensions = sorted(_related(agreement, "extensions"), key=lambda extension: extension.new_end)
    end = extensions[-1].new_end if extensions else in_force.end_date
    termination = _termination(agreement)
    if termination and termination.end_date < end:
        end = termination.end_date
    extensions_left = max(in_force.extension_count - len(extensions), 0)
    deadline = in_force.decision_deadline
    if deadline and in_force.extension_months:
        deadline = extend_period(deadline, in_force.extension_months * len(extensions))

    successor_start = _successor_start(agreement)
    if termination and today > termination.end_date:
        phase = Phase.TERMINATED
    elif successor_start and today >= successor_start:
        phase = Phase.REPLACED
    elif end and today > end:
        phase = Phase.EXPIRED
    elif in_force.start_date and today < in_force.start_date:
        phase = Phase.SIGNED
    else:
        phase = Phase.IN_FORCE
    return AgreementState(phase, in_force, draft, end, extensions_left, deadline)


def _successor_start(agreement):
    """The day the first signed successor starts: from then on this agreement is replaced."""
    starts = [
        version.start_date
        for successor in _related(agreement, "successors")
        for version in _related(successor, "versions")
        if version.status == Status.SIGNED and version.start_date
    ]
    return min(starts, default=None)


# --- The same rules in SQL, for filtering long lists ------------------------------------------
#
# `state()` above is the rule. A list that filters on the phase or the dates cannot call it
# for every agreement of the municipality, so `annotate_state()` writes the same rules as
# SQL annotations. agreements/tests/test_state_sql.py compares the two on agreements in every
# phase and on many days, so the two cannot drift apart: change both together.


def _versions_of(outer="pk"):
    return AgreementVersion.objects.filter(agreement=OuterRef(outer))


def annotate_state(queryset, today):
    """Annotates `state_phase`, `state_end` and `state_start` (the signed version's start):
    what `state(agreement, today)` gives as `phase`, `end` (only where a version is signed)
    and `in_force.start_date`."""
    signed = _versions_of().filter(status=Status.SIGNED).order_by("-number")
    successor_starts = AgreementVersion.objects.filter(
        agreement__predecessors=OuterRef("pk"), status=Status.SIGNED, start_date__isnull=False
    ).order_by("start_date")
    queryset = queryset.annotate(
        _state_signed=Subquery(signed.values("number")[:1]),
        _state_last_status=Subquery(_versions_of().order_by("-number").values("status")[:1]),
        state_start=Subquery(signed.values("start_date")[:1]),
        _state_extended=Subquery(
            Extension.objects.filter(agreement=OuterRef("pk")).order_by("-new_end").values("new_end")[:1]
        ),
        _state_terminated=Subquery(Termination.objects.filter(agreement=OuterRef("pk")).values("end_date")[:1]),
        _state_replaced=Subquery(successor_starts.values("start_date")[:1]),
    ).annotate(
        # the latest extension's end, else the signed version's
        _state_planned_end=Coalesce("_state_extended", Subquery(signed.values("end_date")[:1])),
    )
    queryset = queryset.annotate(
        # a termination before that end ends it earlier
        state_end=Case(
            When(_state_signed__isnull=True, then=Value(None)),
            When(_state_terminated__lt=F("_state_planned_end"), then=F("_state_terminated")),
            default=F("_state_planned_end"),
            output_field=DateField(),
        )
    )
    return queryset.annotate(
        state_phase=Case(
            When(_state_signed__isnull=True, then=Coalesce("_state_last_status", Value(Phase.DRAFT))),
            When(_state_terminated__lt=today, then=Value(Phase.TERMINATED)),
            When(_state_replaced__lte=today, then=Value(Phase.REPLACED)),
            # not terminated by today, so the end is before today only if the planned end is
            When(_state_planned_end__lt=today, then=Value(Phase.EXPIRED)),
            When(state_start__gt=today, then=Value(Phase.SIGNED)),
            default=Value(Phase.IN_FORCE),
            output_field=CharField(),
        )
    )


def phase_filter(phase):
    """For a queryset from `annotate_state()`: in this phase."""
    return Q(state_phase=phase)


def in_force_on_filter(day):
    """For a queryset from `annotate_state()`: as `AgreementState.in_force_on(day)`."""
    return Q(state_start__lte=day, state_end__gte=day)


def ends_within_filter(months, today):
    """For a queryset from `annotate_state()`: as `AgreementState.ends_within(months, today)`."""
    return Q(state_end__gte=today, state_end__lte=add_months(today, months)) & ~Q(state_phase__in=Phase.ENDED)
