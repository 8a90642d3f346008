from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    """The agreements themselves: drafting, decision, signatures, versions (issue: Agreements)."""

    name = "agreements"
    verbose_name = _("Agreements")

    def ready(self):
        from partners import settings_pages

        # The municipality's standard texts (the signing place among them) are its settings too.
        settings_pages.register(
            _("Standard texts and signing place"), "agreements:default-texts", per_municipality=False
        )
