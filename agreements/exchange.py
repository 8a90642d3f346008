"""Agreements to and from a JSON document, in the format of docs/agreement-format.md.

Export writes each agreement whole: every version with its parties, content and
signatures, and what happened after signing (extensions, termination, predecessors).

Import reads such a document back, all or nothing. It first reads the whole document,
noting every problem with its position (`agreements[0].versions[1].parties[2].
organisation.org_number: …`), then writes it in one transaction in which any problem
undoes everything. It never overwrites: a registry number that already exists is
refused, because a signed agreement never changes. The register entries an agreement
names (municipality, committees, administrations, organisations, contacts) are looked
up, and created through partners.services when missing, so a document imports into an
empty database too.

The field tables below are the format: export writes them and import reads them, so the
two cannot drift apart. The parts of a version or an agreement that other apps keep
(agreements.parts) travel under a key of their own, so this module never names them.

Format version 2 added the parts; a file of version 1 has none and is still read.
"""

import datetime
import json
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from agreements import parts
from agreements.models import (
    Activity,
    Agreement,
    AgreementVersion,
    CriterionAssessment,
    Extension,
    Party,
    Responsibility,
    Section,
    Signature,
    Status,
    Termination,
)
from iop.accounts import access
from partners import services as partners
from partners.models import Administration, Committee, Municipality, Organisation
from partners.orgnr import normalise_org_number

FORMAT = "iop-agreements"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)  # version 1: before the parts (the money) travelled with the agreements

# Kinds of plain values. Dates, numbers and amounts may be null (the model says whether
# that is allowed); text may not, except where a table says OPTIONAL_TEXT. An amount
# (AMOUNT) is written as text, "933000.00": exact, never a binary floating-point number.
TEXT, OPTIONAL_TEXT, DATE, NUMBER, AMOUNT = "text", "optional text", "date", "number", "amount"

MUNICIPALITY_FIELDS = {"name": TEXT, "org_number": TEXT}
COMMITTEE_FIELDS = {"name": TEXT, "abbreviation": TEXT}
ADMINISTRATION_FIELDS = {"name": TEXT}
ORGANISATION_FIELDS = {
    "name": TEXT,
    "org_number": OPTIONAL_TEXT,
    "street_address": TEXT,
    "postal_code": TEXT,
    "city": TEXT,
    "email": TEXT,
    "phone": TEXT,
    "website": TEXT,
    "description": TEXT,
}
CONTACT_FIELDS = {"name": TEXT, "title": TEXT, "email": TEXT, "phone": TEXT}
SIGNATURE_FIELDS = {"signatory_name": TEXT, "signatory_title": TEXT, "place": TEXT, "date": DATE}
EXTENSION_FIELDS = {
    "decision_body": TEXT,
    "decision_date": DATE,
    "decision_reference": TEXT,
    "previous_end": DATE,
    "new_end": DATE,
}
TERMINATION_FIELDS = {"party_name": TEXT, "notice_date": DATE, "end_date": DATE, "reason": TEXT}
VERSION_FIELDS = {
    "title": TEXT,
    "start_date": DATE,
    "end_date": DATE,
    "extension_months": NUMBER,
    "extension_count": NUMBER,
    "notice_months": NUMBER,
    "decision_deadline": DATE,
    "background": TEXT,
    "challenge": TEXT,
    "purpose": TEXT,
    "objectives": TEXT,
    "target_group": TEXT,
    "value_base": TEXT,
    "value_base_references": TEXT,
    "gender_equality": TEXT,
    "starting_points": TEXT,
    "referral": TEXT,
    "planned_participants": NUMBER,
    "participants_note": TEXT,
    "follow_up": TEXT,
    "economy": TEXT,
    "conditions": TEXT,
    "changes_clause": TEXT,
    "signing_place": TEXT,
    "legal_review": TEXT,
    "decision_body": TEXT,
    "decision_date": DATE,
    "decision_reference": TEXT,
    "signed_on": DATE,
}
RESPONSIBILITY_FIELDS = {"text": TEXT}
ACTIVITY_FIELDS = {"name": TEXT, "description": TEXT}
SECTION_FIELDS = {"heading": TEXT, "body": TEXT}
ASSESSMENT_FIELDS = {"criterion": NUMBER, "judgement": TEXT, "motivation": TEXT}

