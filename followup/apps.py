from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    """One app, one set of tables: the volunteer hours, the follow-up meetings and the desk."""

    name = "followup"
    verbose_name = _("Follow-up")

    def ready(self):
        from followup.hours import timeline as hours_timeline
        from followup.meetings import timeline as meetings_timeline

        # The agreement's history tells what happened to its hours and follow-up.
        hours_timeline.connect()
        meetings_timeline.connect()
