"""The follow-up in the agreement's history: rules, meetings, action items, material and the
yearly follow-up, in the part they share with the hours."""

from django.utils.translation import gettext_lazy as _

from agreements.timeline import RelatedSource, register
from followup.meetings.models import (
    ActionItem,
    FollowUpMeeting,
    FollowUpRule,
    MeetingMaterial,
    YearlyFollowUp,
    YearlyNarrative,
)


def connect():
    register(
        "follow_up",
        _("Hours and follow-up"),
        [
            RelatedSource(FollowUpRule, "agreement", lambda context, record: record.get_kind_display(), rank=32),
            RelatedSource(
                FollowUpMeeting,
                "agreement",
                lambda context, record: f"{record.get_kind_display()} {record.date}",
                rank=33,
            ),
            RelatedSource(
                ActionItem,
                "meeting__agreement",
                lambda context, record: record.text,
                rank=34,
            ),
            RelatedSource(
                MeetingMaterial,
                "meeting__agreement",
                lambda context, record: f"{record.organisation} {record.meeting}",
                rank=35,
                select=("organisation", "meeting"),
            ),
            RelatedSource(YearlyFollowUp, "agreement", lambda context, record: str(record.year), rank=36),
            RelatedSource(
                YearlyNarrative,
                "follow_up__agreement",
                lambda context, record: record.party_name,
                rank=37,
            ),
        ],
    )
