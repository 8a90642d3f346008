from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "iop.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from iop.core import audit
        from iop.core.collation import register_sqlite_collation

        audit.connect()
        connection_created.connect(register_sqlite_collation)
