"""Writes to the register of parties: each validated, with the change history (who and
when) recorded whoever calls."""

import io
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from iop.accounts import access
from iop.accounts.models import User
from iop.core.services import require, validated_save
from partners.models import Administration, Committee, Contact, Municipality, Organisation
from partners.sections import SECTIONS


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


# --- A municipality's own settings ------------------------------------------------------------

LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_PIXELS = 4000  # per side: a logo, not a photograph
LOGO_MIN_PIXELS = 16
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}


def logo_check(data: bytes) -> str:
    """The content type of a logo that is a whole PNG or JPEG image of sane size;
    ValidationError at the logo for anything else (whatever its name or stated type says)."""
    from PIL import Image  # installed with WeasyPrint; only the upload needs it here

    if len(data) > LOGO_MAX_BYTES:
        raise ValidationError({"logo": _("The logo may be at most 1 MB.")})
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            if kind in LOGO_TYPES and max(width, height) <= LOGO_MAX_PIXELS:
                image.verify()  # a PNG's chunks and checksums, whole
        with Image.open(io.BytesIO(data)) as image:
            if kind in LOGO_TYPES and max(width, height) <= LOGO_MAX_PIXELS:
                image.load()  # decodes it all: a crafted file fails here
        # WeasyPrint lets Pillow load truncated images (ImageFile.LOAD_TRUNCATED_IMAGES), so
        # a JPEG cut short would pass load(): it must end with its end-of-image marker.
        if kind == "JPEG" and not data.rstrip(b"\x00").endswith(b"\xff\xd9"):
            raise ValueError("truncated JPEG")
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for a file that is not a whole image
        raise ValidationError({"logo": _("The logo must be a PNG or JPEG image.")}) from None
    if kind not in LOGO_TYPES:
        raise ValidationError({"logo": _("The logo must be a PNG or JPEG image.")})
    if max(width, height) > LOGO_MAX_PIXELS or min(width, height) < LOGO_MIN_PIXELS:
        raise ValidationError(
            {
                "logo": _("The logo must be between %(low)s and %(high)s pixels wide and high.")
                % {"low": LOGO_MIN_PIXELS, "high": LOGO_MAX_PIXELS}
            }
        )
    return LOGO_TYPES[kind]


def section_order_check(order: list[str]) -> None:
    """Every printed section once, and nothing else."""
    unknown = [key for key in order if key not in SECTIONS]
    if unknown:
        raise ValidationError({"section_order": _("Unknown section: %(key)s.") % {"key": unknown[0]}})
    if len(set(order)) != len(order) or set(order) != set(SECTIONS):
        raise ValidationError({"section_order": _("Place every section once.")})


@transaction.atomic
def municipality_settings_save(
    *,
    by: User | None,
    municipality: Municipality,
    guideline_min: int | None,
    guideline_max: int | None,
    section_order: list[str],
    logo: bytes | None = None,
    remove_logo: bool = False,
) -> Municipality:
    """Keep the municipality's own settings: its guideline band (both ends or none), the
    order of its printed sections, and its logo (`logo` replaces it, `remove_logo` takes it
    away). Recorded in the municipality's history (the logo's bytes aside: its type is)."""
    require(by, access.CHANGE, municipality)
    if (guideline_min is None) != (guideline_max is None):
        raise ValidationError({"guideline_max": _("Give both the lowest and the highest share, or neither.")})
    if guideline_min is not None and guideline_min > guideline_max:
        raise ValidationError({"guideline_max": _("The highest share cannot be below the lowest.")})
    section_order_check(section_order)
    municipality = Municipality.objects.select_for_update().get(pk=municipality.pk)
    municipality.guideline_min, municipality.guideline_max = guideline_min, guideline_max
    municipality.section_order = list(section_order)
    if logo is not None:
        municipality.logo_content_type = logo_check(logo)
        municipality.logo = logo
    elif remove_logo:
        municipality.logo, municipality.logo_content_type = None, ""
    return validated_save(municipality, by=by)


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
