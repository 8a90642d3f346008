"""Back office for administrators. It keeps the life cycle's rules: only a draft version
can be changed here, the registry number is fixed once a version is signed, and
extensions and terminations are recorded only through the services, which check them.
Whatever is refused is shown read-only, and a refused "revert" from the history answers
with a message."""

from simple_history.admin import SimpleHistoryAdmin

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from agreements.models import Agreement, AgreementVersion, DefaultText, Extension, Status, Termination
from iop.core.audit import KeptRecordsAdminMixin


class RulesAdmin(KeptRecordsAdminMixin, SimpleHistoryAdmin):
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # The history form takes the old record's values for the object, status included:
        # whether the object may change is asked of the row as stored.
        if request.method == "POST":
            stored = get_object_or_404(self.model, pk=object_id)
            if not self.has_change_permission(request, stored):
                messages.error(request, self.refusal(stored))
                return redirect(
                    reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_history", args=[stored.pk])
                )
        return super().history_form_view(request, object_id, version_id, extra_context)

    def refusal(self, obj):
        return _("“%(object)s” cannot be changed here.") % {"object": obj}

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        # The row is held and asked again, then only the columns the form shows are
        # written: a revert from the history would otherwise put back the old record's
        # read-only values too. The others are taken as stored, so the history row is true.
        stored = self.model._base_manager.select_for_update().get(pk=obj.pk)
        if not self.has_change_permission(request, stored):
            raise PermissionDenied(self.refusal(stored))
        columns = self.form_columns(form)
        for field in self.opts.concrete_fields:
            if field.name not in columns:
                setattr(obj, field.attname, getattr(stored, field.attname))
        obj._history_user = request.user
        obj.save(update_fields=[*columns, *self.counted(obj)])

    def form_columns(self, form):
        """The model's columns the form edits (its read-only fields are not form fields)."""
        columns = {field.name for field in self.opts.concrete_fields}
        return [name for name in form.fields if name in columns]

    def counted(self, obj):
        """Bookkeeping columns a change also writes."""
        return []


class AgreementVersionAdmin(RulesAdmin):
    list_display = ("__str__", "status", "committee", "start_date", "end_date", "signed_on")
    list_filter = ("status", "committee")
    search_fields = ("title", "agreement__registry_number")
    # The life cycle moves through the services: who decided, when, and the status.
    readonly_fields = (
        "agreement",
        "number",
        "status",
        "decision_body",
        "decision_date",
        "decision_reference",
        "signed_on",
        "lock_version",
    )

    def has_add_permission(self, request):
        # A version comes with its agreement, or as an amendment of a signed one, with
        # its content copied: both are started from the agreement's page.
        return False

    def _is_draft(self, obj):
        # As stored: the history form hands over an old record of the version.
        return AgreementVersion.objects.filter(pk=obj.pk, status=Status.DRAFT).exists()

    def has_change_permission(self, request, obj=None):
        # What a committee is to decide, has decided or the parties signed is changed by an
        # amendment, not here.
        return super().has_change_permission(request, obj) and (obj is None or self._is_draft(obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or self._is_draft(obj))

    def refusal(self, obj):
        return _("Version %(number)s is no longer a draft and cannot be changed here. Make an amendment instead.") % {
            "number": obj.number
        }

    def counted(self, obj):
        # A change here is a save of the draft like any other: it counts in the lock number,
        # so a planner's form opened before it is refused rather than saved over it.
        obj.lock_version += 1
        return ["lock_version", "updated_at"]


class AgreementAdmin(RulesAdmin):
    list_display = ("__str__", "registry_number", "municipality", "created_at")
    search_fields = ("registry_number",)
    filter_horizontal = ("predecessors",)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.versions.filter(status=Status.SIGNED).exists():
            # The archived PDF and the scanned original bear the number it was signed with.
            return (*fields, "registry_number")
        return fields


class RecordedByServicesAdmin(RulesAdmin):
    """Read only: the services check an extension (the option, the dates) and a notice
    (the period, the parties) before recording it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def refusal(self, obj):
        return _("“%(object)s” is recorded on the agreement's page, not here.") % {"object": obj}


admin.site.register(AgreementVersion, AgreementVersionAdmin)
admin.site.register(Agreement, AgreementAdmin)
admin.site.register(Extension, RecordedByServicesAdmin)
admin.site.register(Termination, RecordedByServicesAdmin)
admin.site.register(DefaultText, SimpleHistoryAdmin)
