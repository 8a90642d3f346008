"""Finding and reading agreements: the list, an agreement and one of its versions."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from agreements import forms
from agreements.models import Agreement, ScannedOriginal, SignedDocument, Status
from agreements.services import readiness_problems
from agreements.state import (
    annotate_state,
    ends_within_filter,
    in_force_on_filter,
    list_with_state,
    phase_filter,
    state,
)
from agreements.views.common import _agreement
from iop.accounts import access
from partners.models import Organisation


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
            "problems": readiness_problems(current.draft)
            if current.draft and current.draft.status == Status.DRAFT
            else [],
            "unsigned_parties": [p for p in current.draft.parties.all() if not hasattr(p, "signature")]
            if current.draft and current.draft.status == Status.DECIDED
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
