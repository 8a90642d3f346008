"""The public register: without login, exactly the listed and signed agreements of the
municipality, the same rows on the page, in CSV and in JSON, the signed PDF only when
published, no personal data, and a DCAT-AP-SE record that parses as RDF."""

import csv
import datetime
import hashlib
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib import namespace as ns

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from agreements import services as agreement_services
from agreements.models import SignedDocument
from agreements.tests.factories import answer_all_criteria, make_agreement
from finance import services as finance_services
from finance.models import ContributionKind, IndexStatus
from finance.tests.factories import _sign, add_contribution, money_agreement, refreshed
from followup.public import opendata, services
from iop.core.formatting import format_amount
from partners.orgnr import luhn_check_digit
from partners.tests.factories import CommitteeFactory, ContactFactory, MunicipalityFactory, OrganisationFactory

D = datetime.date


def _today():
    return timezone.localdate()


def _listed(agreement, pdf=False):
    agreement_services.publication_set(by=None, agreement=agreement, listed=True, pdf_public=pdf)
    return agreement


def _other_municipality():
    body = "212000999"
    return MunicipalityFactory(name="Exempelby kommun", org_number=f"{body[:6]}-{body[6:]}{luhn_check_digit(body)}")


def _archive(agreement, pdf=b"%PDF-1.7\n% the archived signed agreement\n"):
    version = agreement.versions.get()
    return SignedDocument.objects.create(version=version, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest())


def _page(client, municipality):
    response = client.get(reverse("public:register", args=[municipality.slug]))
    assert response.status_code == 200
    return response


def _titles(response):
    return [agreement.title for agreement in response.context["agreements"]]


# --- Which agreements -----------------------------------------------------------------------------


@pytest.fixture
def scene(db):
    """Agreements of Linköping in every state, and one of another municipality; only those
    named "visible" belong on Linköping's public page."""
    today = _today()
    committee = CommitteeFactory(name="Äldrenämnden")

    def agreement(number, title, **fields):
        return make_agreement(committee=committee, registry_number=f"ÄN {number}", title=title, **fields)

    in_force = _listed(
        agreement(
            "2025-1", "Synlig i kraft", state="signed", start=D(today.year - 1, 1, 1), end=D(today.year + 1, 12, 31)
        )
    )
    recently_ended = _listed(
        agreement(
            "2023-2",
            "Synlig nyss avslutad",
            state="signed",
            start=D(today.year - 3, 1, 1),
            end=today - datetime.timedelta(days=60),
        )
    )
    _listed(agreement("2019-3", "Avslutad för länge sedan", state="signed", start=D(2020, 1, 1), end=D(2022, 12, 31)))
    agreement("2025-4", "Inte publicerad", state="signed", start=D(today.year - 1, 1, 1), end=D(today.year + 1, 12, 31))
    _listed(agreement("2025-5", "Utkast", state="draft", start=D(today.year, 1, 1), end=D(today.year + 2, 12, 31)))
    _listed(agreement("2025-6", "Beslutad ej undertecknad", state="decided"))
    other = CommitteeFactory(municipality=_other_municipality(), name="Kulturnämnden")
    _listed(
        make_agreement(
            committee=other,
            registry_number="KN 2025-1",
            title="Annan kommuns",
            state="signed",
            start=D(today.year - 1, 1, 1),
            end=D(today.year + 1, 12, 31),
        )
    )
    return {"in_force": in_force, "recently_ended": recently_ended, "municipality": committee.municipality}


def test_the_public_page_lists_exactly_the_listed_signed_agreements_in_force_or_recently_ended(client, scene):
    response = _page(client, scene["municipality"])

    assert sorted(_titles(response)) == ["Synlig i kraft", "Synlig nyss avslutad"]
    page = response.content.decode()
    for absent in (
        "Avslutad för länge sedan",
        "Inte publicerad",
        "Utkast",
        "Beslutad ej undertecknad",
        "Annan kommuns",
    ):
        assert absent not in page


def test_anyone_reads_it_without_login_and_an_unknown_municipality_is_not_found(client, scene):
    slug = scene["municipality"].slug
    for name in ("public:register", "public:register-csv", "public:register-json", "public:register-dcat"):
        assert client.get(reverse(name, args=[slug])).status_code == 200
        assert client.get(reverse(name, args=["ingen-sadan-kommun"])).status_code == 404
    listing = client.get(reverse("public:municipality-list")).content.decode()
    assert reverse("public:register", args=[slug]) in listing and "Exempelby kommun" in listing


def test_the_login_page_links_to_the_public_register(client, db):
    page = client.get(reverse("accounts:login")).content.decode()

    assert f'href="{reverse("public:municipality-list")}"' in page


