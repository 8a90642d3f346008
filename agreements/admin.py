"""Back office for administrators. A signed version is shown read-only here too; the
model guard would refuse the save anyway, this only spares the administrator an error."""

from simple_history.admin import SimpleHistoryAdmin

from django.contrib import admin

from agreements.models import Agreement, AgreementVersion, DefaultText, Extension, Termination
from iop.core.audit import KeptRecordsAdminMixin


class FrozenAdmin(KeptRecordsAdminMixin, SimpleHistoryAdmin):
    def _signed(self, obj):
        return obj is not None and obj.is_signed

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._signed(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._signed(obj)


@admin.register(AgreementVersion)
class AgreementVersionAdmin(FrozenAdmin):
    list_display = ("__str__", "status", "committee", "start_date", "end_date", "signed_on")
    list_filter = ("status", "committee")
    search_fields = ("title", "agreement__registry_number")
    readonly_fields = ("status", "signed_on", "lock_version")


@admin.register(Agreement)
class AgreementAdmin(KeptRecordsAdminMixin, SimpleHistoryAdmin):
    list_display = ("__str__", "registry_number", "municipality", "created_at")
    search_fields = ("registry_number",)
    filter_horizontal = ("predecessors",)


class KeptHistoryAdmin(KeptRecordsAdminMixin, SimpleHistoryAdmin):
    pass


admin.site.register(Extension, KeptHistoryAdmin)
admin.site.register(Termination, KeptHistoryAdmin)
admin.site.register(DefaultText, SimpleHistoryAdmin)
