"""What the agreement pages share: the agreement as the user may see it, the draft being
worked on, and the plain form page.

Each view: access check → form → one service call → redirect. Everything works
without JavaScript; every change is a plain form post.
"""

from django.http import Http404
from django.shortcuts import render

from agreements.models import Agreement, Status
from agreements.state import (
    state,
    with_state,
)
from iop.accounts import access


def _agreement(request, pk, action=access.VIEW, *version_lookups):
    queryset = with_state(Agreement.objects.all(), *version_lookups)
    return access.access(request.user, action, queryset, pk=pk)


def _draft(request, pk):
    """The agreement and the draft version being worked on, for someone who may change it."""
    agreement = _agreement(request, pk, access.CHANGE)
    version = state(agreement).draft
    if version is None or version.status != Status.DRAFT:
        raise Http404
    return agreement, version


def _form_page(request, form, title, agreement, **extra):
    return render(
        request,
        "form.html",
        {"form": form, "title": title, "agreement": agreement, "cancel_url": agreement.get_absolute_url(), **extra},
    )
