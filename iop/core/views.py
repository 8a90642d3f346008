from django.contrib.auth.decorators import login_required
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from agreements.models import Agreement
from agreements.state import state, with_state
from followup import attention
from iop.accounts import access
from iop.accounts.models import Role, User
from partners.models import Committee, Organisation


@login_required
def start(request):
    """Each role's start page: what concerns this user first."""
    user = request.user
    role = access.role_of(user)
    context = {"role": role, "attention": attention.items_for(user)}
    if role == Role.PARTNER:
        context["organisations"] = access.visible(user, Organisation)
        context["agreements"] = _agreements_not_ended(access.visible(user, Agreement))
    elif role == Role.PLANNER:
        context["committees"] = user.committees.select_related("municipality")
        context["agreements"] = _agreements_not_ended(
            Agreement.objects.filter(versions__committee__in=user.committees.all()).distinct()
        )
    elif role == Role.ADMINISTRATOR:
        context["counts"] = {
            "organisations": Organisation.objects.count(),
            "committees": Committee.objects.count(),
            "users": User.objects.filter(is_active=True).count(),
        }
        context["organisations_without_number"] = Organisation.objects.filter(org_number__isnull=True, active=True)
    elif role == Role.VIEWER:
        context["committees"] = Committee.objects.filter(active=True)
    return render(request, "core/start.html", context)


def _agreements_not_ended(agreements):
    rows = [(agreement, state(agreement)) for agreement in with_state(agreements)]
    return [(agreement, current) for agreement, current in rows if not current.ended]


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors and no database: the page must render whatever broke.
    return HttpResponseServerError(loader.get_template("500.html").render())
