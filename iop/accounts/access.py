"""May user U do action A to object O? Answered here, and only here.

Views, querysets and templates all ask this module:

- `visible(user, Model)`: the queryset of objects the user may see at all;
- `can(user, action, obj)`: whether the user may do the action (obj may be a model
  class for CREATE);
- `access(user, action, Model, pk=...)`: the object, or Http404 for an outsider (it
  does not exist for them) and PermissionDenied (403) for a reader who may not write.

Every model that a view shows has a policy below; a model without one is visible to
no one, so forgetting a policy leaks nothing.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from iop.accounts.models import Role

VIEW = "view"
CREATE = "create"
CHANGE = "change"
ACTIONS = (VIEW, CREATE, CHANGE)

_POLICIES = {}


def policy(label):
    def register(cls):
        _POLICIES[label] = cls()
        return cls

    return register


def _policy_for(model):
    policy_obj = _POLICIES.get(model._meta.label)
    if policy_obj is None:
        return _Nobody()
    return policy_obj


def _active(user):
    return bool(user and user.is_authenticated and user.is_active)


def is_administrator(user):
    return _active(user) and user.is_administrator


def role_of(user):
    if not _active(user):
        return None
    return Role.ADMINISTRATOR if user.is_administrator else user.role


def visible(user, model_or_queryset):
    queryset = getattr(model_or_queryset, "_default_manager", None)
    queryset = queryset.all() if queryset is not None else model_or_queryset
    if not _active(user):
        return queryset.none()
    return _policy_for(queryset.model).scope(user, role_of(user), queryset)


def can(user, action, obj):
    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}")
    if not _active(user):
        return False
    model = obj if isinstance(obj, type) else type(obj)
    instance = None if isinstance(obj, type) else obj
    return _policy_for(model).allows(user, role_of(user), action, instance)


def access(user, action, model, **lookup):
    """The object the lookup names, if the user may see it and do the action."""
    obj = visible(user, model).filter(**lookup).first()
    if obj is None:
        raise Http404
    if not can(user, action, obj):
        raise PermissionDenied
    return obj


class _Nobody:
    def scope(self, user, role, queryset):
        return queryset.none()

    def allows(self, user, role, action, obj):
        return False


class _Register:
    """Reference data of the municipality: everyone in the municipality reads it,
    administrators keep it."""

    def scope(self, user, role, queryset):
        return queryset if role != Role.PARTNER else queryset.none()

    def allows(self, user, role, action, obj):
        if action == VIEW:
            return role != Role.PARTNER
        return role == Role.ADMINISTRATOR


policy("partners.Municipality")(_Register)
policy("partners.Committee")(_Register)
policy("partners.Administration")(_Register)


@policy("partners.Organisation")
class _OrganisationPolicy:
    """Municipal users read the whole register; planners and administrators keep it.
    A partner sees only the organisations they represent, and reads them."""

    def scope(self, user, role, queryset):
        if role == Role.PARTNER:
            return queryset.filter(pk__in=user.organisations.values("pk"))
        return queryset

    def allows(self, user, role, action, obj):
        if action == VIEW:
            if role == Role.PARTNER and obj is not None:
                return user.organisations.filter(pk=obj.pk).exists()
            return True
        return role in (Role.ADMINISTRATOR, Role.PLANNER)


@policy("partners.Contact")
class _ContactPolicy:
    """A contact is seen by whoever sees its party, and kept by planners and administrators."""

    def scope(self, user, role, queryset):
        if role == Role.PARTNER:
            return queryset.filter(organisation__in=user.organisations.values("pk"))
        return queryset

    def allows(self, user, role, action, obj):
        if action == VIEW:
            return obj is None or can(user, VIEW, obj.party)
        return role in (Role.ADMINISTRATOR, Role.PLANNER)


@policy("accounts.User")
class _UserPolicy:
    """Only administrators see and manage users."""

    def scope(self, user, role, queryset):
        return queryset if role == Role.ADMINISTRATOR else queryset.none()

    def allows(self, user, role, action, obj):
        return role == Role.ADMINISTRATOR
