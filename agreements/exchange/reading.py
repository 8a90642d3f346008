"""Reading an incoming exchange document, before anything is written: every problem of the
file is noted with its position (`agreements[0].versions[1].parties[2].organisation.
org_number: …`) and reported at once, and what is read becomes the small records below,
clean values for the writing (agreements.exchange.importing). Besides the types, the
reading checks the rules the life cycle otherwise keeps (one committee per version,
signatures only on decided or signed versions, only the latest version unsigned) and that
registry numbers are new and predecessors can be found.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from agreements import parts
from agreements.exchange.format import (
    ACTIVITY_FIELDS,
    ADMINISTRATION_FIELDS,
    AGREEMENT_KEYS,
    AMOUNT,
    AMOUNT_TEXT,
    ASSESSMENT_FIELDS,
    COMMITTEE_FIELDS,
    CONTACT_FIELDS,
    DATE,
    DOCUMENT_KEYS,
    EXTENSION_FIELDS,
    FORMAT,
    FORMAT_VERSION,
    ISO_DATE,
    MUNICIPALITY_FIELDS,
    NUMBER,
    OPTIONAL_TEXT,
    ORGANISATION_FIELDS,
    PARTY_KEYS,
    READABLE_VERSIONS,
    RESPONSIBILITY_FIELDS,
    SECTION_FIELDS,
    SIGNATURE_FIELDS,
    TERMINATION_FIELDS,
    TEXT,
    VERSION_FIELDS,
    VERSION_KEYS,
    AgreementImportError,
    is_integer,
    join,
)
from agreements.models import Status
from partners.models import Municipality
from partners.orgnr import normalise_org_number


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
            self.problem(join(at, key), _("unknown key"))
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
                ok, value = self.value(join(at, name), data[name], kind)
                if ok:
                    values[name] = value
        return values

    def value(self, at, value, kind):
        """(True, the value as Python) or (False, None) with the problem noted."""
        if kind == TEXT and isinstance(value, str):
            return True, value
        if kind == OPTIONAL_TEXT and (value is None or isinstance(value, str)):
            return True, value or None
        if kind == NUMBER and (value is None or is_integer(value)):
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


def read_document(data) -> list[_Agreement]:
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
    elif not is_integer(document.get("format_version")) or document["format_version"] not in READABLE_VERSIONS:
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
            part.key: part.read_agreement(reader, join(at, part.key), data.get(part.key)) for part in parts.exchanged()
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
    if not is_integer(number) or number < 1:
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
            part.key: part.read_version(reader, join(at, part.key), data.get(part.key), len(parties))
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
        if party is not None and not (is_integer(party) and 0 <= party < party_count):
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
        if is_integer(version.number) and version.number in seen:
            reader.problem(f"{version.at}.number", _("version %(number)s appears twice") % {"number": version.number})
        seen.add(version.number)
    # Only the latest version can still be on its way; the ones before it were signed.
    numbered = sorted((v for v in versions if is_integer(v.number)), key=lambda v: v.number)
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
    municipality = find_municipality(municipality_record)
    return municipality is not None and municipality.agreements.filter(registry_number=registry_number).exists()


def find_municipality(record):
    number, name = record.fields.get("org_number"), record.fields.get("name")
    found = Municipality.objects.filter(org_number=number).first() if number else None
    return found or Municipality.objects.filter(name=name).first()