# The keys of the objects that hold more than plain values.
DOCUMENT_KEYS = ("format", "format_version", "agreements")
AGREEMENT_KEYS = ("registry_number", "municipality", "predecessors", "extensions", "termination", "versions")
VERSION_KEYS = (
    "number",
    "status",
    "committee",
    "administration",
    *VERSION_FIELDS,
    "parties",
    "responsibilities",
    "activities",
    "sections",
    "assessments",
)
PARTY_KEYS = ("committee", "organisation", "description", "contact", "signatory", "signature")

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
AMOUNT_TEXT = re.compile(r"-?\d{1,15}(\.\d{1,6})?")


class AgreementImportError(Exception):
    """The document cannot be imported. `messages` gives every reason, each with its position."""

    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


# --- Reading and writing the file --------------------------------------------------------


def dumps(document) -> str:
    """The document as the text of a file: UTF-8 friendly, indented, ending in a newline."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def loads(raw: bytes):
    """The parsed content of an uploaded or read file, or AgreementImportError saying what is wrong."""
    try:
        text = raw.decode("utf-8-sig")  # a byte order mark, as some editors write, is harmless
    except UnicodeDecodeError:
        raise AgreementImportError([_("The file is not UTF-8 text. Save it as UTF-8 and try again.")]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        message = _("The file is not valid JSON: %(problem)s (line %(line)s, column %(column)s).") % {
            "problem": error.msg,
            "line": error.lineno,
            "column": error.colno,
        }
        raise AgreementImportError([message]) from None
    except (ValueError, RecursionError):  # absurdly long numbers or deep nesting
        raise AgreementImportError([_("The file is not valid JSON.")]) from None


# --- Export ------------------------------------------------------------------------------


def export_document(agreements) -> dict:
    """The document for these agreements (a queryset or any iterable of Agreement).

    Agreements are listed by municipality and registry number, and every list inside in
    its own fixed order, so the same database always exports the same document.
    """
    if not isinstance(agreements, QuerySet):
        agreements = Agreement.objects.filter(pk__in=[agreement.pk for agreement in agreements])
    rows = sorted(_with_content(agreements), key=lambda a: (a.municipality.name, a.registry_number, a.pk))
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "agreements": [_export_agreement(agreement) for agreement in rows],
    }


def _with_content(queryset):
    """Everything the export reads, in a fixed number of queries."""
    parties = Party.objects.select_related("committee", "organisation", "contact", "signatory", "signature")
    versions = AgreementVersion.objects.select_related("committee", "administration").prefetch_related(
        Prefetch("parties", queryset=parties), "responsibilities", "activities", "sections", "assessments"
    )
    versions = versions.select_related(*(lookup for part in parts.exchanged() for lookup in part.export_related))
    versions = versions.prefetch_related(
        *(lookup for part in parts.exchanged() for lookup in part.export_version_prefetch)
    )
    return queryset.select_related("municipality", "termination").prefetch_related(
        "predecessors",
        "extensions",
        Prefetch("versions", queryset=versions),
        *(lookup for part in parts.exchanged() for lookup in part.export_agreement_prefetch),
    )


def _export_agreement(agreement):
    return {
        "registry_number": agreement.registry_number,
        "municipality": plain(agreement.municipality, MUNICIPALITY_FIELDS),
        "predecessors": sorted(predecessor.registry_number for predecessor in agreement.predecessors.all()),
        "extensions": [
            plain(extension, EXTENSION_FIELDS)
            for extension in sorted(agreement.extensions.all(), key=lambda e: (e.new_end, e.pk))
        ],
        "termination": plain(_one_or_none(agreement, "termination"), TERMINATION_FIELDS),
        "versions": [_export_version(version) for version in sorted(agreement.versions.all(), key=lambda v: v.number)],
        **{part.key: part.export_agreement(agreement) for part in parts.exchanged()},
    }


def _export_version(version):
    parties = _in_order(version.parties.all())
    index = {party.pk: position for position, party in enumerate(parties)}
    return {
        "number": version.number,
        "status": version.status,
        "committee": plain(version.committee, COMMITTEE_FIELDS),
        "administration": plain(version.administration, ADMINISTRATION_FIELDS),
        **plain(version, VERSION_FIELDS),
        "parties": [_export_party(party) for party in parties],
        # A responsibility names its party by position in the list above; null is joint.
        "responsibilities": [
            {"party": index.get(item.party_id), **plain(item, RESPONSIBILITY_FIELDS)}
            for item in _in_order(version.responsibilities.all())
        ],
        "activities": [plain(item, ACTIVITY_FIELDS) for item in _in_order(version.activities.all())],
        "sections": [plain(item, SECTION_FIELDS) for item in _in_order(version.sections.all())],
        "assessments": [
            plain(item, ASSESSMENT_FIELDS) for item in sorted(version.assessments.all(), key=lambda a: a.criterion)
        ],
        **{part.key: part.export_version(version, parties) for part in parts.exchanged()},
    }


def _export_party(party):
    if party.committee_id:
        who = {"committee": party.committee.name}
    else:
        who = {"organisation": plain(party.organisation, ORGANISATION_FIELDS)}
    return {
        **who,
        "description": party.description,
        "contact": plain(party.contact, CONTACT_FIELDS),
        "signatory": plain(party.signatory, CONTACT_FIELDS),
        "signature": plain(_one_or_none(party, "signature"), SIGNATURE_FIELDS),
    }


def plain(instance, fields):
    """The instance's values of these fields, dates as ISO text, amounts as text with the
    field's decimal places ("933000.00"); None for no instance."""
    if instance is None:
        return None
    values = {}
    for name, kind in fields.items():
        value = getattr(instance, name)
        if isinstance(value, datetime.date):
            value = value.isoformat()
        elif kind == AMOUNT and value is not None:
            places = instance._meta.get_field(name).decimal_places
            value = str(Decimal(value).quantize(Decimal(1).scaleb(-places)))
        values[name] = value
    return values


