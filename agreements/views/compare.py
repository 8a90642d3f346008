"""Reading an agreement over time: what changed between two versions, and its history."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from agreements.compare import compare_versions
from agreements.models import Agreement
from agreements.timeline import PARTS, TEXT, agreement_history
from iop.accounts import access
from iop.accounts.models import Role
from iop.core import audit

# The history shows who in the municipality did what; it is for the municipality's eyes.
HISTORY_ROLES = (Role.ADMINISTRATOR, Role.PLANNER, Role.VIEWER)


def _version_number(value, default):
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError:
        raise Http404 from None


@login_required
def version_compare(request, pk):
    agreement = access.access(request.user, access.VIEW, Agreement, pk=pk)
    versions = {version.number: version for version in agreement.versions.order_by("number")}
    numbers = list(versions)
    if not numbers:
        raise Http404
    new_number = _version_number(request.GET.get("to"), numbers[-1])
    old_number = _version_number(request.GET.get("from"), numbers[-2] if len(numbers) > 1 else numbers[-1])
    if old_number not in versions or new_number not in versions:
        raise Http404
    old, new = versions[old_number], versions[new_number]
    return render(
        request,
        "agreements/version_compare.html",
        {
            "agreement": agreement,
            "versions": list(versions.values()),
            "old": old,
            "new": new,
            "changes": compare_versions(old, new) if old != new else [],
        },
    )


@login_required
def agreement_history_view(request, pk, part_words):
    """`part_words` (given by urls.py) maps the word in `?del=` to the part's key and back."""
    agreement = access.access(request.user, access.VIEW, Agreement, pk=pk)
    if access.role_of(request.user) not in HISTORY_ROLES:
        raise PermissionDenied
    word = request.GET.get("del")
    part = TEXT if word is None else part_words.key(word)
    if part not in PARTS:
        raise Http404
    return render(
        request,
        "agreements/agreement_history.html",
        {
            "agreement": agreement,
            "parts": [(key, label, part_words.url_words[key]) for key, label in PARTS.items()],
            "part": part,
            "entries": agreement_history(agreement, part),
            # Refused attempts to reach the agreement, with the agreement's own history.
            "refusals": audit.refusals_of(agreement) if part == TEXT else None,
        },
    )
