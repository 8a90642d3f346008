"""The printed agreement as a document, not a printout: names and titles unbroken, the
signature blocks side by side, the cover dated by the planner and naming an amendment,
and file names cut between words."""

import datetime
import re
import subprocess
from decimal import Decimal

import pytest

from django.urls import reverse

from agreements import document, services
from agreements.tests.factories import answer_all_criteria, make_agreement
from finance.models import ContributionKind
from finance.tests.factories import add_contribution, refreshed
from partners.tests.factories import CommitteeFactory, ContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

D = datetime.date
HYPHENS = ("-", "\u2010", "\u00ad")


def pages(pdf_bytes):
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf_bytes, capture_output=True, check=True).stdout
    return text.decode().split("\f")[:-1]


def long_names_agreement():
    """Long committee and partner names and a long title, in the narrow places of the PDF."""
    organisation = OrganisationFactory(name="Biståndsorganisationen Hjärta till hjärta")
    agreement = make_agreement(committee=CommitteeFactory(name="Arbetsmarknadsnämnden"), partners=[organisation])
    version = agreement.versions.get()
    public, partner = version.parties.order_by("order")
    chair = ContactFactory(
        organisation=None,
        committee=public.committee,
        name="Eva Eriksson",
        title="Arbetsmarknadsnämndens ordförande",
        is_signatory=True,
    )
    board = ContactFactory(
        organisation=organisation, name="Sven Svensson", title="Styrelseordförande", is_signatory=True
    )
    for party, signatory in ((public, chair), (partner, board)):
        version = refreshed(version)
        services.item_update(by=None, item=party, lock_version=version.lock_version, signatory=signatory)
    add_contribution(version, public, ContributionKind.MONEY, amount=Decimal("933000"))
    add_contribution(
        version,
        partner,
        ContributionKind.COMMITMENT,
        description="Lokaler i servicehus och ideella ledare som samordnar verksamheten i alla stadsdelar hela året",
    )
    return refreshed(version)


def test_names_and_titles_are_not_hyphenated_in_the_party_table_and_signatures():
    text = "\n".join(pages(document.render(long_names_agreement())))
    for name in ("Arbetsmarknadsnämnden", "Biståndsorganisationen", "Arbetsmarknadsnämndens ordförande"):
        assert name in text
    for broken in ("Arbetsmarknads", "Arbetsmarknadsnämn", "Biståndsorganisa", "Biståndsorganisationen Hjärta till"):
        assert not any(f"{broken}{hyphen}\n" in text for hyphen in HYPHENS), broken
    money_row = next(line for line in text.splitlines() if "Pengar" in line and "933" in line)
    assert "Arbetsmarknadsnämnden" in money_row  # the whole name on the row of its amount


def test_two_signature_blocks_stand_side_by_side():
    text = "\n".join(pages(document.render(long_names_agreement())))
    lines = text.splitlines()
    assert any("För Arbetsmarknadsnämnden" in line and "För Biståndsorganisationen" in line for line in lines)
    assert any("Eva Eriksson" in line and "Sven Svensson" in line for line in lines) or any(
        "Arbetsmarknadsnämndens ordförande" in line and "Sven Svensson" in line for line in lines
    )


def test_the_org_number_stays_with_its_label():
    text = "\n".join(pages(document.render(long_names_agreement())))
    assert "org nr 212000-0449" in text and "org nr 802" in text


def test_the_cover_month_is_the_document_date_the_planner_sets():
    decided = make_agreement(state="decided").versions.get()  # decided 2019-11-20, no document date
    assert "November 2019" in pages(document.render(decided))[0]
    version = make_agreement(registry_number="ÄN 2019-879").versions.get()
    services.version_update(by=None, version=version, lock_version=version.lock_version, document_date=D(2019, 10, 1))
    cover = pages(document.render(refreshed(version)))[0]
    assert "Oktober 2019" in cover and "November 2019" not in cover