# --- The money, hand-checked ----------------------------------------------------------------------


@pytest.fixture
def mid_year(db):
    """2025-07-01 – 2026-06-30, 100 000 kr a year raised by the OPI from 2026 (3 %), in
    calendar periods; the partner commits 1 000 volunteer hours a year at 250 kr."""
    finance_services.index_value_save(
        by=None, year=2026, percent=Decimal("3"), status=IndexStatus.DEFINITIVE, published="2026-03"
    )
    agreement = money_agreement(
        start=D(2025, 7, 1),
        end=D(2026, 6, 30),
        yearly="100000",
        indexation_from_year=2026,
        registry_number="BN 2025-7",
        organisation=OrganisationFactory(name="Bilda", org_number="817602-3839"),
        state="draft",
    )
    version = agreement.versions.get()
    partner = version.parties.get(committee=None)
    add_contribution(version, partner, ContributionKind.HOURS, hours=Decimal("1000"), hourly_value=Decimal("250"))
    _sign(refreshed(version), decision=D(2025, 6, 1), signed=D(2025, 6, 1))
    return _listed(agreement)


def test_the_money_of_a_mid_year_agreement_per_calendar_year_as_the_read_model_gives_it(mid_year):
    (agreement,) = services.register(mid_year.municipality, today=D(2026, 12, 5))

    # 2025: half a year of 100 000 kr; 2026: half a year of 103 000 kr (raised by 3 %).
    assert [(year.year, year.committee_money) for year in agreement.years] == [
        (2025, Decimal("50000")),
        (2026, Decimal("51500")),
    ]
    assert agreement.total == Decimal("101500")
    assert agreement.standing == "avslutad"  # ended 2026-06-30, within the last twelve months
    committee, partner = agreement.parties
    assert (committee.name, committee.org_number, committee.is_committee) == ("Bildningsnämnden", "212000-0449", True)
    assert (partner.name, partner.org_number) == ("Bilda", "817602-3839")
    assert (partner.committed_hours, partner.hourly_value, partner.hours_value) == (
        Decimal("1000"),
        Decimal("250"),
        Decimal("250000"),
    )
    assert [year.to_party(partner) for year in agreement.years] == [Decimal("50000"), Decimal("51500")]
    assert [year.to_party(committee) for year in agreement.years] == [None, None]
    # a year later it has left the page
    assert services.register(mid_year.municipality, today=D(2027, 7, 1)) == []


# --- Open data ------------------------------------------------------------------------------------


@pytest.fixture
def published(db):
    """Two listed agreements running now: one with two partners, one with money and hours."""
    today = _today()
    two = _listed(
        make_agreement(
            committee=CommitteeFactory(name="Omsorgsnämnden"),
            partners=[OrganisationFactory(name="Stadsmissionen"), OrganisationFactory(name="Hjärta till hjärta")],
            registry_number="ON 2025-2",
            title="Två parter",
            state="signed",
            start=D(today.year - 1, 1, 1),
            end=D(today.year, 12, 31),
        )
    )
    money = money_agreement(
        start=D(today.year - 1, 7, 1),
        end=D(today.year + 1, 6, 30),
        yearly="120000",
        registry_number="BN 2025-8",
        organisation=OrganisationFactory(name="Bilda"),
        state="draft",
    )
    version = money.versions.get()
    add_contribution(
        version,
        version.parties.get(committee=None),
        ContributionKind.HOURS,
        hours=Decimal("500.5"),
        hourly_value=Decimal("214"),
    )
    _sign(refreshed(version), decision=D(today.year - 1, 6, 1), signed=D(today.year - 1, 6, 1))
    _listed(money, pdf=True)
    _archive(money)
    return two.municipality


def _expected_rows(municipality):
    def pdf_url(agreement):
        return "http://testserver" + reverse("public:signed-pdf", args=[municipality.slug, agreement.pk])

    return opendata.rows(municipality, services.register(municipality), pdf_url)


def _same(value, text_or_json, *, csv_cell):
    """Whether a value read back from the file is the row's value."""
    if value is None:
        return text_or_json in ("", None)
    if isinstance(value, bool):
        return text_or_json == (("ja" if value else "nej") if csv_cell else value)
    if isinstance(value, Decimal | int):
        read = text_or_json.replace(",", ".") if csv_cell else str(text_or_json)
        return Decimal(read) == value
    if isinstance(value, datetime.date):
        return text_or_json == value.isoformat()
    return text_or_json == value


