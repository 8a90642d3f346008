"""A municipality's default payment terms, a page of its settings kept by its administrators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from finance import forms, services
from finance.models import DefaultTerms
from iop.accounts import access
from iop.core.forms import run_service
from partners.models import Municipality


@login_required
def default_terms(request, pk):
    municipality = access.access(request.user, access.CHANGE, Municipality, pk=pk)
    form = forms.DefaultTermsForm(
        request.POST if request.method == "POST" else None,
        instance=DefaultTerms.objects.filter(municipality=municipality).first(),
    )
    if form.is_valid() and run_service(
        form, lambda: services.default_terms_save(by=request.user, municipality=municipality, **form.cleaned_data)
    ):
        messages.success(request, _("The default payment terms were saved."))
        return redirect("partners:municipality-settings", pk=municipality.pk)
    return render(
        request,
        "form.html",
        {
            "form": form,
            "title": _("Default payment terms of %(municipality)s") % {"municipality": municipality},
            "intro": _("Each new agreement of the municipality's committees starts with these terms."),
            "cancel_url": reverse("partners:municipality-settings", args=[municipality.pk]),
        },
    )
