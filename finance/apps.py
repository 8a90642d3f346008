from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    """Contributions, OPI indexation and payments (issue: Finance)."""

    name = "finance"
    verbose_name = _("Finance")

    def ready(self):
        from agreements import parts
        from finance import timeline
        from finance.parts import Money
        from partners import settings_pages

        # The money is a part of each version: copied, exchanged, compared, printed, checked.
        parts.register(Money())
        # The agreement's history tells what happened to its money.
        timeline.connect()
        # The municipality's settings link to its default payment terms.
        settings_pages.register(_("Default payment terms"), "finance:default-terms")
