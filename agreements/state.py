"""Where an agreement stands today, derived from its versions and recorded events.

Nothing here is stored: the phase follows from the signed version, its dates, the
extensions, a termination and any successor, so it can never disagree with them.
Works on a prefetched agreement (see `with_state()`) without further queries.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.dates import add_months, last_notice_day
from agreements.models import Agreement, AgreementVersion, Status


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


def with_state(queryset, *version_lookups):
    """Prefetch what `state()` reads, so a list of agreements costs a fixed number of queries.

    `version_lookups` are further prefetches on each version (e.g. its contributions).
    """
    return queryset.select_related("municipality", "termination").prefetch_related(
        Prefetch(
            "versions",
            queryset=AgreementVersion.objects.select_related("committee").prefetch_related(
                "parties__organisation", "parties__committee__municipality", "parties__signature", *version_lookups
            ),
        ),
        "extensions",
        Prefetch("successors", queryset=Agreement.objects.prefetch_related("versions")),
    )


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
    versions = sorted(agreement.versions.all(), key=lambda version: version.number)
    signed = [version for version in versions if version.status == Status.SIGNED]
    current = signed[-1] if signed else None
    open_version = versions[-1] if versions and versions[-1].status != Status.SIGNED else None
    if current is None:
        phase = open_version.status if open_version else Phase.DRAFT
        return AgreementState(phase, None, open_version, open_version.end_date if open_version else None, 0)

    extensions = sorted(agreement.extensions.all(), key=lambda extension: extension.new_end)
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
        for successor in agreement.successors.all()
        for version in successor.versions.all()
        if version.status == Status.SIGNED and version.start_date
    ]
    return min(starts, default=None)
