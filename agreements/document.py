"""The agreement as the municipality prints and signs it: what goes on the paper, in the
order the seeds are written. The template only prints what this prepares."""

import copy
import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from agreements.models import Party, SignedDocument, Status
from iop.core.pdf import render_html, render_pdf

TEMPLATE = "agreements/pdf/agreement.html"


def _month_names():
    return [formats.date_format(datetime.date(2000, month, 1), "F") for month in range(1, 13)]


def _payment_text(months):
    names = _month_names()
    if months == [1] or len(months) == 1:
        return _("Payment is made once a year in %(month)s.") % {"month": names[months[0] - 1]}
    return _("Payment is made in %(months)s.") % {"months": ", ".join(names[m - 1] for m in months)}


def economy(version):
    """The parties' contributions and the terms, from the finance app (when it has any)."""
    from finance import figures  # the money lives in its own app; printing reads it

    contributions = list(version.contributions.all())
    if not contributions:
        return None
    terms = getattr(version, "finance_terms", None)
    year = version.start_date.year if version.start_date else timezone.localdate().year
    scope = figures.scope(version, year, money=figures.municipal_base(version))
    return {
        "contributions": contributions,
        "shares": figures.party_shares(version),
        "total": scope.total,
        "indexation_year": terms.indexation_from_year if terms else None,
        "payment_text": _payment_text(terms.months) if terms else "",
    }


def _fetch_printed(version):
    """Fetch everything the document reads of `version` (its parties with their names,
    signatories and signatures, its money, activities, chapters and responsibilities) in a
    fixed number of queries, however many parties and contributions there are. On a copy:
    the caller's instance keeps its own caches, and none of them hides these prefetches."""
    from finance.models import Contribution  # the money lives in its own app; printing reads it

    version = copy.copy(version)
    version.__dict__.pop("_prefetched_objects_cache", None)
    parties = Party.objects.select_related("committee__municipality", "organisation", "signatory", "signature")
    contributions = Contribution.objects.select_related("party__committee", "party__organisation")
    prefetch_related_objects(
        [version],
        "agreement",
        Prefetch("parties", queryset=parties),
        Prefetch("contributions", queryset=contributions),
        "finance_terms",
        "activities",
        "sections",
        "responsibilities",
    )
    return version


def context(version):
    version = _fetch_printed(version)
    agreement = version.agreement
    dated = version.decision_date or version.signed_on or timezone.localdate()
    return {
        "agreement": agreement,
        "version": version,
        "draft": version.status != Status.SIGNED,
        "month_year": formats.date_format(dated, "F Y").capitalize(),
        "parties": list(version.parties.all()),
        "economy": economy(version),
    }


def filename(version):
    agreement = version.agreement
    stem = slugify(f"{agreement.registry_number} {version.title}")[:80] or "overenskommelse"
    suffix = "" if version.status == Status.SIGNED else "-utkast"
    return f"{stem}{suffix}.pdf"


def preview_html(version) -> str:
    """The PDF's HTML for a browser: the stylesheet from the site itself."""
    return render_html(TEMPLATE, context(version), static_base=settings.STATIC_URL)


def render(version, *, archive=False) -> bytes:
    return render_pdf(TEMPLATE, context(version), archive=archive)


def freeze(version) -> SignedDocument:
    """Render the signed version once, as PDF/A, and keep the bytes and their checksum."""
    if version.status != Status.SIGNED:
        raise ValidationError(_("Only a signed agreement is archived."))
    existing = SignedDocument.objects.filter(version=version).first()
    if existing:
        return existing
    pdf = render(version, archive=True)
    return SignedDocument.objects.create(version=version, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest())


def pdf_of(version) -> bytes:
    """The bytes people download: the archived ones for a signed version (rendered now if
    signing happened while archiving was off), a fresh rendering for anything else."""
    if version.status == Status.SIGNED:
        return bytes(freeze(version).pdf)
    return render(version)