def test_the_csv_and_the_json_hold_the_rows_of_the_page_one_per_agreement_party_and_year(client, published):
    expected = _expected_rows(published)
    page = _page(client, published)
    # 2 agreements: (committee + 2 partners) × 2 years, and (committee + 1 partner) × 3 years
    assert len(expected) == 3 * 2 + 2 * 3
    assert {row["titel"] for row in expected} == set(_titles(page))
    page_text = page.content.decode()
    for row in expected:
        assert row["part"] in page_text
        if row["kommunens_bidrag_ar"] is not None:
            assert format_amount(row["kommunens_bidrag_ar"]) in page_text

    body = client.get(reverse("public:register-json", args=[published.slug]))
    assert body["Content-Type"] == "application/json"
    read = json.loads(body.content)
    assert [list(row) for row in read] == [opendata.NAMES] * len(expected)
    for row, got in zip(expected, read, strict=True):
        assert all(_same(row[name], got[name], csv_cell=False) for name in opendata.NAMES), (row, got)

    body = client.get(reverse("public:register-csv", args=[published.slug])).content.decode("utf-8-sig")
    header, *lines = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert header == opendata.NAMES
    assert len(lines) == len(expected)
    for row, got in zip(expected, lines, strict=True):
        assert all(_same(row[name], cell, csv_cell=True) for name, cell in zip(opendata.NAMES, got, strict=True))
    # the published PDF is named on the rows of its agreement only
    money_rows = [row for row in expected if row["titel"] != "Två parter"]
    pdf = reverse("public:signed-pdf", args=[published.slug, money_rows[0]["overenskommelse_id"]])
    assert {row["underskrivet_avtal"] for row in money_rows} == {"http://testserver" + pdf}
    assert {row["underskrivet_avtal"] for row in expected if row["titel"] == "Två parter"} == {None}


def test_every_open_data_field_is_documented_with_its_type_meaning_and_example():
    text = (Path(settings.BASE_DIR) / "docs" / "open-data.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `([a-z_]+)` \| ([^|]+) \| ([^|]+) \| ([^|]+) \|$", text, flags=re.MULTILINE)

    assert [name for name, *_rest in documented] == opendata.NAMES
    assert all(kind.strip() and meaning.strip() and example.strip() for _name, kind, meaning, example in documented)


# --- Nothing that is not public -------------------------------------------------------------------


def test_no_personal_data_reaches_the_page_or_the_files(client, db):
    today = _today()
    organisation = OrganisationFactory(name="Resurspoolen")
    contact = ContactFactory(organisation=organisation, name="Greta Hemligsson", email="greta.hemligsson@example.se")
    agreement = make_agreement(
        partners=[organisation], state="draft", start=D(today.year - 1, 1, 1), end=D(today.year + 1, 12, 31)
    )
    version = agreement.versions.get()
    party = version.parties.get(organisation=organisation)
    agreement_services.item_update(
        by=None, item=party, lock_version=refreshed(version).lock_version, contact=contact, signatory=contact
    )
    version = refreshed(version)
    answer_all_criteria(version)
    agreement_services.version_submit(by=None, version=version)
    agreement_services.version_decide(
        by=None, version=version, decision_body="Äldrenämnden", decision_date=D(2019, 11, 20)
    )
    for each in version.parties.all():
        agreement_services.version_sign(
            by=None,
            party=each,
            signatory_name="Sigrid Signatärsson",
            signatory_title="Ordförande",
            place="Linköping",
            date=D(2019, 12, 16),
        )
    _listed(agreement, pdf=True)
    slug = agreement.municipality.slug

    texts = [_page(client, agreement.municipality).content.decode()]
    for name in ("public:register-csv", "public:register-json", "public:register-dcat"):
        texts.append(client.get(reverse(name, args=[slug])).content.decode("utf-8-sig"))

    assert "Resurspoolen" in texts[0]
    for text in texts:
        for secret in ("Greta", "Hemligsson", "greta.hemligsson@example.se", "Sigrid", "Signatärsson", "Ordförande"):
            assert secret not in text


# --- The signed PDF -------------------------------------------------------------------------------


@pytest.fixture
def signed_now(db):
    today = _today()
    return make_agreement(state="signed", start=D(today.year - 1, 1, 1), end=D(today.year + 1, 12, 31))


def _pdf_url(agreement, slug=None):
    return reverse("public:signed-pdf", args=[slug or agreement.municipality.slug, agreement.pk])


def test_a_published_pdf_is_linked_and_served_as_the_archived_bytes(client, signed_now):
    archived = _archive(signed_now, pdf=b"%PDF-1.7\n% exactly these bytes\n")
    _listed(signed_now, pdf=True)

    assert _pdf_url(signed_now) in _page(client, signed_now.municipality).content.decode()
    response = client.get(_pdf_url(signed_now))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == bytes(archived.pdf)


