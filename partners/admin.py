from simple_history.admin import SimpleHistoryAdmin

from django.contrib import admin

from partners.models import Administration, Committee, Contact, Municipality, Organisation


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ("name", "title", "email", "phone", "is_signatory")


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ("name", "org_number")


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ("name", "abbreviation", "municipality", "active")
    list_filter = ("active", "municipality")
    inlines = [ContactInline]


@admin.register(Administration)
class AdministrationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "municipality", "active")
    filter_horizontal = ("committees",)
    inlines = [ContactInline]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "org_number", "city", "active")
    list_filter = ("active",)
    search_fields = ("name", "org_number")
    inlines = [ContactInline]
