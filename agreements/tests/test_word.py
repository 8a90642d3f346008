"""The agreement as a Word document, read back with python-docx as the planner's Word
would open it: the municipality's order of the sections, the parties, the amounts and
dates written the Swedish way, and the same readers as the PDF."""

import datetime
import io
import subprocess

import docx
import pytest
from PIL import Image

from django.urls import reverse

from agreements import document, services, word
from agreements.tests.factories import make_agreement
from finance.tests.factories import refreshed, resurspoolen_agreement, stadsmission_agreement
from iop.accounts.models import Role
from iop.accounts.tests.factories import UserFactory
from partners.sections import SECTIONS
from partners.tests.factories import CommitteeFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db

D = datetime.date
NBSP = "\xa0"


def read(data):
    return docx.Document(io.BytesIO(data))


def headings(document, level=1):
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def everything(document):
    """Every paragraph and table cell, white space as a reader sees it."""
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(texts).replace(NBSP, " ")


def table_rows(document):
    return [[cell.text.replace(NBSP, " ") for cell in row.cells] for table in document.tables for row in table.rows]


def write_texts(version, **texts):
    version = refreshed(version)
    services.version_update(by=None, version=version, lock_version=version.lock_version, **texts)
    return refreshed(version)


TEXTS = {
    "background": "Bakgrunden.",
    "purpose": "Syftet.",
    "objectives": "Målen.",
    "target_group": "Äldre.",
    "value_base": "Värdegrunden.",
    "value_base_references": "Barnkonventionen\nCEMR-deklarationen",
    "gender_equality": "Jämställdheten.",
    "starting_points": "Utgångspunkterna.",
    "follow_up": "Uppföljningen.",
    "economy": "Ekonomin.",
}


def test_the_sections_come_in_the_municipalitys_order():
    agreement = resurspoolen_agreement(state="draft")
    version = write_texts(agreement.versions.get(), **TEXTS)
    order = ["value_base", "parties", "starting_points", "purpose", "background", "economy"]
    agreement.municipality.section_order = order
    agreement.municipality.save()
    document = read(word.render(refreshed(version)))
    written = [key for key in order + [k for k in SECTIONS if k not in order] if key not in ("chapters", "referral")]
    # content has no responsibilities here: it prints nothing, as in the PDF
    expected = [str(SECTIONS[key]) for key in written if key != "content"] + ["Underskrifter"]
    assert headings(document) == expected
    assert headings(document)[:3] == ["Värdegrund", "Aktörer i överenskommelsen", "Överenskommelsens utgångspunkter"]


def test_without_a_chosen_order_the_sections_follow_the_seeds():
    agreement = resurspoolen_agreement(state="draft")
    version = write_texts(agreement.versions.get(), **TEXTS)
    found = headings(read(word.render(version)))
    assert found.index("Bakgrund till överenskommelsen") < found.index("Värdegrund") < found.index("Ekonomi")
    assert found[-1] == "Underskrifter"


def test_the_parties_amounts_and_dates_read_as_in_the_pdf():
    agreement = resurspoolen_agreement(state="signed")
    document = read(word.render(refreshed(agreement.versions.get())))
    rows = table_rows(document)
    assert ["Offentlig sektor", "Äldrenämnden, Linköpings kommun", "212000-0449"] in rows
    assert ["Idéburen sektor", "Resurspoolen", "822003-0913"] in rows
    assert ["Äldrenämnden", "Pengar", "933 000 kr"] in rows
    assert ["Resurspoolen", "Ideellt arbetade timmar (värderade) (18 000 h × 214 kr)", "3 852 000 kr"] in rows
    assert rows[rows.index(["Äldrenämnden", "Pengar", "933 000 kr"]) + 3][-1] == "4 785 000 kr"
    text = everything(document)
    assert "från och med 2020-01-01 till och med 2022-12-31" in text
    assert "Linköping 2019-12-16" in text  # the signatures, dated
    assert "För Äldrenämnden" in text and "För Resurspoolen" in text
    assert "UTKAST" not in text
    assert "Dnr ÄN 2019-878" in document.sections[0].header.paragraphs[0].text


def test_a_split_between_partners_is_a_table_of_recipients():
    agreement = stadsmission_agreement()
    rows = table_rows(read(word.render(refreshed(agreement.versions.order_by("-number").first()))))
    assert ["Linköpings stadsmission", "1 500 000 kr"] in rows
    assert ["Biståndsorganisationen Hjärta till hjärta", "300 000 kr"] in rows
    assert ["Omsorgsnämnden", "Pengar", "1 800 000 kr"] in rows


