from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    """One app, one set of tables: the volunteer hours, the follow-up meetings and the desk."""

    name = "followup"
    verbose_name = _("Follow-up")

    def ready(self):
        from agreements import parts
        from followup.hours import timeline as hours_timeline
        from followup.meetings import timeline as meetings_timeline
        from followup.meetings.parts import FollowUpRules
        from followup.notices import receivers as notices
        from partners import settings_pages

        # The agreement's history tells what happened to its hours and follow-up.
        hours_timeline.connect()
        meetings_timeline.connect()
        # Status e-mails as months, meetings and agreements move on.
        notices.connect()
        # A new agreement starts with its municipality's follow-up rules, kept on its settings.
        parts.register(FollowUpRules())
        settings_pages.register(_("Default follow-up rules"), "followup:default-rules")
