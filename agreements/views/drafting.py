"""Creating an agreement and drafting its version section by section."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from agreements import forms, services
from agreements.models import Agreement, Party
from agreements.views.common import _draft, _form_page
from iop.accounts import access
from iop.core.forms import run_service


@login_required
def agreement_create(request):
    if not access.can(request.user, access.CREATE, Agreement):
        raise PermissionDenied
    form = forms.AgreementCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = []
        if run_service(
            form,
            lambda: created.append(
                services.agreement_create(
                    by=request.user,
                    committee=data["committee"],
                    title=data["title"],
                    registry_number=data["registry_number"].strip(),
                    start=data["start"],
                    copy_from=data["copy_from"] if data["start"] == form.START_COPY else None,
                )
            ),
        ):
            messages.success(request, _("The draft was created. Fill it in part by part."))
            return redirect(created[0].get_absolute_url())
    return render(
        request,
        "form.html",
        {"form": form, "title": _("New agreement"), "cancel_url": reverse("agreements:agreement-list")},
    )


@login_required
def version_edit(request, pk, part):
    if part not in forms.PARTS:
        raise Http404
    agreement, version = _draft(request, pk)
    form_class = forms.version_part_form(part)
    form = form_class(request.POST or None, instance=version, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "lock_version"}
        # The form has written onto `version`; the service starts from the stored row.
        fresh = agreement.versions.get(pk=version.pk)
        if run_service(
            form,
            lambda: services.version_update(
                by=request.user, version=fresh, lock_version=form.cleaned_data["lock_version"], **data
            ),
        ):
            messages.success(request, _("“%(part)s” was saved.") % {"part": forms.PARTS[part][0]})
            return redirect(agreement.get_absolute_url())
    return _form_page(request, form, forms.PARTS[part][0], agreement)


@login_required
def parties(request, pk):
    agreement, version = _draft(request, pk)
    form = forms.PartyAddForm(request.POST or None, initial={"lock_version": version.lock_version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(
            form,
            lambda: services.item_add(
                by=request.user,
                version=version,
                lock_version=data["lock_version"],
                kind="party",
                organisation=data["organisation"],
                description=data["description"],
            ),
        ):
            messages.success(request, _("%(party)s was added as a party.") % {"party": data["organisation"]})
            return redirect("agreements:parties", pk=agreement.pk)
    return render(
        request,
        "agreements/parties.html",
        {"agreement": agreement, "version": version, "form": form, "parties": version.parties.all()},
    )


@login_required
def party_edit(request, pk, party_pk):
    agreement, version = _draft(request, pk)
    party = get_object_or_404(version.parties, pk=party_pk)
    form = forms.PartyForm(request.POST or None, instance=party, lock_version=version.lock_version)
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "lock_version"}
        fresh = version.parties.get(pk=party.pk)
        if run_service(
            form,
            lambda: services.item_update(
                by=request.user, item=fresh, lock_version=form.cleaned_data["lock_version"], **data
            ),
        ):
            messages.success(request, _("%(party)s was saved.") % {"party": party})
            return redirect("agreements:parties", pk=agreement.pk)
    return _form_page(request, form, _("Party: %(party)s") % {"party": party}, agreement)


@login_required
def items(request, pk, kind):
    if kind not in forms.ITEM_KINDS:
        raise Http404
    agreement, version = _draft(request, pk)
    model, _fields, service_kind = forms.ITEM_KINDS[kind]
    form = forms.item_form(kind)(request.POST or None, version=version)
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "lock_version"}
        if run_service(
            form,
            lambda: services.item_add(
                by=request.user,
                version=version,
                lock_version=form.cleaned_data["lock_version"],
                kind=service_kind,
                **data,
            ),
        ):
            messages.success(request, _("Added."))
            return redirect("agreements:items", pk=agreement.pk, kind=kind)
    return render(
        request,
        "agreements/items.html",
        {
            "agreement": agreement,
            "version": version,
            "kind": kind,
            "title": model._meta.verbose_name_plural,
            "items": model.objects.filter(version=version).select_related(
                *(["party__organisation", "party__committee"] if kind == "responsibilities" else [])
            ),
            "form": form,
        },
    )


def _item(version, kind, item_pk):
    if kind == "parties":
        return get_object_or_404(Party, version=version, pk=item_pk)
    if kind not in forms.ITEM_KINDS:
        raise Http404
    return get_object_or_404(forms.ITEM_KINDS[kind][0], version=version, pk=item_pk)


def _back_to_list(agreement, kind):
    if kind == "parties":
        return redirect("agreements:parties", pk=agreement.pk)
    return redirect("agreements:items", pk=agreement.pk, kind=kind)


@login_required
def item_edit(request, pk, kind, item_pk):
    agreement, version = _draft(request, pk)
    item = _item(version, kind, item_pk)
    if kind == "parties":
        raise Http404
    form = forms.item_form(kind)(request.POST or None, instance=item, version=version)
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "lock_version"}
        fresh = type(item).objects.get(pk=item.pk)
        if run_service(
            form,
            lambda: services.item_update(
                by=request.user, item=fresh, lock_version=form.cleaned_data["lock_version"], **data
            ),
        ):
            messages.success(request, _("Saved."))
            return _back_to_list(agreement, kind)
    return _form_page(request, form, _("Edit"), agreement)


def _lock_version(request):
    try:
        return int(request.POST.get("lock_version") or -1)
    except ValueError:
        return -1  # refused by the draft's lock as a form opened on another version


@login_required
@require_POST
def item_action(request, pk, kind, item_pk, action):
    """Move an item up or down (buttons in the lists)."""
    agreement, version = _draft(request, pk)
    item = _item(version, kind, item_pk)
    if action not in ("up", "down"):
        raise Http404
    try:
        services.item_move(
            by=request.user, item=item, lock_version=_lock_version(request), direction=-1 if action == "up" else 1
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return _back_to_list(agreement, kind)


# The confirmation page's question, per list.
_REMOVE_TITLES = {
    "responsibilities": _lazy("Remove the responsibility?"),
    "activities": _lazy("Remove the activity?"),
    "chapters": _lazy("Remove the chapter?"),
    "parties": _lazy("Remove the party?"),
}


@login_required
def item_remove(request, pk, kind, item_pk):
    """Asks first (GET: a page naming what goes), removes on the confirming POST."""
    agreement, version = _draft(request, pk)
    item = _item(version, kind, item_pk)
    if kind == "parties" and item.committee_id:
        raise Http404  # the committee is always a party: there is nothing to ask
    if request.method == "POST":
        try:
            services.item_remove(by=request.user, item=item, lock_version=_lock_version(request))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Removed."))
        return _back_to_list(agreement, kind)
    return render(
        request,
        "agreements/item_confirm_remove.html",
        {"agreement": agreement, "version": version, "item": item, "title": _REMOVE_TITLES[kind], "kind": kind},
    )


@login_required
def criteria(request, pk):
    agreement, version = _draft(request, pk)
    form = forms.CriteriaForm(request.POST or None, version=version)
    if request.method == "POST" and form.is_valid():
        if run_service(
            form,
            lambda: services.assessments_save(
                by=request.user,
                version=version,
                lock_version=form.cleaned_data["lock_version"],
                answers=form.answers(),
                legal_review=form.cleaned_data["legal_review"],
            ),
        ):
            messages.success(request, _("The eligibility assessment was saved."))
            return redirect(agreement.get_absolute_url())
    return _form_page(request, form, _("Eligibility: Forum's criteria"), agreement)