def test_a_draft_is_marked_and_its_texts_are_editable_paragraphs_and_lists():
    agreement = make_agreement()
    version = write_texts(
        agreement.versions.get(), background="Första stycket.\n\nAndra stycket:\n- en punkt\n- en till"
    )
    services.item_add(
        by=None, version=version, lock_version=version.lock_version, kind="responsibility", text="Bjuda in till möten"
    )
    document = read(word.render(refreshed(version)))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Normal", "Första stycket.") in paragraphs and ("Normal", "Andra stycket:") in paragraphs
    assert ("List Bullet", "en punkt") in paragraphs and ("List Bullet", "en till") in paragraphs
    assert ("List Bullet", "Bjuda in till möten") in paragraphs
    assert ("Heading 2", "Gemensamt ansvar") in paragraphs
    assert ("Title", "Idéburet offentligt partnerskap") in paragraphs
    assert "UTKAST" in document.sections[0].header.paragraphs[0].text
    assert any(text.startswith("UTKAST") for _style, text in paragraphs)


def test_the_word_document_follows_who_may_read_the_pdf(client_as, partner_a, partner_b, organisation_a, client):
    agreement = make_agreement(partners=[organisation_a])
    url = reverse("agreements:version-docx", args=[agreement.pk, 1])
    response = client_as(partner_a).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == word.CONTENT_TYPE
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="an-2019-878-ideburet-offentligt-partnerskap-utkast.docx"'
    )
    assert headings(read(response.content))[0] == "Aktörer i överenskommelsen"
    assert client_as(partner_b).get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_staff_of_another_municipality_cannot_download_it(client_as, organisation_a):
    agreement = make_agreement(partners=[organisation_a])
    elsewhere = MunicipalityFactory(name="Exempelby kommun", org_number="212000-9994")
    other = UserFactory(role=Role.PLANNER, committees=[CommitteeFactory(name="Vård", municipality=elsewhere)])
    url = reverse("agreements:version-docx", args=[agreement.pk, 1])
    assert client_as(other).get(url).status_code == 404


def test_the_agreement_and_version_pages_link_the_word_document(client_as, planner, committee_x, organisation_a):
    agreement = make_agreement(committee=committee_x, partners=[organisation_a])
    url = reverse("agreements:version-docx", args=[agreement.pk, 1])
    client = client_as(planner)
    assert url in client.get(agreement.get_absolute_url()).content.decode()
    page = client.get(reverse("agreements:version-detail", args=[agreement.pk, 1])).content.decode()
    assert url in page and reverse("agreements:version-pdf", args=[agreement.pk, 1]) in page
    assert "Word (utkast)" in page


def test_the_word_documents_cover_month_is_the_document_date():
    agreement = make_agreement()
    version = write_texts(agreement.versions.get(), document_date=D(2019, 10, 15))
    paragraphs = [p.text for p in read(word.render(version)).paragraphs]
    assert "Oktober 2019" in paragraphs


def test_the_word_document_has_the_pdfs_headings_in_the_pdfs_order():
    agreement = resurspoolen_agreement(state="draft")
    version = write_texts(agreement.versions.get(), **TEXTS)
    agreement.municipality.section_order = ["economy", "value_base", "background"]
    agreement.municipality.save()
    version = refreshed(version)
    pdf = subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=document.render(version), capture_output=True, check=True
    ).stdout.decode()
    # after the cover, its words without the letters of the draft's slanted mark
    body = " ".join(word for word in pdf[pdf.index("Ekonomi") :].split() if word not in set("UTKAS"))
    found = headings(read(word.render(version)))
    assert found[0] == "Ekonomi" and len(found) > 8
    positions = [body.index(heading) for heading in found]
    assert positions == sorted(positions)


def test_an_amendment_and_the_municipalitys_logo_are_on_the_cover():
    agreement = make_agreement(state="signed")
    buffer = io.BytesIO()
    Image.new("RGB", (200, 60), (20, 120, 60)).save(buffer, "PNG")
    agreement.municipality.logo, agreement.municipality.logo_content_type = buffer.getvalue(), "image/png"
    agreement.municipality.save()
    amendment = services.agreement_amend(by=None, agreement=agreement, today=D(2020, 6, 1))
    document_ = read(word.render(refreshed(amendment)))
    paragraphs = [p.text for p in document_.paragraphs]
    assert "Version 2 – ändring nr 1 av överenskommelsen ”Idéburet offentligt partnerskap”" in paragraphs
    assert len(document_.inline_shapes) == 1