def _in_order(items):
    return sorted(items, key=lambda item: (item.order, item.pk))


def _one_or_none(instance, name):
    try:
        return getattr(instance, name)
    except ObjectDoesNotExist:
        return None


# --- Import: reading the document --------------------------------------------------------
#
# The document is read into the small records below before anything is written: then
# every problem of the file is reported at once, and the writing works on clean values.


@dataclass
class Record:
    at: str  # the position in the document, for messages
    fields: dict  # model field values; a key left out of the document keeps the model's default


@dataclass
class _Responsibility:
    at: str
    party: int | None  # position in the version's parties; None for a joint responsibility
    fields: dict


@dataclass
class _Party:
    at: str
    committee: str | None
    organisation: Record | None
    description: str
    contact: Record | None
    signatory: Record | None
    signature: Record | None


@dataclass
class _Version:
    at: str
    number: int
    status: str
    committee: Record
    administration: Record | None
    fields: dict
    parties: list
    responsibilities: list
    activities: list
    sections: list
    assessments: list
    parts: dict = field(default_factory=dict)  # part's key -> what its read_version returned


@dataclass
class _Agreement:
    at: str
    registry_number: str
    municipality: Record
    predecessors: list
    extensions: list
    termination: Record | None
    versions: list
    parts: dict = field(default_factory=dict)  # part's key -> what its read_agreement returned


class Reader:
    """Type checks with positions: each problem is noted and reading goes on."""

    def __init__(self):
        self.messages = []

    def problem(self, at, message):
        self.messages.append(f"{at}: {message}" if at else message)

    def object(self, at, value, keys, *, optional=False):
        """The value if it is an object with only known keys, else None."""
        if value is None and optional:
            return None
        if not isinstance(value, dict):
            self.problem(at, _("expected an object") if value is not None else _("missing"))
            return None
        for key in sorted(set(value) - set(keys)):
            self.problem(_join(at, key), _("unknown key"))
        return value

    def list(self, at, value):
        """The value if it is a list; a list left out is empty."""
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(at, _("expected a list"))
            return []
        return value

    def record(self, at, value, fields, *, optional=False):
        """An object of plain fields, read into a Record (None when it is null or wrong)."""
        data = self.object(at, value, fields, optional=optional)
        return None if data is None else Record(at, self.fields(at, data, fields))

    def fields(self, at, data, fields):
        values = {}
        for name, kind in fields.items():
            if name in data:
                ok, value = self.value(_join(at, name), data[name], kind)
                if ok:
                    values[name] = value
        return values

    def value(self, at, value, kind):
        """(True, the value as Python) or (False, None) with the problem noted."""
        if kind == TEXT and isinstance(value, str):
            return True, value
        if kind == OPTIONAL_TEXT and (value is None or isinstance(value, str)):
            return True, value or None
        if kind == NUMBER and (value is None or _is_integer(value)):
            return True, value
        if kind == AMOUNT:
            if value is None:
                return True, None
            if isinstance(value, str) and AMOUNT_TEXT.fullmatch(value):
                return True, Decimal(value)
            self.problem(at, _("expected an amount written as text, e.g. “933000.00”"))
            return False, None
        if kind == DATE:
            if value is None:
                return True, None
            if isinstance(value, str) and ISO_DATE.fullmatch(value):
                try:
                    return True, datetime.date.fromisoformat(value)
                except ValueError:
                    pass
            self.problem(at, _("expected a date as YYYY-MM-DD"))
            return False, None
        expected = {TEXT: _("expected text"), OPTIONAL_TEXT: _("expected text or null"), NUMBER: _("expected a number")}
        self.problem(at, expected[kind])
        return False, None


