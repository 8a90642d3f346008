"""Export one agreement as a JSON file, and import a file of agreements (administrators).

Both are thin: the access module decides who may, agreements.exchange does the work.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import FileExtensionValidator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from agreements import exchange
from agreements.models import Agreement
from iop.accounts import access
from iop.core.nul import has_nul

MAX_UPLOAD_SIZE = 5 * 1024 * 1024


def read(raw: bytes):
    """The parsed file, or AgreementImportError saying what is wrong with it: exchange.loads,
    and no NUL character anywhere (no database text can hold one)."""
    data = exchange.loads(raw)
    if has_nul(data):
        message = _("The file contains a NUL character (\\u0000), which cannot be saved. Remove it and try again.")
        raise exchange.AgreementImportError([message])
    return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("A JSON file of agreements, as exported from IOP. At most 5 MB."),
        validators=[FileExtensionValidator(["json"])],
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_SIZE:
            raise ValidationError(
                _("The file is %(size)s; at most %(limit)s can be imported.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_UPLOAD_SIZE)}
            )
        return upload


@login_required
def agreement_export(request, pk):
    agreement = access.access(request.user, access.VIEW, Agreement, pk=pk)
    response = HttpResponse(
        exchange.dumps(exchange.export_document([agreement])), content_type="application/json; charset=utf-8"
    )
    name = slugify(agreement.registry_number) or f"agreement-{agreement.pk}"
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.json")
    return response


@login_required
def agreement_import(request):
    if not access.is_administrator(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    problems = []
    if form.is_bound and form.is_valid():
        try:
            data = read(form.cleaned_data["file"].read())
            imported = exchange.import_document(data, by=request.user)
        except exchange.AgreementImportError as error:
            problems = error.messages  # nothing was saved; the page says why
        else:
            count = len(imported)
            messages.success(
                request,
                ngettext("%(count)d agreement imported.", "%(count)d agreements imported.", count) % {"count": count},
            )
            return redirect(reverse("agreements:agreement-list"))
    return render(request, "agreements/import.html", {"form": form, "problems": problems})
