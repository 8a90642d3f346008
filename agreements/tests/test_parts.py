"""The registry of a version's parts (agreements.parts): a part registered is copied on
amendment and renewal, exported and imported, compared, printed and checked before
decision; and the agreements app itself neither imports finance nor names its relations."""

import ast
import datetime
import pathlib
import re

import pytest

from django.template import engines

from agreements import compare, document, exchange, parts, services
from agreements.tests.factories import make_agreement
from partners.tests.factories import OrganisationFactory

D = datetime.date
TODAY = D(2021, 6, 1)
AGREEMENTS = pathlib.Path(__file__).resolve().parent.parent


def production_modules():
    """agreements/**/*.py outside tests, migrations and the demo data."""
    for path in sorted(AGREEMENTS.rglob("*.py")):
        relative = path.relative_to(AGREEMENTS)
        if relative.parts[0] in ("tests", "migrations") or "demo" in path.stem:
            continue
        yield relative, ast.parse(path.read_text(), filename=str(path))


def test_agreements_does_not_import_finance():
    found = []
    for relative, tree in production_modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            found += [f"{relative}:{node.lineno} {name}" for name in names if name.split(".")[0] == "finance"]
    assert found == []


def test_agreements_names_no_relation_of_finance():
    found = [
        f"{relative}:{node.lineno} {node.value!r}"
        for relative, tree in production_modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and re.search(r"\bfinance_\w+|\bfinance\.", node.value)
    ]
    assert found == []


class Printed:
    template = engines["django"].from_string("<p>The notes: {{ part.text }}</p>")

    def __init__(self, text):
        self.text = text


class Notes(parts.VersionPart):
    """A part for the tests: a note per version, kept in memory by version pk."""

    key = "notes"

    def __init__(self):
        self.by_version = {}
        self.copies = []
        self.written = []
        self.required = False  # whether a draft without notes may go to decision

    def copy(self, source, target, party_map, *, by):
        self.copies.append((source.pk, target.pk))
        self.by_version[target.pk] = self.by_version.get(source.pk)

    def export_version(self, version, parties):
        return self.by_version.get(version.pk)

    def export_agreement(self, agreement):
        return {"agreement": agreement.registry_number}

    def read_version(self, reader, at, value, party_count):
        if value is not None and not isinstance(value, str):
            reader.problem(at, "expected text")
        return value

    def read_agreement(self, reader, at, value):
        return value

    def write_version(self, version, value, parties, *, by):
        self.written.append(("version", version.status, value))
        self.by_version[version.pk] = value

    def write_agreement(self, agreement, value, *, by):
        self.written.append(("agreement", agreement.registry_number, value))

    def changes(self, old, new):
        if self.by_version.get(old.pk) == self.by_version.get(new.pk):
            return []
        row = compare.Row("Notes", self.by_version.get(old.pk) or "", self.by_version.get(new.pk) or "")
        return [compare.SectionChange(key="notes", title="Notes", kind=compare.CHANGED, rows=[row])]

    def printed(self, version):
        text = self.by_version.get(version.pk)
        return Printed(text) if text else None

    def problems(self, version):
        missing = self.required and not self.by_version.get(version.pk)
        return ["The notes are missing."] if missing else []


@pytest.fixture
def notes(monkeypatch):
    part = Notes()
    monkeypatch.setattr(parts, "_registered", [*parts.registered(), part])
    return part


def test_a_part_is_copied_on_amendment(db, notes):
    agreement = make_agreement(state="signed")
    signed = agreement.versions.get()
    notes.by_version[signed.pk] = "Meet each spring."
    amendment = services.agreement_amend(by=None, agreement=agreement, today=TODAY)
    assert notes.copies == [(signed.pk, amendment.pk)]
    assert notes.by_version[amendment.pk] == "Meet each spring."


def test_a_part_is_copied_on_renewal(db, notes):
    first = make_agreement(state="signed")
    signed = first.versions.get()
    notes.by_version[signed.pk] = "Meet each spring."
    renewal = services.agreement_renew(by=None, agreements=[first], registry_number="ÄN 2022-5")
    assert notes.copies == [(signed.pk, renewal.versions.get().pk)]


def test_a_part_is_exported_and_imported(db, notes):
    agreement = make_agreement(state="signed")
    notes.by_version[agreement.versions.get().pk] = "Meet each spring."
    document_ = exchange.export_document([agreement])
    exported = document_["agreements"][0]
    assert exported["notes"] == {"agreement": "ÄN 2019-878"}
    assert exported["versions"][0]["notes"] == "Meet each spring."

    exported["registry_number"] = "ÄN 2099-1"
    [imported] = exchange.import_document(document_)
    # a version's part is written while the version is still a draft, the agreement's after its versions
    assert notes.written == [
        ("version", "draft", "Meet each spring."),
        ("agreement", "ÄN 2099-1", {"agreement": "ÄN 2019-878"}),
    ]
    assert notes.by_version[imported.versions.get().pk] == "Meet each spring."


def test_a_part_checks_what_it_reads(db, notes):
    document_ = exchange.export_document([make_agreement(state="signed")])
    document_["agreements"][0]["registry_number"] = "ÄN 2099-1"
    document_["agreements"][0]["versions"][0]["notes"] = 7
    with pytest.raises(exchange.AgreementImportError) as raised:
        exchange.import_document(document_)
    assert raised.value.messages == ["agreements[0].versions[0].notes: expected text"]


def test_a_part_is_compared(db, notes):
    agreement = make_agreement(state="signed")
    signed = agreement.versions.get()
    notes.by_version[signed.pk] = "Meet each spring."
    amendment = services.agreement_amend(by=None, agreement=agreement, today=TODAY)
    notes.by_version[amendment.pk] = "Meet each autumn."
    [change] = [change for change in compare.compare_versions(signed, amendment) if change.key == "notes"]
    assert (change.rows[0].old, change.rows[0].new) == ("Meet each spring.", "Meet each autumn.")


def test_a_part_is_printed(db, notes):
    version = make_agreement(partners=[OrganisationFactory(name="Resurspoolen")]).versions.get()
    notes.by_version[version.pk] = "Meet each spring."
    printed = document.context(version)["printed"]
    assert printed.parts["notes"].text == "Meet each spring."
    assert "<p>The notes: Meet each spring.</p>" in document.preview_html(version)


def test_a_part_is_checked_before_decision(db, notes):
    version = make_agreement().versions.get()
    notes.required = True
    assert "The notes are missing." in services.readiness_problems(version)
    notes.by_version[version.pk] = "Meet each spring."
    assert "The notes are missing." not in services.readiness_problems(version)
