"""Where Django finds the follow-up app's models: they live in the hours', the meetings' and
the desk's packages and are imported here."""

from followup.desk.models import CalendarToken, ReminderSent  # noqa: F401
from followup.hours.models import EDITABLE, HourEntry, MonthReport, MonthStatus  # noqa: F401
from followup.meetings.models import (  # noqa: F401
    ActionItem,
    Convener,
    DefaultFollowUpRule,
    FollowUpMeeting,
    FollowUpRule,
    MeetingKind,
    MeetingMaterial,
    YearlyFollowUp,
    YearlyNarrative,
)
from followup.notices.models import Notice  # noqa: F401
