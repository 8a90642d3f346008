from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from iop.accounts.models import User
from iop.core.audit import KeptRecordsAdminMixin


@admin.register(User)
class UserAdmin(KeptRecordsAdminMixin, DjangoUserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "role", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Role in IOP"), {"fields": ("role", "title", "committees", "organisations")}),
    )
    filter_horizontal = ("committees", "organisations", "groups", "user_permissions")
