"""The life cycle: to decision and back, decision, signatures, extension, termination,
amendment and renewal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements import forms, services
from agreements.models import Status
from agreements.state import notice_end, state
from agreements.views.common import _agreement, _draft, _form_page
from iop.accounts import access
from iop.core.forms import run_service


def _transition(request, agreement, action, success):
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(agreement.get_absolute_url())


@login_required
@require_POST
def version_submit(request, pk):
    """To decision. A criterion judged "not met" first shows a page that names it and asks
    for a ticked confirmation; the agreement goes on only with it."""
    agreement, version = _draft(request, pk)
    not_met = services.criteria_not_met(version)
    confirmed = request.POST.get("confirm_not_met") == "on"
    if not_met and not confirmed:
        context = {"agreement": agreement, "not_met": not_met, "asked": "confirm_page" in request.POST}
        return render(request, "agreements/submit_confirm.html", context)
    return _transition(
        request,
        agreement,
        lambda: services.version_submit(by=request.user, version=version, not_met_confirmed=confirmed),
        _("The agreement is ready for decision."),
    )


@login_required
@require_POST
def version_return(request, pk):
    agreement = _agreement(request, pk, access.CHANGE)
    version = state(agreement).draft
    if version is None:
        raise Http404
    return _transition(
        request,
        agreement,
        lambda: services.version_return(by=request.user, version=version),
        _("The agreement is a draft again."),
    )


@login_required
def version_decide(request, pk):
    agreement = _agreement(request, pk, access.CHANGE)
    version = state(agreement).draft
    if version is None or version.status != Status.READY:
        raise Http404
    form = forms.DecisionForm(
        request.POST or None, initial={"decision_body": version.committee.name, "decision_date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        if run_service(form, lambda: services.version_decide(by=request.user, version=version, **form.cleaned_data)):
            messages.success(request, _("The decision was recorded. Now collect the signatures."))
            return redirect(agreement.get_absolute_url())
    return _form_page(request, form, _("Record the decision"), agreement)


@login_required
def version_sign(request, pk, party_pk):
    agreement = _agreement(request, pk, access.CHANGE)
    version = state(agreement).draft
    if version is None or version.status != Status.DECIDED:
        raise Http404
    party = get_object_or_404(version.parties.select_related("signatory", "organisation", "committee"), pk=party_pk)
    initial = {"place": version.signing_place, "date": timezone.localdate()}
    if party.signatory:
        initial |= {"signatory_name": party.signatory.name, "signatory_title": party.signatory.title}
    form = forms.SignatureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if run_service(form, lambda: services.version_sign(by=request.user, party=party, **form.cleaned_data)):
            messages.success(request, _("The signature of %(party)s was recorded.") % {"party": party})
            return redirect(agreement.get_absolute_url())
    return _form_page(request, form, _("Signature of %(party)s") % {"party": party}, agreement)


@login_required
def agreement_extend(request, pk):
    agreement = _agreement(request, pk, access.CHANGE)
    current = state(agreement)
    if current.in_force is None:
        raise Http404
    form = forms.ExtensionForm(
        request.POST or None,
        initial={"decision_body": current.in_force.committee.name, "decision_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        if run_service(
            form, lambda: services.agreement_extend(by=request.user, agreement=agreement, **form.cleaned_data)
        ):
            messages.success(request, _("The extension was recorded."))
            return redirect(agreement.get_absolute_url())
    intro = _("The agreement now ends on %(end)s. Extensions left: %(left)s.") % {
        "end": current.end,
        "left": current.extensions_left,
    }
    return _form_page(request, form, _("Extend the agreement"), agreement, intro=intro)


@login_required
def agreement_terminate(request, pk):
    """The notice form, then a page that shows the end date the notice gives (and why, where
    the notice period replaced a typed date); only its confirming POST records the notice."""
    agreement = _agreement(request, pk, access.CHANGE)
    current = state(agreement)
    if current.in_force is None:
        raise Http404
    form = forms.TerminationForm(request.POST or None, version=current.in_force)
    if request.method == "POST" and form.is_valid() and "change" not in request.POST:
        data = form.cleaned_data
        if "confirmed" in request.POST:
            if run_service(form, lambda: services.agreement_terminate(by=request.user, agreement=agreement, **data)):
                messages.success(request, _("The termination was recorded."))
                return redirect(agreement.get_absolute_url())
        else:
            planned = []
            if run_service(
                form,
                lambda: planned.append(services.termination_preview(by=request.user, agreement=agreement, **data)),
            ):
                return _termination_confirm(request, agreement, current, form, planned[0])
    return _form_page(request, form, _("Terminate the agreement"), agreement)


def _termination_confirm(request, agreement, current, form, termination):
    months = current.in_force.notice_months
    typed = form.cleaned_data["end_date"]
    context = {
        "agreement": agreement,
        "form": form,
        "termination": termination,
        "notice_months": months,
        # the typed end date gave way to the notice period
        "typed_replaced": months is not None and typed is not None and typed != termination.end_date,
        "typed": typed,
        # the agreement's own period runs out first
        "ends_first": (notice_end(termination.notice_date, months) if months is not None else typed) > current.end,
        "planned_end": current.end,
    }
    return render(request, "agreements/termination_confirm.html", context)


@login_required
@require_POST
def agreement_amend(request, pk):
    agreement = _agreement(request, pk, access.CHANGE)
    return _transition(
        request,
        agreement,
        lambda: services.agreement_amend(by=request.user, agreement=agreement),
        _("An amendment was started as a new draft version."),
    )


@login_required
def agreement_renew(request, pk):
    agreement = _agreement(request, pk, access.CHANGE)
    form = forms.RenewForm(request.POST or None, user=request.user, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        renewed = []
        sources = [agreement, *form.cleaned_data["also_replaces"]]
        if run_service(
            form,
            lambda: renewed.append(
                services.agreement_renew(
                    by=request.user, agreements=sources, registry_number=form.cleaned_data["registry_number"].strip()
                )
            ),
        ):
            messages.success(request, _("The new agreement was created as a draft from the old one."))
            return redirect(renewed[0].get_absolute_url())
    return _form_page(request, form, _("Renew the agreement"), agreement)


@login_required
def agreement_publication(request, pk):
    """The committee's decision whether the agreement is listed in the public register and
    its signed PDF published."""
    agreement = _agreement(request, pk, access.CHANGE)
    # bound on every POST: unticking both boxes posts no field of the form
    form = forms.PublicationForm(
        request.POST if request.method == "POST" else None,
        initial={"listed": agreement.in_public_register, "pdf_public": agreement.signed_pdf_public},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(
            form,
            lambda: services.publication_set(
                by=request.user, agreement=agreement, listed=data["listed"], pdf_public=data["pdf_public"]
            ),
        ):
            messages.success(request, _("The decision on the public register was recorded."))
            return redirect(agreement.get_absolute_url())
    return _form_page(request, form, _("The public register"), agreement)
