"""The printed agreement, read back as a reader would read it."""

import hashlib
import subprocess

import pytest

from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from agreements import document
from agreements.models import Agreement, SignedDocument, WrittenOnceError
from agreements.state import state
from agreements.tests.factories import make_agreement
from iop.core import pdf
from partners.tests.factories import OrganisationFactory

NBSP = "\xa0"


@pytest.fixture(autouse=True)
def archive_on_signing(settings):
    settings.FREEZE_SIGNED_PDF = True


def pages(pdf_bytes):
    """The text of each page, as pdftotext reads it."""
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf_bytes, capture_output=True, check=True).stdout
    return text.decode().split("\f")[:-1]


def test_every_demo_agreement_reads_like_the_municipalitys_documents(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for agreement in Agreement.objects.all():
        version = state(agreement).shown
        text = pages(document.pdf_of(version))
        whole = "\n".join(text)
        count = len(text)
        assert f"1 ({count})" in text[0] and f"{count} ({count})" in text[-1]  # the "N (M)" footer
        assert all(f"Dnr {agreement.registry_number}" in page for page in text[1:])  # the header
        for party in version.parties.all():
            assert party.name.split()[0] in whole
            if party.organisation and party.organisation.org_number:
                assert party.organisation.org_number in whole
        assert ("UTKAST" in whole) is (not version.is_signed)
    resurspoolen = "\n".join(
        pages(document.pdf_of(Agreement.objects.get(registry_number="ÄN 2019-878").versions.get()))
    )
    for words in ["Bakgrund", "Målgrupp", "Värdegrund", "Partnerskapets innehåll", "Ekonomi", "Underskrifter"]:
        assert words in resurspoolen
    assert f"933{NBSP}000{NBSP}kr" in resurspoolen or "933 000 kr" in resurspoolen
    assert "4 785 000 kr" in resurspoolen.replace(NBSP, " ")
    assert "822003-0913" in resurspoolen and "212000-0449" in resurspoolen
    assert "Siv Nordqvist" in resurspoolen


def test_a_draft_says_utkast_on_every_page(db):
    version = make_agreement(partners=[OrganisationFactory()]).versions.get()
    text = pages(document.pdf_of(version))
    assert text and all("UTKAST" in page for page in text)


def test_signing_archives_the_pdf_once_and_downloads_return_those_bytes(client_as, administrator):
    agreement = make_agreement(state="signed")
    version = agreement.versions.get()
    archived = SignedDocument.objects.get(version=version)
    assert archived.sha256 == hashlib.sha256(bytes(archived.pdf)).hexdigest()
    assert bytes(archived.pdf).startswith(b"%PDF-")
    client = client_as(administrator)
    url = reverse("agreements:version-pdf", args=[agreement.pk, 1])
    first, second = client.get(url), client.get(url)
    assert first.content == second.content == bytes(archived.pdf)
    assert first["Content-Disposition"].startswith('attachment; filename="an-2019-878-ideburet')
    assert archived.sha256 in client.get(agreement.get_absolute_url()).content.decode()


def test_the_archived_pdf_cannot_be_replaced_or_removed(db):
    version = make_agreement(state="signed").versions.get()
    archived = SignedDocument.objects.get(version=version)
    before = bytes(archived.pdf)
    archived.pdf = b"%PDF-forged"
    for attempt in (
        archived.save,
        archived.delete,
        lambda: SignedDocument.objects.filter(pk=archived.pk).update(sha256="x"),
    ):
        with pytest.raises(WrittenOnceError), transaction.atomic():
            attempt()
    with pytest.raises(WrittenOnceError), transaction.atomic():
        SignedDocument.objects.create(version=version, pdf=b"%PDF-2", sha256="y")
    assert document.pdf_of(version) == before


def test_downloads_follow_who_may_see_the_agreement(client_as, partner_a, partner_b, organisation_a, client):
    agreement = make_agreement(partners=[organisation_a])
    url = reverse("agreements:version-pdf", args=[agreement.pk, 1])
    assert client_as(partner_a).get(url).status_code == 200
    assert client_as(partner_b).get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_the_fetcher_serves_our_stylesheet_and_refuses_everything_else(db):
    data, mime = pdf.static_resource("https://iop.invalid/static/css/agreement-pdf.css")
    assert b"@page" in data and mime == "text/css"
    for url in [
        "file:///etc/passwd",
        "https://example.com/static/css/agreement-pdf.css",
        "http://iop.invalid/static/css/agreement-pdf.css",
        "https://iop.invalid/etc/passwd",
        "https://iop.invalid/static/../../iop/settings.py",
        "data:text/css,body{}",
    ]:
        with pytest.raises(pdf.RenderingRefused):
            pdf.static_resource(url)


def test_user_text_is_escaped_in_the_document(db):
    from agreements import services

    version = make_agreement().versions.get()
    services.version_update(
        by=None, version=version, lock_version=version.lock_version, purpose='<img src="file:///etc/passwd">Syfte'
    )
    html = document.preview_html(version)
    assert '<img src="file:///etc/passwd">' not in html and "&lt;img" in html


def test_the_html_preview_is_for_developers_only(client_as, administrator, settings):
    agreement = make_agreement()
    url = reverse("agreements:version-pdf-preview", args=[agreement.pk, 1])
    settings.DEBUG = False
    assert client_as(administrator).get(url).status_code == 404
    settings.DEBUG = True
    assert "agreement-pdf.css" in client_as(administrator).get(url).content.decode()


def test_the_pdf_and_the_printed_overviews_share_one_print_stylesheet():
    for sheet in ("agreement-pdf.css", "print.css"):
        data, _mime = pdf.static_resource(f"https://iop.invalid/static/css/{sheet}")
        assert b'@import "print-base.css";' in data
