from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    """The agreements themselves: drafting, decision, signatures, versions (issue: Agreements)."""

    name = "agreements"
    verbose_name = _("Agreements")