def _join(at, key):
    return f"{at}.{key}" if at else key


def _is_integer(value):
    return isinstance(value, int) and not isinstance(value, bool)  # JSON true is not 1


def _read_document(data) -> list[_Agreement]:
    reader = Reader()
    if not isinstance(data, dict):
        raise AgreementImportError([_("The file holds no object with the keys format, format_version and agreements.")])
    document = reader.object("", data, DOCUMENT_KEYS)
    _read_format(reader, document)
    if reader.messages:  # not our format: the rest would only be noise
        raise AgreementImportError(reader.messages)
    if "agreements" not in document:
        reader.problem("agreements", _("missing"))
    items = reader.list("agreements", document.get("agreements"))
    agreements = [_read_agreement(reader, f"agreements[{i}]", item) for i, item in enumerate(items)]
    agreements = [agreement for agreement in agreements if agreement is not None]
    _check_registry_numbers(reader, agreements)
    if reader.messages:
        raise AgreementImportError(reader.messages)
    return agreements


def _read_format(reader, document):
    if document.get("format") != FORMAT:
        reader.problem("format", _("not a file of agreements: expected “%(format)s”") % {"format": FORMAT})
    elif not _is_integer(document.get("format_version")) or document["format_version"] not in READABLE_VERSIONS:
        reader.problem(
            "format_version",
            _("this version of the format cannot be read: expected %(version)s") % {"version": FORMAT_VERSION},
        )


def _read_agreement(reader, at, value) -> _Agreement | None:
    data = reader.object(at, value, (*AGREEMENT_KEYS, *(part.key for part in parts.exchanged())))
    if data is None:
        return None
    ok, registry_number = reader.value(f"{at}.registry_number", data.get("registry_number", ""), TEXT)
    municipality = reader.record(f"{at}.municipality", data.get("municipality"), MUNICIPALITY_FIELDS)
    if municipality is not None:
        _normalise_org_number(reader, municipality)
    predecessors = []
    for i, item in enumerate(reader.list(f"{at}.predecessors", data.get("predecessors"))):
        if isinstance(item, str) and item.strip():
            predecessors.append(item.strip())
        else:
            reader.problem(f"{at}.predecessors[{i}]", _("expected a registry number"))
    versions = [
        _read_version(reader, f"{at}.versions[{i}]", item)
        for i, item in enumerate(reader.list(f"{at}.versions", data.get("versions")))
    ]
    versions = [version for version in versions if version is not None]
    _check_versions(reader, at, data, versions)
    return _Agreement(
        at=at,
        registry_number=registry_number.strip() if ok else "",
        municipality=municipality,
        predecessors=predecessors,
        extensions=_read_records(reader, f"{at}.extensions", data.get("extensions"), EXTENSION_FIELDS),
        termination=reader.record(f"{at}.termination", data.get("termination"), TERMINATION_FIELDS, optional=True),
        versions=versions,
        parts={
            part.key: part.read_agreement(reader, _join(at, part.key), data.get(part.key)) for part in parts.exchanged()
        },
    )


def _read_records(reader, at, value, fields):
    records = [reader.record(f"{at}[{i}]", item, fields) for i, item in enumerate(reader.list(at, value))]
    return [record for record in records if record is not None]


