from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    """Contributions, OPI indexation and payments (issue: Finance)."""

    name = "finance"
    verbose_name = _("Finance")
