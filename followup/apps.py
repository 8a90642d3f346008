from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    """Follow-up meetings, yearly material and reminders (issue: Follow-up)."""

    name = "followup"
    verbose_name = _("Follow-up")

    def ready(self):
        from followup import timeline

        # The agreement's history tells what happened to its hours and follow-up.
        timeline.connect()