def _read_version(reader, at, value) -> _Version | None:
    data = reader.object(at, value, (*VERSION_KEYS, *(part.key for part in parts.exchanged())))
    if data is None:
        return None
    number = data.get("number")
    if not _is_integer(number) or number < 1:
        reader.problem(f"{at}.number", _("expected a version number: 1, 2, 3…"))
    status = data.get("status")
    if status not in Status.values:
        reader.problem(f"{at}.status", _("expected one of: %(choices)s") % {"choices": ", ".join(Status.values)})
    parties = [
        _read_party(reader, f"{at}.parties[{i}]", item)
        for i, item in enumerate(reader.list(f"{at}.parties", data.get("parties")))
    ]
    version = _Version(
        at=at,
        number=number,
        status=status,
        committee=reader.record(f"{at}.committee", data.get("committee"), COMMITTEE_FIELDS),
        administration=reader.record(
            f"{at}.administration", data.get("administration"), ADMINISTRATION_FIELDS, optional=True
        ),
        fields=reader.fields(at, data, VERSION_FIELDS),
        parties=[party for party in parties if party is not None],
        responsibilities=_read_responsibilities(reader, at, data, len(parties)),
        activities=_read_records(reader, f"{at}.activities", data.get("activities"), ACTIVITY_FIELDS),
        sections=_read_records(reader, f"{at}.sections", data.get("sections"), SECTION_FIELDS),
        assessments=_read_records(reader, f"{at}.assessments", data.get("assessments"), ASSESSMENT_FIELDS),
        parts={
            part.key: part.read_version(reader, _join(at, part.key), data.get(part.key), len(parties))
            for part in parts.exchanged()
        },
    )
    _check_parties(reader, version)
    return version


def _read_party(reader, at, value) -> _Party | None:
    data = reader.object(at, value, PARTY_KEYS)
    if data is None:
        return None
    if ("committee" in data) == ("organisation" in data):
        reader.problem(at, _("a party is either a committee or an organisation: give one of the two"))
    committee = None
    if "committee" in data:
        committee = reader.value(f"{at}.committee", data["committee"], TEXT)[1]
    organisation = None
    if "organisation" in data:
        organisation = reader.record(f"{at}.organisation", data["organisation"], ORGANISATION_FIELDS)
        if organisation is not None:
            _normalise_org_number(reader, organisation)
    ok, description = reader.value(f"{at}.description", data.get("description", ""), TEXT)
    return _Party(
        at=at,
        committee=committee,
        organisation=organisation,
        description=description if ok else "",
        contact=reader.record(f"{at}.contact", data.get("contact"), CONTACT_FIELDS, optional=True),
        signatory=reader.record(f"{at}.signatory", data.get("signatory"), CONTACT_FIELDS, optional=True),
        signature=reader.record(f"{at}.signature", data.get("signature"), SIGNATURE_FIELDS, optional=True),
    )


def _read_responsibilities(reader, at, data, party_count):
    responsibilities = []
    for i, value in enumerate(reader.list(f"{at}.responsibilities", data.get("responsibilities"))):
        where = f"{at}.responsibilities[{i}]"
        item = reader.object(where, value, ("party", *RESPONSIBILITY_FIELDS))
        if item is None:
            continue
        party = item.get("party")
        if party is not None and not (_is_integer(party) and 0 <= party < party_count):
            reader.problem(
                f"{where}.party",
                _("expected the position of one of the version's parties (0 to %(last)s), or null for joint")
                % {"last": party_count - 1},
            )
        responsibilities.append(_Responsibility(where, party, reader.fields(where, item, RESPONSIBILITY_FIELDS)))
    return responsibilities


def _normalise_org_number(reader, record):
    """Check the number now, and store it as NNNNNN-NNNN so that look-ups find it however it was typed."""
    number = record.fields.get("org_number")
    if not number:
        return
    try:
        record.fields["org_number"] = normalise_org_number(number)
    except ValidationError as error:
        for message in error.messages:
            reader.problem(f"{record.at}.org_number", message)


def _check_parties(reader, version):
    """The rules of a version's parties that the life cycle otherwise keeps."""
    committees = [party for party in version.parties if party.committee is not None]
    if len(committees) != 1:
        reader.problem(f"{version.at}.parties", _("a version has exactly one committee among its parties"))
    for party in version.parties:
        if version.status == Status.SIGNED and party.signature is None:
            reader.problem(f"{party.at}.signature", _("missing: every party has signed a signed version"))
        if version.status in (Status.DRAFT, Status.READY) and party.signature is not None:
            reader.problem(f"{party.at}.signature", _("only a decided or signed version has signatures"))


