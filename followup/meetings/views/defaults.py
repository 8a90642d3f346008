"""A municipality's default follow-up rules, a page of its settings kept by its administrators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from followup.meetings import services
from followup.meetings.forms import DefaultRulesForm
from followup.meetings.models import DefaultFollowUpRule
from iop.accounts import access
from iop.core.forms import run_service
from partners.models import Municipality


@login_required
def default_rules(request, pk):
    municipality = access.access(request.user, access.CHANGE, Municipality, pk=pk)
    form = DefaultRulesForm(
        request.POST if request.method == "POST" else None,
        defaults=DefaultFollowUpRule.objects.filter(municipality=municipality),
    )
    if form.is_valid() and run_service(
        form, lambda: services.default_rules_save(by=request.user, municipality=municipality, rules=form.rules())
    ):
        messages.success(request, _("The default follow-up rules were saved."))
        return redirect("partners:municipality-settings", pk=municipality.pk)
    return render(
        request,
        "form.html",
        {
            "form": form,
            "title": _("Default follow-up rules of %(municipality)s") % {"municipality": municipality},
            "intro": _("Each new agreement of the municipality's committees starts with these rules."),
            "cancel_url": reverse("partners:municipality-settings", args=[municipality.pk]),
        },
    )
