"""The hours in the agreement's history: month reports and their entries, in the part
they share with the follow-up meetings."""

from django.utils.translation import gettext_lazy as _

from agreements.timeline import RelatedSource, register
from followup.hours.models import HourEntry, MonthReport


def connect():
    register(
        "follow_up",
        _("Hours and follow-up"),
        [
            RelatedSource(
                MonthReport,
                "agreement",
                lambda context, record: f"{record.organisation} {record.month:%Y-%m}",
                rank=30,
                select=("organisation",),
            ),
            RelatedSource(
                HourEntry,
                "report__agreement",
                lambda context, record: f"{record.date} {record.activity}: {record.hours} h",
                rank=31,
                select=("activity",),
            ),
        ],
    )