def _check_versions(reader, at, data, versions):
    if data.get("versions") is None:
        reader.problem(f"{at}.versions", _("missing"))
    elif data["versions"] == []:
        reader.problem(f"{at}.versions", _("an agreement has at least one version"))
    seen = set()
    for version in versions:
        if _is_integer(version.number) and version.number in seen:
            reader.problem(f"{version.at}.number", _("version %(number)s appears twice") % {"number": version.number})
        seen.add(version.number)
    # Only the latest version can still be on its way; the ones before it were signed.
    numbered = sorted((v for v in versions if _is_integer(v.number)), key=lambda v: v.number)
    for version in numbered[:-1]:
        if version.status != Status.SIGNED:
            reader.problem(f"{version.at}.status", _("only the latest version may be unsigned"))


def _check_registry_numbers(reader, agreements):
    """Registry numbers new and unique in their municipality; predecessors that can be found."""
    in_file = set()
    for agreement in agreements:
        if not agreement.registry_number or agreement.municipality is None:
            continue
        key = (_municipality_key(agreement.municipality), agreement.registry_number)
        if key in in_file:
            reader.problem(f"{agreement.at}.registry_number", _("appears twice in the file"))
        elif _registered(agreement.municipality, agreement.registry_number):
            reader.problem(f"{agreement.at}.registry_number", _("already exists"))
        in_file.add(key)
    for agreement in agreements:
        for i, number in enumerate(agreement.predecessors):
            if agreement.municipality is None:
                continue
            key = (_municipality_key(agreement.municipality), number)
            if key not in in_file and not _registered(agreement.municipality, number):
                reader.problem(
                    f"{agreement.at}.predecessors[{i}]",
                    _("no agreement with this registry number in the file or in the register"),
                )


def _municipality_key(record):
    return record.fields.get("org_number") or record.fields.get("name")


def _registered(municipality_record, registry_number):
    municipality = _find_municipality(municipality_record)
    return municipality is not None and municipality.agreements.filter(registry_number=registry_number).exists()


# --- Import: writing ---------------------------------------------------------------------


def import_document(data, *, by=None) -> list[Agreement]:
    """Create the agreements of a parsed document, all or nothing; see the module docstring.

    `by` is the user importing (None for the system), recorded in the history of every
    row. Only administrators import: the import records signed agreements without the
    life cycle that otherwise leads up to a signature.
    """
    if by is not None and not access.is_administrator(by):
        raise PermissionDenied
    with transaction.atomic():
        agreements = _read_document(data)
        return _write_agreements(agreements, by=by)


def _write_agreements(agreements, *, by):
    created, messages = [], []
    for data in agreements:
        try:
            # A savepoint per agreement: one that fails leaves nothing behind, and the
            # others are still written so that their problems are reported too.
            with transaction.atomic():
                created.append((data, _write_agreement(data, by=by)))
        except AgreementImportError as error:
            messages.extend(error.messages)
    if messages:
        raise AgreementImportError(messages)  # undoes the whole import
    for data, agreement in created:
        _link_predecessors(agreement, data.predecessors, by=by)
    return [agreement for _data, agreement in created]


def _write_agreement(data, *, by):
    municipality = _municipality(data.municipality, by=by)
    agreement = save(Agreement(municipality=municipality, registry_number=data.registry_number), at=data.at, by=by)
    for version in data.versions:
        _write_version(agreement, version, by=by)
    for extension in data.extensions:
        save(Extension(agreement=agreement, **extension.fields), at=extension.at, by=by)
    if data.termination is not None:
        save(Termination(agreement=agreement, **data.termination.fields), at=data.termination.at, by=by)
    for part in parts.exchanged():
        part.write_agreement(agreement, data.parts.get(part.key), by=by)
    return agreement


def _write_version(agreement, data, *, by):
    committee = _committee(agreement.municipality, data.committee, by=by)
    administration = None
    if data.administration is not None:
        administration = _administration(agreement.municipality, committee, data.administration, by=by)
    # First as a draft: the guard in agreements.models refuses anything added to a version
    # that is signed, so the real status is set only when the content is in place.
    version = AgreementVersion(
        agreement=agreement,
        number=data.number,
        status=Status.DRAFT,
        committee=committee,
        administration=administration,
        **data.fields,
    )
    save(version, at=data.at, by=by)
    parties = [_write_party(version, party, order, by=by) for order, party in enumerate(data.parties)]
    for order, item in enumerate(data.responsibilities):
        party = parties[item.party] if item.party is not None else None
        save(Responsibility(version=version, party=party, order=order, **item.fields), at=item.at, by=by)
    for order, item in enumerate(data.activities):
        save(Activity(version=version, order=order, **item.fields), at=item.at, by=by)
    for order, item in enumerate(data.sections):
        save(Section(version=version, order=order, **item.fields), at=item.at, by=by)
    for item in data.assessments:
        save(CriterionAssessment(version=version, **item.fields), at=item.at, by=by)
    for part in parts.exchanged():
        part.write_version(version, data.parts.get(part.key), parties, by=by)
    version.status = data.status
    save(version, at=data.at, by=by)


