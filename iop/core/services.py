"""What every app's service functions share: the access check and the validated save
that records who made the change."""

from django.core.exceptions import PermissionDenied

from iop.accounts import access


def require(by, action, obj):
    """`by` may do `action` to `obj`; None is the system (imports, demo data)."""
    if by is not None and not access.can(by, action, obj):
        raise PermissionDenied


def validated_save(instance, *, by):
    """full_clean, then save with `by` recorded in the row's history."""
    instance.full_clean()
    instance._history_user = by  # simple-history records who made the change
    instance.save()
    return instance
