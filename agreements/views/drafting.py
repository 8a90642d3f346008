"""Agreement pages: find, read, draft section by section, and carry through the life cycle.

Each view: access check → form → one service call → redirect. Everything works
without JavaScript; every change is a plain form post.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements import document, forms, scans, services
from agreements.models import Agreement, DefaultText, Party, ScannedOriginal, SignedDocument, Status
from agreements.services import readiness_problems
from agreements.state import (
    annotate_state,
    ends_within_filter,
    in_force_on_filter,
    list_with_state,
    phase_filter,
    state,
    with_state,
)
from iop.accounts import access
from iop.core.forms import run_service
from partners.models import Organisation


def _agreement(request, pk, action=access.VIEW, *version_lookups):
    queryset = with_state(Agreement.objects.all(), *version_lookups)
    return access.access(request.user, action, queryset, pk=pk)


def _draft(request, pk):
    """The agreement and the draft version being worked on, for someone who may change it."""
    agreement = _agreement(request, pk, access.CHANGE)
    version = state(agreement).open
    if version is None or version.status != Status.DRAFT:
        raise Http404
    return agreement, version


def _form_page(request, form, title, agreement, **extra):
    return render(
        request,
        "form.html",
        {"form": form, "title": title, "agreement": agreement, "cancel_url": agreement.get_absolute_url(), **extra},
    )


# --- Finding and reading -----------------------------------------------------------------


@login_required
def agreement_list(request):
    form = forms.AgreementFilterForm(request.GET or None, user=request.user)
    today = timezone.localdate()
    agreements = access.visible(request.user, Agreement)
    if form.is_valid() or not request.GET:
        data = form.cleaned_data if form.is_bound else {}
        agreements = agreements.search(data.get("q"))
        if data.get("committee"):
            agreements = agreements.filter(versions__committee=data["committee"]).distinct()
        if data.get("partner"):
            agreements = agreements.filter(versions__parties__organisation=data["partner"]).distinct()
        # The phase and the dates follow from the versions and events: the same rules as
        # state(), in SQL (agreements/tests/test_state_sql.py keeps them together).
        if data.get("status") or data.get("in_force_on") or data.get("ending_within"):
            agreements = annotate_state(agreements, today)
        if data.get("status"):
            agreements = agreements.filter(phase_filter(data["status"]))
        if data.get("in_force_on"):
            agreements = agreements.filter(in_force_on_filter(data["in_force_on"]))
        if data.get("ending_within"):
            agreements = agreements.filter(ends_within_filter(data["ending_within"], today))
    else:
        agreements = agreements.none()
    # One query gives the ids of all the matching agreements, in order; only the page's 50
    # are loaded (without their versions' texts), and only theirs get a state.
    ids = list(agreements.order_by("-created_at", "-pk").values_list("pk", flat=True))
    page = Paginator(ids, 50).get_page(request.GET.get("page"))
    shown = {
        agreement.pk: agreement for agreement in list_with_state(Agreement.objects.filter(pk__in=page.object_list))
    }
    # (an agreement deleted between the two queries is left out)
    page.object_list = [(shown[pk], state(shown[pk], today)) for pk in page.object_list if pk in shown]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "agreements/agreement_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "may_create": access.can(request.user, access.CREATE, Agreement),
            "may_import": access.is_administrator(request.user),
        },
    )


@login_required
def agreement_detail(request, pk):
    # the page shows the version in force and the open one, each with its content
    agreement = _agreement(request, pk, access.VIEW, "assessments", "responsibilities", "activities", "sections")
    today = timezone.localdate()
    current = state(agreement, today)
    may_change = access.can(request.user, access.CHANGE, agreement)
    version = current.shown
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "state": current,
            "version": version,
            "today": today,
            "may_change": may_change,
            "is_municipal": access.role_of(request.user) != "partner",
            "problems": readiness_problems(current.open)
            if current.open and current.open.status == Status.DRAFT
            else [],
            "unsigned_parties": [p for p in current.open.parties.all() if not hasattr(p, "signature")]
            if current.open and current.open.status == Status.DECIDED
            else [],
            "versions": _versions_with_archive(agreement),
            # the partners whose page the user may open, asked once rather than per party
            "linked_organisations": set(
                access.visible(request.user, Organisation)
                .filter(parties__version__agreement=agreement)
                .values_list("pk", flat=True)
            ),
            "predecessors": access.visible(request.user, agreement.predecessors.all()),
            "successors": access.visible(request.user, agreement.successors.all()),
        },
    )


def _versions_with_archive(agreement):
    """[(version, sha256 of its archived PDF or "", its current scan or None, its withdrawn
    scans)], without loading the PDFs themselves."""
    checksums = dict(SignedDocument.objects.filter(version__agreement=agreement).values_list("version_id", "sha256"))
    scans = ScannedOriginal.objects.filter(version__agreement=agreement).defer("pdf").select_related("withdrawn_by")
    current, withdrawn = {}, {}
    for scan in scans:
        if scan.is_withdrawn:
            withdrawn.setdefault(scan.version_id, []).append(scan)
        else:
            current[scan.version_id] = scan
    return [
        (version, checksums.get(version.pk, ""), current.get(version.pk), withdrawn.get(version.pk, []))
        for version in agreement.versions.all()
    ]


@login_required
def version_detail(request, pk, number):
    agreement = _agreement(request, pk)
    version = agreement.versions.filter(number=number).first()
    if version is None:
        raise Http404
    return render(request, "agreements/version_detail.html", {"agreement": agreement, "version": version})


# --- Creating and drafting ---------------------------------------------------------------


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
                *(["party__organisation", "party__committee"] if kind == "ansvar" else [])
            ),
            "form": form,
        },
    )


def _item(version, kind, item_pk):
    if kind == "parter":
        return get_object_or_404(Party, version=version, pk=item_pk)
    if kind not in forms.ITEM_KINDS:
        raise Http404
    return get_object_or_404(forms.ITEM_KINDS[kind][0], version=version, pk=item_pk)


def _back_to_list(agreement, kind):
    if kind == "parter":
        return redirect("agreements:parties", pk=agreement.pk)
    return redirect("agreements:items", pk=agreement.pk, kind=kind)


@login_required
def item_edit(request, pk, kind, item_pk):
    agreement, version = _draft(request, pk)
    item = _item(version, kind, item_pk)
    if kind == "parter":
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


@login_required
@require_POST
def item_action(request, pk, kind, item_pk, action):
    """Remove an item or move it up or down (buttons in the lists)."""
    agreement, version = _draft(request, pk)
    item = _item(version, kind, item_pk)
    lock_version = int(request.POST.get("lock_version") or -1)
    try:
        if action == "ta-bort":
            services.item_remove(by=request.user, item=item, lock_version=lock_version)
            messages.success(request, _("Removed."))
        elif action in ("upp", "ner"):
            services.item_move(
                by=request.user, item=item, lock_version=lock_version, direction=-1 if action == "upp" else 1
            )
        else:
            raise Http404
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return _back_to_list(agreement, kind)


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


# --- The life cycle -------------------------------------------------------------------------


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
    agreement, version = _draft(request, pk)
    return _transition(
        request,
        agreement,
        lambda: services.version_submit(by=request.user, version=version),
        _("The agreement is ready for decision."),
    )


@login_required
@require_POST
def version_return(request, pk):
    agreement = _agreement(request, pk, access.CHANGE)
    version = state(agreement).open
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
    version = state(agreement).open
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
    version = state(agreement).open
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
    if current.current is None:
        raise Http404
    form = forms.ExtensionForm(
        request.POST or None,
        initial={"decision_body": current.current.committee.name, "decision_date": timezone.localdate()},
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
    agreement = _agreement(request, pk, access.CHANGE)
    current = state(agreement)
    if current.current is None:
        raise Http404
    form = forms.TerminationForm(request.POST or None, version=current.current)
    if request.method == "POST" and form.is_valid():
        if run_service(
            form, lambda: services.agreement_terminate(by=request.user, agreement=agreement, **form.cleaned_data)
        ):
            messages.success(request, _("The termination was recorded."))
            return redirect(agreement.get_absolute_url())
    return _form_page(request, form, _("Terminate the agreement"), agreement)


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


# --- The municipality's default texts -------------------------------------------------------


@login_required
def default_texts(request):
    if not access.can(request.user, access.VIEW, DefaultText):
        raise PermissionDenied
    stored = {text.field: text.text for text in DefaultText.objects.all()}
    rows = [(field, label, stored.get(field, "")) for field, label in forms.DEFAULT_TEXT_LABELS.items()]
    return render(
        request,
        "agreements/default_texts.html",
        {"rows": rows, "may_change": access.can(request.user, access.CHANGE, DefaultText)},
    )


@login_required
def default_text_edit(request, field):
    if field not in forms.DEFAULT_TEXT_LABELS:
        raise Http404
    if not access.can(request.user, access.CHANGE, DefaultText):
        raise PermissionDenied
    stored = DefaultText.objects.filter(field=field).first()
    form = forms.DefaultTextForm(request.POST or None, initial={"text": stored.text if stored else ""})
    if request.method == "POST" and form.is_valid():
        if run_service(
            form, lambda: services.default_text_save(by=request.user, field=field, text=form.cleaned_data["text"])
        ):
            messages.success(request, _("The default text was saved."))
            return redirect("agreements:default-texts")
    return render(
        request,
        "form.html",
        {
            "form": form,
            "title": _("Default text: %(field)s") % {"field": forms.DEFAULT_TEXT_LABELS[field]},
            "cancel_url": reverse("agreements:default-texts"),
        },
    )


# --- The printed agreement ----------------------------------------------------------------


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
