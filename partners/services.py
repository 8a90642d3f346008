"""Writes to the register of parties: each validated, with the change history (who and
when) recorded whoever calls."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from iop.accounts import access
from iop.accounts.models import User
from iop.core.services import require, validated_save
from partners.models import Administration, Committee, Contact, Municipality, Organisation


def _save(instance, *, by, m2m=None):
    validated_save(instance, by=by)
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(values)
    return instance


def _create(model, *, by, m2m=None, **fields):
    require(by, access.CREATE, model)
    instance = model(**fields)
    require(by, access.CREATE, instance)  # in the user's own municipality
    with transaction.atomic():
        return _save(instance, by=by, m2m=m2m)


def _update(instance, *, by, m2m=None, **fields):
    require(by, access.CHANGE, instance)
    for name, value in fields.items():
        setattr(instance, name, value)
    require(by, access.CHANGE, instance)  # not moved to another municipality
    with transaction.atomic():
        return _save(instance, by=by, m2m=m2m)


def free_slug(name: str) -> str:
    """An address name for the public register made from the name, not yet taken."""
    base = slugify(name.removesuffix(" kommun").removesuffix(" region"))[:50] or "kommun"
    slug, n = base, 1
    while Municipality.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def municipality_create(*, by: User | None, **fields: Any) -> Municipality:
    if not fields.get("slug"):
        fields["slug"] = free_slug(fields.get("name", ""))
    return _create(Municipality, by=by, **fields)


def municipality_update(*, by: User | None, municipality: Municipality, **fields: Any) -> Municipality:
    return _update(municipality, by=by, **fields)


def committee_create(*, by: User | None, **fields: Any) -> Committee:
    return _create(Committee, by=by, **fields)


def committee_update(*, by: User | None, committee: Committee, **fields: Any) -> Committee:
    return _update(committee, by=by, **fields)


def administration_create(*, by: User | None, committees: Iterable[Committee] = (), **fields: Any) -> Administration:
    committees = list(committees)
    Administration(**fields).check_committees(committees)
    return _create(Administration, by=by, m2m={"committees": committees}, **fields)


def administration_update(
    *, by: User | None, administration: Administration, committees: Iterable[Committee] = (), **fields: Any
) -> Administration:
    committees = list(committees)
    Administration(**{"municipality": administration.municipality, **fields}).check_committees(committees)
    return _update(administration, by=by, m2m={"committees": committees}, **fields)


def organisation_create(*, by: User | None, **fields: Any) -> Organisation:
    return _create(Organisation, by=by, **fields)


def organisation_update(*, by: User | None, organisation: Organisation, **fields: Any) -> Organisation:
    return _update(organisation, by=by, **fields)


def contact_create(*, by: User | None, party: Committee | Administration | Organisation, **fields: Any) -> Contact:
    """A new contact at a committee, an administration or an organisation."""
    fields[party._meta.model_name] = party
    return _create(Contact, by=by, **fields)


def contact_update(*, by: User | None, contact: Contact, **fields: Any) -> Contact:
    return _update(contact, by=by, **fields)
