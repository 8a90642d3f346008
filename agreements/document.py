"""The agreement as the municipality prints and signs it: what goes on the paper, in the
municipality's order of the sections (the seeds' order unless it chose its own), under its
name and logo. `PrintedVersion` is what is printed of a version, with what its parts
(agreements.parts) add; the template only prints it. Rendering, the archived PDF/A of a
signed version and the file name are here too."""

import base64
import copy
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from agreements import parts
from agreements.models import Party, SignedDocument, Status
from iop.core.pdf import embedded_url, render_html, render_pdf
from partners.sections import SECTIONS, section_order_of

TEMPLATE = "agreements/pdf/agreement.html"


@dataclass
class PrintedVersion:
    """What the document prints of one version; the template only prints it."""

    agreement: object
    version: object  # with its parties, activities, chapters and responsibilities fetched
    draft: bool  # not signed: marked as a draft on every page
    month_year: str  # "Oktober 2019", under the title: the document date the planner set
    amendment: str  # "Version 3 – ändring nr 2 av överenskommelsen …" on an amendment's cover, else ""
    parties: list
    municipality: object  # whose agreement it is: its name and logo head the pages
    sections: list  # the section keys in the municipality's order
    # The keys and headings of the sections, named once in partners.sections, where the
    # municipality's settings order them.
    headings: dict = field(default_factory=lambda: dict(SECTIONS))
    parts: dict = field(default_factory=dict)  # a registered part's key -> what its `printed` gives
    logo: tuple | None = None  # (bytes, content type) of the municipality's logo

    def logo_data_url(self):
        """The logo inline, for the HTML preview in a browser."""
        data, mime = self.logo
        return f"data:{mime};base64,{base64.b64encode(data).decode()}"

    @classmethod
    def of(cls, version) -> "PrintedVersion":
        printed_parts = {}
        for part in parts.registered():
            shown = part.printed(version)
            if shown is not None:
                printed_parts[part.key or type(part).__name__.lower()] = shown
        version = _fetch_printed(version)
        dated = version.document_date or version.decision_date or version.signed_on or timezone.localdate()
        municipality = version.agreement.municipality
        return cls(
            agreement=version.agreement,
            version=version,
            draft=version.status != Status.SIGNED,
            month_year=formats.date_format(dated, "F Y").capitalize(),
            amendment=amendment_line(version),
            parties=list(version.parties.all()),
            municipality=municipality,
            sections=section_order_of(municipality),
            parts=printed_parts,
            logo=(bytes(municipality.logo), municipality.logo_content_type) if municipality.logo else None,
        )


def amendment_line(version) -> str:
    """An amendment is a later version of the same agreement (a renewal is a new agreement,
    whose first version is its original): its cover says so and which one it is."""
    if version.number <= 1:
        return ""
    return _("Version %(number)s – amendment no. %(amendment)s of the agreement “%(title)s”") % {
        "number": version.number,
        "amendment": version.number - 1,
        "title": version.title,
    }


def _fetch_printed(version):
    """Fetch everything the document reads of `version` (its parties with their names,
    signatories and signatures, its activities, chapters and responsibilities; its parts
    come from their `printed`) in a fixed number of queries, however many parties there
    are. On a copy: the caller's instance keeps its own caches, and none of them hides
    these prefetches."""
    agreement = version.agreement
    version = copy.copy(version)
    version.__dict__.pop("_prefetched_objects_cache", None)
    version.agreement = agreement
    parties = Party.objects.select_related("committee__municipality", "organisation", "signatory", "signature")
    prefetch_related_objects(
        [version],
        Prefetch("parties", queryset=parties),
        "activities",
        "sections",
        "responsibilities",
    )
    return version


LOGO = "logo"


def context(version, *, preview=False):
    """What the template prints; the logo's address is an image handed to the renderer,
    or, in the browser preview, the image inline."""
    printed = PrintedVersion.of(version)
    logo_src = None
    if printed.logo:
        logo_src = printed.logo_data_url() if preview else embedded_url(LOGO)
    return {"printed": printed, "logo_src": logo_src}


FILENAME_LENGTH = 80  # of the stem: long titles are cut, at a word


def _cut(slug, limit):
    """`slug` of at most `limit` characters, cut between words, never inside one (a single
    word longer than the limit is all there is to cut)."""
    if len(slug) <= limit:
        return slug
    cut = slug[: limit + 1].rsplit("-", 1)[0] if "-" in slug[: limit + 1] else slug[:limit]
    return cut.rstrip("-")


def filename(version, extension="pdf"):
    """The downloaded file's name: registry number and title, "-utkast" for what is not signed."""
    agreement = version.agreement
    stem = _cut(slugify(f"{agreement.registry_number} {version.title}"), FILENAME_LENGTH) or "overenskommelse"
    suffix = "" if version.status == Status.SIGNED else "-utkast"
    return f"{stem}{suffix}.{extension}"


def preview_html(version) -> str:
    """The PDF's HTML for a browser: the stylesheet from the site itself."""
    return render_html(TEMPLATE, context(version, preview=True), static_base=settings.STATIC_URL)


def render(version, *, archive=False) -> bytes:
    printed = context(version)
    logo = printed["printed"].logo
    return render_pdf(TEMPLATE, printed, archive=archive, images={LOGO: logo} if logo else None)


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
