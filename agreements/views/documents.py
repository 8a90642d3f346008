"""The printed agreement: its PDF, its Word document, the preview, and the scans of the signed original."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from agreements import document, forms, scans, word
from agreements.models import ScannedOriginal
from agreements.views.common import _agreement, _form_page
from iop.accounts import access
from iop.core.forms import run_service


def _version(request, pk, number):
    agreement = _agreement(request, pk)
    # from the versions `with_state` fetched: the version comes with its agreement loaded
    version = next((version for version in agreement.versions.all() if version.number == number), None)
    if version is None:
        raise Http404
    return agreement, version


@login_required
def version_pdf(request, pk, number):
    _agreement_obj, version = _version(request, pk, number)
    response = HttpResponse(document.pdf_of(version), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename(version)}"'
    return response


@login_required
def version_docx(request, pk, number):
    """Any version as an editable Word document, for whoever may read its PDF."""
    _agreement_obj, version = _version(request, pk, number)
    response = HttpResponse(word.render(version), content_type=word.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{document.filename(version, "docx")}"'
    return response


@login_required
def version_pdf_preview(request, pk, number):
    """The PDF's HTML in the browser, to tune the layout (developers, DEBUG only)."""
    if not settings.DEBUG:
        raise Http404
    _agreement_obj, version = _version(request, pk, number)
    return HttpResponse(document.preview_html(version))


@login_required
def scan_upload(request, pk, number):
    agreement = _agreement(request, pk, access.CHANGE)
    version = agreement.versions.filter(number=number).first()
    if version is None:
        raise Http404
    form = forms.ScanForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if run_service(
            form, lambda: scans.scan_store(by=request.user, version=version, upload=form.cleaned_data["file"])
        ):
            messages.success(request, _("The scan of the signed original is kept."))
            return redirect(agreement.get_absolute_url())
    return _form_page(request, form, _("Upload the signed original"), agreement, multipart=True)


@login_required
def scan_withdraw(request, pk, number):
    agreement = _agreement(request, pk, access.CHANGE)
    scan = ScannedOriginal.objects.current().filter(version__agreement=agreement, version__number=number).first()
    if scan is None:
        raise Http404
    form = forms.ScanWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if run_service(
            form, lambda: scans.scan_withdraw(by=request.user, scan=scan, reason=form.cleaned_data["reason"])
        ):
            messages.success(request, _("The scan was withdrawn. Upload the right one."))
            return redirect(agreement.get_absolute_url())
    intro = _("The scan “%(file)s” is kept, marked as withdrawn with your reason; then the right one can be uploaded.")
    return _form_page(request, form, _("Withdraw the scan"), agreement, intro=intro % {"file": scan.filename})


@login_required
def scan_download(request, pk, number):
    _agreement_obj, version = _version(request, pk, number)
    scan = ScannedOriginal.objects.current().filter(version=version).first()
    if scan is None:
        raise Http404
    response = HttpResponse(bytes(scan.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename(version)[:-4]}-original.pdf"'
    return response
