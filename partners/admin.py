from simple_history.admin import SimpleHistoryAdmin

from django.contrib import admin

from iop.core.audit import KeptRecordsAdminMixin
from partners.models import Administration, Committee, Contact, Municipality, Organisation


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ("name", "title", "email", "phone", "is_signatory")


@admin.register(Municipality)
class MunicipalityAdmin(KeptRecordsAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "org_number")


@admin.register(Committee)
class CommitteeAdmin(KeptRecordsAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "abbreviation", "municipality", "active")
    list_filter = ("active", "municipality")
    inlines = [ContactInline]


@admin.register(Administration)
class AdministrationAdmin(KeptRecordsAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "municipality", "active")
    filter_horizontal = ("committees",)
    inlines = [ContactInline]


@admin.register(Organisation)
class OrganisationAdmin(KeptRecordsAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "org_number", "city", "active")
    list_filter = ("active",)
    search_fields = ("name", "org_number")
    inlines = [ContactInline]
