from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "iop.accounts"
    label = "accounts"
    verbose_name = _("Users and roles")

    def ready(self):
        from iop.accounts import middleware  # noqa: F401  (a login starts the session's lifetime)
