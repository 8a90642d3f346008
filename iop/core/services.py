"""What every app's service functions share: the access check and the validated save
that records who made the change."""

from collections.abc import Iterable
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model

from iop.accounts import access
from iop.accounts.models import User

M = TypeVar("M", bound=Model)


def require(by: User | None, action: str, obj: Model | type[Model]) -> None:
    """`by` may do `action` to `obj`; None is the system (imports, demo data)."""
    if by is not None and not access.can(by, action, obj):
        raise PermissionDenied


def locked(instance: M) -> M:
    """`instance` read again under a row lock held until the transaction ends: what a write
    checks of it (a status, a lock number, what was paid) stays true until it has saved, as
    every other such write waits for the lock."""
    instance.refresh_from_db(from_queryset=type(instance)._default_manager.select_for_update())
    return instance


def validated_save(instance: M, *, by: User | None, fields: Iterable[str] | None = None) -> M:
    """full_clean, then save with `by` recorded in the row's history. With `fields`, only
    those columns (and the time of the change) are written: a write then never puts back
    columns that someone else changed since the row was read."""
    instance.full_clean()
    instance._history_user = by  # simple-history records who made the change
    if fields is None:
        instance.save()
        return instance
    names = list(dict.fromkeys(fields))
    if any(field.name == "updated_at" for field in instance._meta.concrete_fields):
        names.append("updated_at")
    instance.save(update_fields=names)
    return instance
