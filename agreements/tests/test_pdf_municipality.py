"""The printed agreement reads as its own municipality's: its name and logo on the cover
and in the header, its order of the sections, and none of another municipality's words."""

import datetime
import io
import subprocess

import pytest
from PIL import Image

from agreements import document, services
from iop.accounts.models import Role
from iop.accounts.tests.factories import UserFactory
from partners import services as partner_services
from partners.orgnr import luhn_check_digit
from partners.sections import DEFAULT_ORDER
from partners.tests.factories import CommitteeFactory, MunicipalityFactory, OrganisationFactory

D = datetime.date


def text_of(pdf_bytes):
    return subprocess.run(["pdftotext", "-", "-"], input=pdf_bytes, capture_output=True, check=True).stdout.decode()


def images_in(pdf_bytes):
    """The image rows `pdfimages -list` prints (two header lines first)."""
    listed = subprocess.run(["pdfimages", "-list", "-"], input=pdf_bytes, capture_output=True, check=False)
    if listed.returncode != 0:  # an older pdfimages reads only files
        import tempfile

        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf_bytes)
            handle.flush()
            listed = subprocess.run(["pdfimages", "-list", handle.name], capture_output=True, check=True)
    return listed.stdout.decode().splitlines()[2:]


def logo_png():
    buffer = io.BytesIO()
    Image.new("RGB", (200, 60), (20, 120, 60)).save(buffer, "PNG")
    return buffer.getvalue()


def municipal_org_number(n):
    body = f"212000{n:04d}"[:9]
    return f"{body[:6]}-{body[6:]}{luhn_check_digit(body)}"


@pytest.fixture
def exempelby(db):
    # Linköping is in the same installation, with its own standard texts.
    linkoping = MunicipalityFactory()
    services.default_text_save(
        by=None, municipality=linkoping, field="value_base", text="Linköpings kommuns värdegrund gäller."
    )
    services.default_text_save(by=None, municipality=linkoping, field="signing_place", text="Linköping")
    return MunicipalityFactory(name="Exempelby kommun", org_number=municipal_org_number(23), slug="exempelby")


def exempelby_draft(exempelby):
    services.default_text_save(
        by=None, municipality=exempelby, field="value_base", text="Exempelbys gemensamma värdegrund."
    )
    services.default_text_save(by=None, municipality=exempelby, field="signing_place", text="Exempelby")
    committee = CommitteeFactory(name="Omsorgsnämnden", municipality=exempelby)
    agreement = services.agreement_create(
        by=None, committee=committee, title="Mötesplats för äldre", start="defaults", registry_number="ON 2025-1"
    )
    version = agreement.versions.get()
    services.version_update(
        by=None,
        version=version,
        lock_version=version.lock_version,
        background="Bakgrunden till samarbetet.",
        objectives="Målsättningen med partnerskapet.",
        start_date=D(2025, 1, 1),
        end_date=D(2026, 12, 31),
    )
    version.refresh_from_db()
    services.item_add(
        by=None,
        version=version,
        lock_version=version.lock_version,
        kind="party",
        organisation=OrganisationFactory(name="Exempelby idrottsförening"),
    )
    version.refresh_from_db()
    return version


def test_the_second_municipalitys_pdf_is_its_own_in_its_order_without_linkoping(exempelby):
    admin = UserFactory(role=Role.ADMINISTRATOR, municipality=exempelby)
    order = ["objectives", "value_base", "background"] + [
        key for key in DEFAULT_ORDER if key not in ("objectives", "value_base", "background")
    ]
    partner_services.municipality_settings_save(
        by=admin,
        municipality=exempelby,
        guideline_min=30,
        guideline_max=70,
        section_order=order,
        logo=logo_png(),
    )
    version = exempelby_draft(exempelby)
    pdf_bytes = document.render(version)
    text = text_of(pdf_bytes)
    assert "Exempelby kommun" in text.split("Mötesplats för äldre")[0]  # on the cover, above the title
    assert text.count("Exempelby kommun") >= 3  # cover, header of the following pages, the parties
    assert "Exempelbys gemensamma värdegrund." in text and "Exempelby ____" in text
    assert "Linköping" not in text and "linköping" not in text.lower()
    positions = [text.index(heading) for heading in ("Målsättning", "Värdegrund", "Bakgrund")]
    assert positions == sorted(positions)  # the municipality's order, not the seeds'
    images = images_in(pdf_bytes)
    assert len(images) >= 2  # on the cover and in the header of the next page
    assert {(row.split()[1], tuple(row.split()[3:5])) for row in images[:2]} == {
        ("0", ("200", "60")),
        ("1", ("200", "60")),
    }


def test_without_a_chosen_order_the_sections_print_in_the_seeds_order_and_no_logo(exempelby):
    version = exempelby_draft(exempelby)
    pdf_bytes = document.render(version)
    text = text_of(pdf_bytes)
    positions = [text.index(heading) for heading in ("Bakgrund", "Målsättning", "Värdegrund")]
    assert positions == sorted(positions)
    assert images_in(pdf_bytes) == []


def test_the_html_preview_shows_the_logo_inline(exempelby):
    exempelby.logo, exempelby.logo_content_type = logo_png(), "image/png"
    exempelby.save()
    html = document.preview_html(exempelby_draft(exempelby))
    assert 'src="data:image/png;base64,' in html and "iop.invalid" not in html


def test_the_archived_pdf_a_carries_the_logo_too(exempelby):
    exempelby.logo, exempelby.logo_content_type = logo_png(), "image/png"
    exempelby.save()
    pdf_bytes = document.render(exempelby_draft(exempelby), archive=True)
    assert len(images_in(pdf_bytes)) >= 2 and "Exempelby kommun" in text_of(pdf_bytes)
