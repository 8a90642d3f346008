"""The main menu, a context processor (settings name it by its dotted path)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, DefaultText
from finance.models import IndexValue
from iop.accounts import access
from iop.accounts.models import User
from partners.models import Committee, Organisation


def navigation(request):
    """The main menu: what this user's role may open, nothing else."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"nav_items": [], "nav_municipality": None}
    candidates = [
        (_("Start"), "desk:start", True),
        (_("Agreements"), "agreements:agreement-list", access.can(user, access.VIEW, Agreement)),
        (_("Economy"), "finance:committee-overview", access.role_of(user) in access.MUNICIPAL_USERS),
        (_("Hours"), "followup:hours-home", True),
        (_("Organisations"), "partners:organisation-list", access.can(user, access.VIEW, Organisation)),
        (_("Committees"), "partners:committee-list", access.can(user, access.VIEW, Committee)),
        (_("Administrations"), "partners:administration-list", access.can(user, access.VIEW, Committee)),
        (_("Default texts"), "agreements:default-texts", access.can(user, access.VIEW, DefaultText)),
        (_("OPI"), "finance:index-list", access.can(user, access.CHANGE, IndexValue)),
        (_("Users"), "accounts:user-list", access.can(user, access.VIEW, User)),
    ]
    path = request.path
    items = []
    for label, name, allowed in candidates:
        if not allowed:
            continue
        url = reverse(name)
        active = path == url if name == "desk:start" else path.startswith(url)
        items.append({"label": label, "url": url, "active": active})
    # Whose data this is: staff work in one municipality of the installation.
    return {"nav_items": items, "nav_municipality": user.municipality if user.municipality_id else None}
