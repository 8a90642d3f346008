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
from agreements.dates import add_months, last_notice_day
from agreements.models import Agreement, AgreementVersion, Extension, Party, Status, Termination


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
    current: AgreementVersion | None  # the version in force: the latest signed one
    open: AgreementVersion | None  # a version being drafted, decided or signed
    end: datetime.date | None  # the end date after extensions and termination
    extensions_left: int

    @property
    def label(self):
        return Phase.LABELS[self.phase]

    @property
    def ended(self):
        return self.phase in Phase.ENDED

    @property
    def shown(self):
        """The version people mean when they speak of the agreement."""
        return self.current or self.open

    @property
    def last_notice_day(self):
        if self.current and self.end and self.current.notice_months:
            return last_notice_day(self.end, self.current.notice_months)
        return None

    @property
    def decision_deadline(self):
        return self.current.decision_deadline if self.current else None

    def ends_within(self, months, today):
        """Signed, not ended, and ending within `months` from today."""
        if self.current is None or self.end is None or self.ended:
            return False
        return today <= self.end <= add_months(today, months)

    def in_force_on(self, day):
        if not self.current or not self.current.start_date or not self.end:
            return False
        return self.current.start_date <= day <= self.end


def _termination(agreement):
    try:
        return agreement.termination
    except Agreement.termination.RelatedObjectDoesNotExist:
        return None


def state(agreement, today=None) -> AgreementState:
    today = today or timezone.localdate()
    versions = sorted(_related(agreement, "versions"), key=lambda version: version.number)
    signed = [version for version in versions if version.status == Status.SIGNED]
    current = signed[-1] if signed else None
    open_version = versions[-1] if versions and versions[-1].status != Status.SIGNED else None
    if current is None:
        phase = open_version.status if open_version else Phase.DRAFT
        return AgreementState(phase, None, open_version, open_version.end_date if open_version else None, 0)

    extensions = sorted(_related(agreement, "extensions"), key=lambda extension: extension.new_end)
    end = extensions[-1].new_end if extensions else current.end_date
    termination = _termination(agreement)
    if termination and termination.end_date < end:
        end = termination.end_date
    extensions_left = max(current.extension_count - len(extensions), 0)

    successor_start = _successor_start(agreement)
    if termination and today > termination.end_date:
        phase = Phase.TERMINATED
    elif successor_start and today >= successor_start:
        phase = Phase.REPLACED
    elif end and today > end:
        phase = Phase.EXPIRED
    elif current.start_date and today < current.start_date:
        phase = Phase.SIGNED
    else:
        phase = Phase.IN_FORCE
    return AgreementState(phase, current, open_version, end, extensions_left)


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
    and `current.start_date`."""
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
