from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    """Follow-up meetings, yearly material and reminders (issue: Follow-up)."""

    name = "followup"
    verbose_name = _("Follow-up")
