"""The follow-up rules as a part of a new agreement: its first draft starts with the
municipality's default rules (agreements.parts). The rules belong to the agreement, not
to a version, so they take part in nothing else."""

from agreements.parts import VersionPart
from followup.meetings.services import rules_from_defaults


class FollowUpRules(VersionPart):
    def start(self, version, *, by):
        rules_from_defaults(version.agreement, by=by)
