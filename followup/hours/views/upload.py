"""Hours from a file: upload, preview with every error, then save all or nothing.

The preview keeps the rows it checked in the session under a random key, so the save does
not need the file again; the save checks them again (something may have changed since).
The reading and saving are followup.hours.imports'.
"""

import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from agreements.models import Agreement
from followup.hours import imports
from followup.hours.models import HourEntry
from followup.hours.services import RowsRefused
from iop.accounts import access
from partners.models import Organisation

PREVIEW_ROWS = 200
SHOWN_ERRORS = 500
SESSION_PREFIX = "hours-upload:"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATES = {
    "csv": ("text/csv; charset=utf-8", imports.template_csv),
    "xlsx": (XLSX, imports.template_xlsx),
}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("A CSV file or an Excel file (.xlsx) with the template's columns. At most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),  # Excel saves UTF-16 as .txt
    )


def _access(user, agreement_pk, organisation_pk):
    """The agreement and the organisation the user reports for, or 404 (403 for a user who
    may see the agreement but not report hours)."""
    agreement = access.access(user, access.VIEW, Agreement, pk=agreement_pk)
    if not access.can(user, access.CREATE, HourEntry):
        raise PermissionDenied
    organisation = get_object_or_404(access.visible(user, Organisation), pk=organisation_pk)
    if not agreement.versions.filter(parties__organisation=organisation).exists():
        raise Http404
    return agreement, organisation


def _keep(session, agreement, organisation, rows) -> str:
    """Keep checked rows for the save; one pending upload per session."""
    for key in [key for key in session.keys() if key.startswith(SESSION_PREFIX)]:
        del session[key]
    token = secrets.token_urlsafe(16)
    session[SESSION_PREFIX + token] = {
        "agreement": agreement.pk,
        "organisation": organisation.pk,
        "rows": imports.to_plain(rows),
    }
    return token


def _kept(session, token, agreement, organisation):
    """The rows kept by the preview (taken out of the session), or None."""
    if not token or not token.replace("-", "").replace("_", "").isalnum():
        return None
    kept = session.pop(SESSION_PREFIX + token, None)
    if not kept or (kept["agreement"], kept["organisation"]) != (agreement.pk, organisation.pk):
        return None
    return kept["rows"]


@login_required
def hours_upload(request, agreement_pk, organisation_pk):
    agreement, organisation = _access(request.user, agreement_pk, organisation_pk)
    context = {"agreement": agreement, "organisation": organisation, "errors": [], "preview": None}
    form = UploadForm()
    if request.method == "POST" and request.POST.get("action") == "save":
        plain = _kept(request.session, request.POST.get("token"), agreement, organisation)
        if plain is None:
            messages.error(request, _("The preview is no longer available. Upload the file again."))
            return redirect(reverse("followup:hours-upload", args=[agreement.pk, organisation.pk]))
        try:
            entries = imports.import_rows(
                by=request.user,
                agreement=agreement,
                organisation=organisation,
                rows=imports.from_plain(plain, agreement),
            )
        except RowsRefused as refused:
            context["errors"] = refused.errors
        else:
            count = len(entries)
            messages.success(
                request,
                ngettext("%(count)d row of hours saved.", "%(count)d rows of hours saved.", count) % {"count": count},
            )
            first = min(entry.date for entry in entries)
            return redirect(
                reverse("followup:hours-month", args=[agreement.pk, organisation.pk, f"{first:%Y-%m}"]),
            )
    elif request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                raw = imports.read_rows(form.cleaned_data["file"])
            except imports.ImportRefused as refused:
                form.add_error("file", refused.message)
            else:
                rows, errors = imports.check_rows(
                    by=request.user, agreement=agreement, organisation=organisation, rows=raw
                )
                wrong = {error.row for error in errors}
                context["errors"] = errors
                context["preview"] = {
                    "rows": [
                        {
                            "number": row["row"],
                            "cells": [imports.shown(row.get(column, "")) for column in imports.COLUMNS],
                            "wrong": row["row"] in wrong,
                        }
                        for row in raw[:PREVIEW_ROWS]
                    ],
                    "count": len(raw),
                    "token": None if errors else _keep(request.session, agreement, organisation, rows),
                }
    context.update(
        form=form,
        columns=imports.COLUMNS,
        shown_errors=context["errors"][:SHOWN_ERRORS],
        more_errors=max(0, len(context["errors"]) - SHOWN_ERRORS),
        max_rows=imports.MAX_ROWS,
    )
    return render(request, "followup/hours/upload.html", context)


@login_required
def hours_template(request, fmt):
    if fmt not in TEMPLATES:
        raise Http404
    content_type, build = TEMPLATES[fmt]
    response = HttpResponse(build(), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"timmar-mall.{fmt}")
    return response
