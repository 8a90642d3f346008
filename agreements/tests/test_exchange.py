"""Export to and import from the JSON exchange format: round trip, all or nothing, never overwriting."""

import copy
import datetime
import json

import pytest

from django.apps import apps
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import exchange, services
from agreements.exchange import AgreementImportError, export_document, import_document
from agreements.models import (
    Activity,
    Agreement,
    AgreementVersion,
    Party,
    Responsibility,
    Section,
    Signature,
    Status,
)
from agreements.tests.factories import answer_all_criteria, make_agreement
from agreements.views.exchange import agreement_export, agreement_import
from iop.core.audit import audit_tables
from partners.models import Committee, Contact, Municipality, Organisation
from partners.tests.factories import AdministrationFactory, CommitteeFactory, ContactFactory, OrganisationFactory

D = datetime.date
COUNTED = (Agreement, AgreementVersion, Party, Responsibility, Section, Activity, Signature)
REGISTER = (Municipality, Committee, Organisation, Contact)


def counts():
    return {model.__name__: model.objects.count() for model in (*COUNTED, *REGISTER)}


def empty_the_database():
    """Delete every agreement and register entry with raw SQL, as in a new database.

    The guard in agreements.models rightly refuses to delete a signed version through the
    ORM; an empty database is what the import must cope with, so the guard is bypassed here.
    """
    # History rows stay where the database refuses to delete them (PostgreSQL); its ids are
    # never reused, so they cannot be mistaken for the imported rows' history.
    kept = set(audit_tables()) if connection.vendor == "postgresql" else set()
    models = [
        model
        for label in ("agreements", "partners")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.db_table not in kept
    ]
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
    assert not Agreement.objects.exists() and not Organisation.objects.exists()


def agreement_with_everything():
    """Signed with two partners, contacts, every kind of content, all criteria; then extended,
    amended (a second, draft version) and terminated; plus a renewal that succeeds it."""
    committee = CommitteeFactory(name="Äldrenämnden", abbreviation="ÄN")
    administration = AdministrationFactory(municipality=committee.municipality, name="Vård- och omsorgsförvaltningen")
    resurspoolen = OrganisationFactory(
        name="Resurspoolen", org_number="822003-0913", city="Linköping", website="https://resurspoolen.se"
    )
    stadsmissionen = OrganisationFactory(name="Linköpings stadsmission", email="info@stadsmissionen.se")
    agreement = make_agreement(committee=committee, partners=[resurspoolen, stadsmissionen])
    version = agreement.versions.get()
    services.version_update(
        by=None,
        version=version,
        lock_version=version.lock_version,
        administration=administration,
        background="Ensamheten bland äldre ökar.",
        planned_participants=40,
        decision_deadline=D(2022, 6, 30),
        value_base_references="Barnkonventionen\nAgenda 2030",
    )
    municipal, first, second = version.parties.all()
    people = {
        municipal: (
            ContactFactory(organisation=None, administration=administration, name="Karin Handläggare"),
            ContactFactory(organisation=None, committee=committee, name="Olle Ordförande", title="Ordförande"),
        ),
        first: (
            ContactFactory(organisation=resurspoolen, name="Anna Andersson", email="anna@resurspoolen.se"),
            ContactFactory(organisation=resurspoolen, name="Bo Berg", title="Firmatecknare"),
        ),
    }
    for party, (contact, signatory) in people.items():
        version.refresh_from_db()
        services.item_update(
            by=None,
            item=party,
            lock_version=version.lock_version,
            contact=contact,
            signatory=signatory,
            description=f"Om {party}",
        )
    for party, text in [(None, "Gemensamt ansvar."), (first, "Resurspoolen leder grupperna."), (municipal, "Lokaler.")]:
        version.refresh_from_db()
        services.item_add(
            by=None, version=version, lock_version=version.lock_version, kind="responsibility", party=party, text=text
        )
    for kind, fields in [
        ("activity", {"name": "Promenadgrupper", "description": "Varje vecka."}),
        ("activity", {"name": "Samtalsgrupper"}),
        ("section", {"heading": "Uppsökande verksamhet", "body": "Hembesök."}),
        ("section", {"heading": "Kommunikation", "body": "Gemensam logotyp."}),
    ]:
        version.refresh_from_db()
        services.item_add(by=None, version=version, lock_version=version.lock_version, kind=kind, **fields)
    answer_all_criteria(version)
    services.version_submit(by=None, version=version)
    services.version_decide(
        by=None, version=version, decision_body="Äldrenämnden", decision_date=D(2019, 11, 20), decision_reference="§ 9"
    )
    for day, party in enumerate(version.parties.all(), start=10):
        services.version_sign(
            by=None,
            party=party,
            signatory_name=f"Undertecknare {day}",
            signatory_title="Ordförande",
            place="Linköping",
            date=D(2019, 12, day),
        )
    services.agreement_extend(
        by=None,
        agreement=agreement,
        decision_body="Äldrenämnden",
        decision_date=D(2022, 5, 19),
        decision_reference="§ 40",
        today=D(2022, 6, 1),
    )
    amendment = services.agreement_amend(by=None, agreement=agreement, today=D(2022, 6, 1))
    services.version_update(by=None, version=amendment, lock_version=amendment.lock_version, title="Ändrad lydelse")
    services.agreement_terminate(
        by=None,
        agreement=agreement,
        party=version.parties.get(organisation=stadsmissionen),
        notice_date=D(2023, 1, 9),
        reason="Verksamheten läggs ned.",
        today=D(2023, 1, 10),
    )
    services.agreement_renew(by=None, agreements=[agreement], registry_number="ÄN 2023-100")
    return agreement