def _write_party(version, data, order, *, by):
    municipality = version.agreement.municipality
    committee = organisation = None
    if data.committee is not None:
        committee = _committee(municipality, Record(f"{data.at}.committee", {"name": data.committee}), by=by)
        # The committee's people, or those of the administration that serves it.
        owners = [committee, version.administration] if version.administration else [committee]
    else:
        organisation = _organisation(data.organisation, by=by)
        owners = [organisation]
    party = Party(
        version=version,
        committee=committee,
        organisation=organisation,
        description=data.description,
        order=order,
    )
    # The signatory first: when the contact is the same person, they are found, not made twice.
    party.signatory = _contact(data.signatory, owners, by=by, is_signatory=True)
    party.contact = _contact(data.contact, owners, by=by)
    save(party, at=data.at, by=by)
    if data.signature is not None:
        save(Signature(party=party, **data.signature.fields), at=data.signature.at, by=by)
    return party


def _link_predecessors(agreement, registry_numbers, *, by):
    if not registry_numbers:
        return
    # The predecessors were found when the document was read, in the file or the register.
    predecessors = Agreement.objects.filter(municipality=agreement.municipality, registry_number__in=registry_numbers)
    agreement._history_user = by
    agreement.predecessors.set(predecessors)


# Register entries: found when they exist, created through partners.services when not.


def _find_municipality(record):
    number, name = record.fields.get("org_number"), record.fields.get("name")
    found = Municipality.objects.filter(org_number=number).first() if number else None
    return found or Municipality.objects.filter(name=name).first()


def _municipality(record, *, by):
    found = _find_municipality(record)
    if found is not None:
        return found
    with at_position(record.at):
        return partners.municipality_create(by=by, **record.fields)


def _committee(municipality, record, *, by):
    found = Committee.objects.filter(municipality=municipality, name=record.fields.get("name", "")).first()
    if found is not None:
        return found
    with at_position(record.at):
        return partners.committee_create(by=by, municipality=municipality, **record.fields)


def _administration(municipality, committee, record, *, by):
    found = Administration.objects.filter(municipality=municipality, name=record.fields.get("name", "")).first()
    if found is not None:
        return found
    with at_position(record.at):
        return partners.administration_create(by=by, municipality=municipality, committees=[committee], **record.fields)


def _organisation(record, *, by):
    """By organisation number when the document gives one, else by name."""
    number = record.fields.get("org_number")
    if number:
        found = Organisation.objects.filter(org_number=number).first()
    else:
        found = Organisation.objects.filter(name=record.fields.get("name", "")).order_by("pk").first()
    if found is not None:
        return found
    with at_position(record.at):
        return partners.organisation_create(by=by, **record.fields)


def _contact(record, owners, *, by, is_signatory=False):
    """The person of that name at one of the owners, or a new contact at the first."""
    if record is None:
        return None
    name = record.fields.get("name", "")
    for owner in owners:
        found = owner.contacts.filter(name=name).order_by("pk").first()
        if found is not None:
            return found
    with at_position(record.at):
        return partners.contact_create(by=by, party=owners[0], is_signatory=is_signatory, **record.fields)


def save(instance, *, at, by, exclude=None):
    """Validate the instance as on screen and save it; a problem names the place `at`."""
    with at_position(at):
        instance.full_clean(exclude=exclude)
        instance._history_user = by  # simple-history records who made the change
        instance.save()
    return instance


@contextmanager
def at_position(at):
    """Turn a ValidationError into an AgreementImportError whose messages name the position and field."""
    try:
        yield
    except ValidationError as error:
        raise AgreementImportError(_messages(error, at)) from None


def _messages(error, at):
    if not hasattr(error, "error_dict"):
        return [f"{at}: {message}" for message in error.messages]
    return [
        f"{at if field == NON_FIELD_ERRORS else _join(at, field)}: {message}"
        for field, messages in error.message_dict.items()
        for message in messages
    ]