def test_the_pdf_is_neither_linked_nor_served_unless_published_archived_and_of_this_municipality(client, signed_now):
    _archive(signed_now)
    url = _pdf_url(signed_now)

    _listed(signed_now, pdf=False)  # listed, the PDF not published
    assert client.get(url).status_code == 404
    assert url not in _page(client, signed_now.municipality).content.decode()

    _listed(signed_now, pdf=True)
    assert client.get(url).status_code == 200
    assert client.get(_pdf_url(signed_now, slug=_other_municipality().slug)).status_code == 404

    agreement_services.publication_set(by=None, agreement=signed_now, listed=False, pdf_public=False)
    assert client.get(url).status_code == 404


def test_a_published_pdf_that_was_never_archived_is_not_served(client, signed_now):
    _listed(signed_now, pdf=True)

    assert client.get(_pdf_url(signed_now)).status_code == 404
    assert _pdf_url(signed_now) not in _page(client, signed_now.municipality).content.decode()


# --- The DCAT-AP-SE record ------------------------------------------------------------------------


def test_the_dcat_record_parses_and_names_the_dataset_and_its_csv_and_json_distributions(client, published):
    slug = published.slug
    response = client.get(reverse("public:register-dcat", args=[slug]))
    assert response["Content-Type"].startswith("application/rdf+xml")

    graph = Graph().parse(data=response.content, format="xml")

    (catalog,) = graph.subjects(RDF.type, ns.DCAT.Catalog)
    (dataset,) = graph.subjects(RDF.type, ns.DCAT.Dataset)
    assert (catalog, ns.DCAT.dataset, dataset) in graph
    assert graph.value(dataset, ns.DCTERMS.title).language == "sv"
    assert graph.value(dataset, ns.DCTERMS.description)
    assert (dataset, ns.DCAT.theme, URIRef("http://publications.europa.eu/resource/authority/data-theme/GOVE")) in graph
    assert (dataset, ns.DCTERMS.license, URIRef("http://creativecommons.org/publicdomain/zero/1.0/")) in graph
    assert list(graph.objects(dataset, ns.DCAT.keyword))
    publisher = graph.value(dataset, ns.DCTERMS.publisher)
    assert (publisher, RDF.type, ns.FOAF.Agent) in graph
    assert graph.value(publisher, ns.FOAF.name) == Literal("Linköpings kommun", lang="sv")
    assert graph.value(dataset, ns.DCAT.contactPoint) is not None

    urls = {
        "text/csv": "http://testserver" + reverse("public:register-csv", args=[slug]),
        "application/json": "http://testserver" + reverse("public:register-json", args=[slug]),
    }
    distributions = set(graph.objects(dataset, ns.DCAT.distribution))
    assert distributions == {URIRef(url) for url in urls.values()}
    for media_type, url in urls.items():
        distribution = URIRef(url)
        assert (distribution, RDF.type, ns.DCAT.Distribution) in graph
        assert graph.value(distribution, ns.DCAT.accessURL) == URIRef(url)
        assert graph.value(distribution, ns.DCAT.downloadURL) == URIRef(url)
        assert str(graph.value(distribution, ns.DCAT.mediaType)).endswith(media_type)
        assert graph.value(distribution, ns.DCTERMS.format) is not None
        # and the address answers with the data
        download = client.get(url.removeprefix("http://testserver"))
        assert download.status_code == 200 and download["Content-Type"].startswith(media_type)


# --- Cost -----------------------------------------------------------------------------------------


def _queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_page_and_the_files_cost_as_many_queries_for_many_agreements_as_for_one(client, db):
    today = _today()
    committee = CommitteeFactory(name="Äldrenämnden")

    def add(number):
        agreement = money_agreement(
            start=D(today.year - 1, 7, 1),
            end=D(today.year + 1, 6, 30),
            yearly="100000",
            registry_number=f"ÄN 2025-{number}",
            committee=committee,
            organisation=OrganisationFactory(),
        )
        _listed(agreement, pdf=True)
        _archive(agreement)

    add(1)
    slug = committee.municipality.slug
    paths = [reverse(name, args=[slug]) for name in ("public:register", "public:register-csv", "public:register-json")]
    for path in paths:
        client.get(path)  # one-time lookups (translations, content types) are not the page's
    one = [_queries(client, path) for path in paths]
    for number in range(2, 7):
        add(number)
    many = [_queries(client, path) for path in paths]

    assert many == one
    assert max(many) <= 20