def signed_document(registry_number="ÄN 2030-1"):
    """The export of a plain signed agreement, renumbered so that it does not exist yet."""
    document = export_document(Agreement.objects.all())
    document["agreements"][0]["registry_number"] = registry_number
    return document


@pytest.fixture
def signed(db):
    return make_agreement(state="signed")


def refused(document, **kwargs):
    before = counts()
    with pytest.raises(AgreementImportError) as raised:
        import_document(document, **kwargs)
    assert counts() == before, "a refused import saves nothing"
    return raised.value.messages


def keys_in(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from keys_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from keys_in(item)


# --- Export and round trip -----------------------------------------------------------------


def test_an_agreement_with_everything_exports_imports_and_exports_the_same(db):
    agreement_with_everything()
    exported = export_document(Agreement.objects.all())

    first, renewal = exported["agreements"]
    assert (first["registry_number"], renewal["registry_number"]) == ("ÄN 2019-878", "ÄN 2023-100")
    assert renewal["predecessors"] == ["ÄN 2019-878"]
    assert [(v["number"], v["status"]) for v in first["versions"]] == [(1, "signed"), (2, "draft")]
    signed_version = first["versions"][0]
    assert signed_version["administration"] == {"name": "Vård- och omsorgsförvaltningen"}
    assert [p.get("committee") or p["organisation"]["name"] for p in signed_version["parties"]] == [
        "Äldrenämnden",
        "Resurspoolen",
        "Linköpings stadsmission",
    ]
    assert signed_version["parties"][0]["contact"]["name"] == "Karin Handläggare"
    assert signed_version["parties"][1]["signatory"]["name"] == "Bo Berg"
    assert all(party["signature"] for party in signed_version["parties"])
    assert [r["party"] for r in signed_version["responsibilities"]] == [None, 1, 0]
    assert len(signed_version["activities"]) == 2 and len(signed_version["sections"]) == 2
    assert [a["criterion"] for a in signed_version["assessments"]] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert signed_version["start_date"] == "2020-01-01" and signed_version["signed_on"] == "2019-12-12"
    assert first["extensions"][0]["new_end"] == "2025-12-31"
    assert first["termination"]["party_name"] == "Linköpings stadsmission"
    assert json.loads(exchange.dumps(exported)) == exported

    empty_the_database()
    imported = import_document(exported)

    assert len(imported) == 2
    assert export_document(Agreement.objects.all()) == exported
    version = AgreementVersion.objects.get(agreement__registry_number="ÄN 2019-878", number=1)
    assert version.status == Status.SIGNED and version.parties.filter(signature__isnull=False).count() == 3


def test_the_same_database_exports_the_same_document_without_ids_or_timestamps(signed):
    first = exchange.dumps(export_document(Agreement.objects.all()))
    second = exchange.dumps(export_document(list(Agreement.objects.all())))
    assert first == second
    keys = set(keys_in(json.loads(first)))
    assert not keys & {"id", "pk", "lock_version", "created_at", "updated_at", "order"}


def test_export_costs_the_same_few_queries_for_one_agreement_or_many(signed):
    with CaptureQueriesContext(connection) as one:
        export_document(Agreement.objects.all())
    make_agreement(state="signed", registry_number="ÄN 2019-2", partners=[OrganisationFactory()])
    make_agreement(state="signed", registry_number="ÄN 2019-3", partners=[OrganisationFactory()])
    with CaptureQueriesContext(connection) as three:
        export_document(Agreement.objects.all())
    # 8 for the agreements, 7 for their money (the finance app's part of the document).
    assert len(three) == len(one) <= 15


def test_the_format_holds_every_content_field_of_a_version_and_an_organisation():
    not_content = {"id", "agreement", "number", "status", "lock_version", "committee", "administration"}
    not_content |= {"created_at", "updated_at"}
    version_fields = {field.name for field in AgreementVersion._meta.concrete_fields} - not_content
    assert version_fields == set(exchange.VERSION_FIELDS)
    organisation_fields = {field.name for field in Organisation._meta.concrete_fields} - {"id", "active"}
    assert organisation_fields == set(exchange.ORGANISATION_FIELDS)


def test_import_into_an_empty_database_creates_municipality_committee_and_organisations(signed):
    document = export_document(Agreement.objects.all())
    empty_the_database()

    (agreement,) = import_document(document)

    municipality = Municipality.objects.get()
    assert (municipality.name, municipality.org_number) == ("Linköpings kommun", "212000-0449")
    assert Committee.objects.get(municipality=municipality).name == "Äldrenämnden"
    assert Organisation.objects.get().name == "Resurspoolen"
    version = agreement.versions.get()
    assert version.status == Status.SIGNED and Signature.objects.filter(party__version=version).count() == 2


def test_import_uses_existing_register_entries_and_records_who_imported(signed, administrator):
    before = {model.__name__: model.objects.count() for model in REGISTER}

    (agreement,) = import_document(signed_document(), by=administrator)

    assert {model.__name__: model.objects.count() for model in REGISTER} == before
    assert agreement.history.get().history_user == administrator
    assert agreement.versions.get().history.first().history_user == administrator


def test_import_by_someone_not_an_administrator_is_refused(signed, planner):
    with pytest.raises(PermissionDenied):
        import_document(signed_document(), by=planner)
    assert Agreement.objects.count() == 1


# --- Broken documents: refused with the position, nothing saved ------------------------------


def _party(document, index):
    return document["agreements"][0]["versions"][0]["parties"][index]


def _version(document):
    return document["agreements"][0]["versions"][0]


BROKEN = {
    "wrong format name": (lambda d: d.update(format="something-else"), "format:"),
    "newer format version": (lambda d: d.update(format_version=exchange.FORMAT_VERSION + 1), "format_version:"),
    "bad date": (
        lambda d: _version(d).update(start_date="2020-13-01"),
        "agreements[0].versions[0].start_date:",
    ),
    "text where a list belongs": (
        lambda d: _version(d).update(sections="Kapitel 1"),
        "agreements[0].versions[0].sections:",
    ),
    "responsibility of a missing party": (
        lambda d: _version(d).update(responsibilities=[{"party": 7, "text": "Ansvar"}]),
        "agreements[0].versions[0].responsibilities[0].party:",
    ),
    "unknown status": (lambda d: _version(d).update(status="approved"), "agreements[0].versions[0].status:"),
    "signed without every signature": (
        lambda d: _party(d, 1).update(signature=None),
        "agreements[0].versions[0].parties[1].signature:",
    ),
    "invalid organisation number": (
        lambda d: _party(d, 1)["organisation"].update(org_number="822003-0914"),
        "agreements[0].versions[0].parties[1].organisation.org_number:",
    ),
    "two versions with the same number": (
        lambda d: d["agreements"][0]["versions"].append(copy.deepcopy(_version(d))),
        "agreements[0].versions[1].number:",
    ),
    "unknown key": (lambda d: _version(d).update(titel="Stavfel"), "agreements[0].versions[0].titel:"),
    "end before start (a rule of the model)": (
        lambda d: _version(d).update(end_date="2019-01-01"),
        "agreements[0].versions[0].end_date:",
    ),
}


@pytest.mark.parametrize("mistake", BROKEN)
def test_a_broken_document_is_refused_naming_the_place(signed, mistake):
    break_it, position = BROKEN[mistake]
    document = signed_document()
    break_it(document)
    messages = refused(document)
    assert any(message.startswith(position) for message in messages), messages


def test_an_existing_registry_number_is_refused_and_nothing_is_overwritten(signed):
    document = export_document(Agreement.objects.all())
    _version(document)["title"] = "Ny titel"
    messages = refused(document)
    assert len(messages) == 1 and messages[0].startswith("agreements[0].registry_number: ")
    assert AgreementVersion.objects.get().title == "Idéburet offentligt partnerskap"


def test_a_late_problem_undoes_the_agreements_written_before_it(signed):
    document = signed_document()
    good = copy.deepcopy(document["agreements"][0])
    good["registry_number"] = "ÄN 2030-2"
    good["versions"][0]["parties"][1]["organisation"].update(name="Ny förening", org_number="802000-0041")
    bad = document["agreements"][0]
    bad["versions"][0]["parties"][1]["organisation"].update(org_number="802000-0058", email="inte en adress")
    document["agreements"] = [good, bad]

    messages = refused(document)

    assert messages == [messages[0]] and messages[0].startswith(
        "agreements[1].versions[0].parties[1].organisation.email:"
    )
    assert not Organisation.objects.filter(name="Ny förening").exists()


def test_every_problem_of_the_document_is_reported_at_once(signed):
    document = signed_document()
    _version(document)["start_date"] = "1 januari 2020"
    _party(document, 1)["signature"] = None
    messages = refused(document)
    assert [message.split(":")[0] for message in messages] == [
        "agreements[0].versions[0].start_date",
        "agreements[0].versions[0].parties[1].signature",
    ]


# --- Commands ---------------------------------------------------------------------------


def write(path, document):
    path.write_text(exchange.dumps(document), encoding="utf-8")
    return str(path)


def test_import_command_imports_every_file(signed, tmp_path, capsys):
    first = write(tmp_path / "a.json", signed_document("ÄN 2030-1"))
    second = write(tmp_path / "b.json", signed_document("ÄN 2030-2"))
    call_command("import_agreements", first, second)
    assert "Imported 2 agreement(s)." in capsys.readouterr().out
    assert set(Agreement.objects.values_list("registry_number", flat=True)) == {"ÄN 2019-878", "ÄN 2030-1", "ÄN 2030-2"}


def test_import_command_saves_nothing_when_one_file_fails(signed, tmp_path, capsys):
    good = write(tmp_path / "good.json", signed_document("ÄN 2030-1"))
    broken = signed_document("ÄN 2030-2")
    _version(broken)["end_date"] = "31/12/2022"
    bad = write(tmp_path / "bad.json", broken)
    not_json = tmp_path / "c.json"
    not_json.write_bytes(b"{not json")
    before = counts()

    with pytest.raises(CommandError):
        call_command("import_agreements", good, bad, str(not_json))

    assert counts() == before
    errors = capsys.readouterr().err.splitlines()
    assert any(line.startswith(f"{bad}: agreements[0].versions[0].end_date:") for line in errors)
    assert any(line.startswith(f"{not_json}: ") for line in errors)


def test_export_command_writes_a_file_that_imports_back(signed, tmp_path):
    path = tmp_path / "export.json"
    call_command("export_agreements", "ÄN 2019-878", "--output", str(path))
    exported = json.loads(path.read_text(encoding="utf-8"))
    assert exported == export_document(Agreement.objects.all())
    empty_the_database()
    call_command("import_agreements", str(path))
    assert export_document(Agreement.objects.all()) == exported


def test_export_command_refuses_an_unknown_registry_number(signed):
    with pytest.raises(CommandError):
        call_command("export_agreements", "ÄN 1999-1")


# --- Views --------------------------------------------------------------------------------


def request_as(user, method="get", data=None):
    request = getattr(RequestFactory(), method)("/", data or {})
    request.user = user
    request.session = "session"  # FallbackStorage needs one; cookies suffice here
    request._messages = FallbackStorage(request)
    return request


def upload(content, name="agreements.json"):
    return {"file": SimpleUploadedFile(name, content, content_type="application/json")}


def test_administrator_imports_a_file(signed, administrator):
    content = exchange.dumps(signed_document()).encode()
    response = agreement_import(request_as(administrator, "post", upload(content)))
    assert response.status_code == 302 and response.url == reverse("agreements:agreement-list")
    imported = Agreement.objects.get(registry_number="ÄN 2030-1")
    assert imported.history.get().history_user == administrator


def test_planner_may_not_import(planner):
    with pytest.raises(PermissionDenied):
        agreement_import(request_as(planner))


@pytest.mark.parametrize("content", [b"{not json", "{}".encode("utf-16"), b"[]"])
def test_a_file_that_is_not_agreements_is_explained_and_saves_nothing(signed, administrator, content):
    before = counts()
    response = agreement_import(request_as(administrator, "post", upload(content)))
    assert response.status_code == 200
    assert 'class="alert alert-danger" role="alert"' in response.content.decode()
    assert counts() == before


def test_the_import_page_shows_the_problems_with_their_positions(signed, administrator):
    document = signed_document()
    _version(document)["status"] = "approved"
    response = agreement_import(request_as(administrator, "post", upload(exchange.dumps(document).encode())))
    assert response.status_code == 200
    assert "agreements[0].versions[0].status" in response.content.decode()
    assert not Agreement.objects.filter(registry_number="ÄN 2030-1").exists()


def test_export_of_one_agreement_is_a_json_attachment(signed, viewer):
    response = agreement_export(request_as(viewer), pk=signed.pk)
    assert response["Content-Disposition"] == 'attachment; filename="an-2019-878.json"'
    assert json.loads(response.content) == export_document([signed])


def test_a_partner_of_another_organisation_cannot_export(signed, partner_b):
    with pytest.raises(Http404):
        agreement_export(request_as(partner_b), pk=signed.pk)