def test_planner_sets_the_document_date_among_the_basic_facts(client_as, planner, committee_x, organisation_a):
    agreement = make_agreement(committee=committee_x, partners=[organisation_a])
    version = agreement.versions.get()
    url = reverse("agreements:version-edit", args=[agreement.pk, "basics"])
    client = client_as(planner)
    assert 'name="document_date"' in client.get(url).content.decode()
    basics = {
        "lock_version": version.lock_version,
        "registry_number": "ÄN 2019-878",
        "title": version.title,
        "committee": committee_x.pk,
        "start_date": "2020-01-01",
        "end_date": "2022-12-31",
        "extension_count": 0,
        "signing_place": "Linköping",
        "document_date": "2019-10-15",
    }
    assert client.post(url, basics).status_code == 302
    version = refreshed(version)
    assert version.document_date == D(2019, 10, 15)
    assert version.history.first().history_user == planner  # who set it, and when
    assert "Oktober 2019" in pages(document.render(version))[0]
    basics |= {"lock_version": version.lock_version, "document_date": "2019-13-45"}
    response = client.post(url, basics)
    assert response.status_code == 200 and "document_date" in response.context["form"].errors
    assert refreshed(version).document_date == D(2019, 10, 15)


def test_without_a_document_date_a_draft_is_dated_this_month():
    version = make_agreement().versions.get()
    assert version.document_date is None
    today = datetime.date.today()
    assert document.PrintedVersion.of(version).month_year.lower().endswith(str(today.year))


def test_an_amendments_cover_says_it_is_one_and_which():
    agreement = make_agreement(state="signed")
    original = pages(document.render(agreement.versions.get()))[0]
    assert "ändring" not in original
    amendment = services.agreement_amend(by=None, agreement=agreement, today=D(2020, 6, 1))
    # the words of the cover, without the letters of the draft's slanted mark between them
    cover = " ".join(
        word for word in pages(document.render(refreshed(amendment)))[0].split() if word not in set("UTKAS")
    )
    assert "Version 2 – ändring nr 1 av överenskommelsen ”Idéburet offentligt partnerskap”" in cover


def test_the_amendment_does_not_carry_the_originals_document_date():
    agreement = make_agreement()
    version = agreement.versions.get()
    services.version_update(by=None, version=version, lock_version=version.lock_version, document_date=D(2019, 10, 1))
    answer_all_criteria(refreshed(version))
    services.version_submit(by=None, version=refreshed(version))
    services.version_decide(
        by=None, version=refreshed(version), decision_body="Äldrenämnden", decision_date=D(2019, 11, 20)
    )
    for party in refreshed(version).parties.all():
        services.version_sign(
            by=None, party=party, signatory_name="N", signatory_title="", place="Linköping", date=D(2019, 12, 16)
        )
    assert refreshed(version).document_date == D(2019, 10, 1)
    amendment = services.agreement_amend(by=None, agreement=agreement, today=D(2020, 6, 1))
    assert refreshed(amendment).document_date is None


def test_file_names_are_cut_between_words():
    agreement = make_agreement(
        title="Idéburet offentligt partnerskap om träffpunkter för äldre, anhörigstöd och frivilliga insatser i "
        "kommunens alla stadsdelar och kransorter under hela avtalsperioden"
    )
    name = document.filename(agreement.versions.get())
    stem = name.removesuffix("-utkast.pdf")
    assert len(stem) <= document.FILENAME_LENGTH
    # cut at 80 characters this was "…-for-aldre-anhorigsto"; the next word does not fit whole
    assert stem == "an-2019-878-ideburet-offentligt-partnerskap-om-traffpunkter-for-aldre"
    assert name.endswith("-utkast.pdf")
    assert document.filename(agreement.versions.get(), "docx").endswith("-utkast.docx")


def test_a_short_file_name_is_whole_and_a_single_long_word_is_cut():
    assert document._cut("an-2019-878-iop", 80) == "an-2019-878-iop"
    assert document._cut("a" * 100, 80) == "a" * 80
    assert document._cut("abc-defgh", 6) == "abc"
    assert document._cut("abc-def-ghi", 7) == "abc-def"


def test_no_list_item_stands_alone_at_the_top_of_a_page():
    """Lists after paragraphs of every length up to a page: wherever the page breaks fall,
    the last item of a list never starts a page without the item before it."""
    sentence = "Partnerskapet bygger på dialog och gemensamt ansvar för verksamhetens utveckling. "
    blocks = [f"{sentence * k}\n- Punkt {k}a\n- Punkt {k}b\n- Punkt {k}c" for k in range(1, 20)]
    version = make_agreement().versions.get()
    services.version_update(by=None, version=version, lock_version=version.lock_version, background="\n\n".join(blocks))
    text = pages(document.render(refreshed(version)))
    assert len(text) > 4
    for previous, page in zip(text, text[1:], strict=False):
        first = re.search(r"Punkt (\d+)([abc])|Partnerskapet", page)
        if first and first.group(2) == "c":
            assert f"Punkt {first.group(1)}b" not in previous, f"{first.group(0)} alone at the top of a page"
