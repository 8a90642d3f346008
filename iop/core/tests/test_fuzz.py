"""Hypothesis posts random and hostile data to every form of IOP and checks, for each post:

- no server error (the test client re-raises what would be a 500, and the status is < 500);
- a refusal saves nothing: when the post does not end in a redirect with a success
  message (the form is shown again, a 403/404, or a redirect that carries only errors),
  every row of every project table, the simple-history tables included, is as before;
- what is stored never holds a NUL character (PostgreSQL refuses it: a 500 there);
- hostile markup posted is never shown unescaped on the page that answers.

Each example starts from the same database: the scene is built once per test (outside
the examples) and every post runs in a transaction that is rolled back afterwards.

Examples are random locally, to keep exploring, and derandomized in CI (the CI variable
is set), so a CI run is repeatable: a failure found there fails the same way every run.
"""

import csv
import datetime
import io
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, cached_property

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django.apps import apps
from django.contrib.messages import SUCCESS, get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from agreements import exchange, scans
from agreements import services as agreement_services
from agreements.models import CRITERIA, AgreementVersion, Judgement
from agreements.tests.factories import make_agreement, scan_pdf
from finance import services as finance_services
from finance.models import ContributionKind, IndexStatus, IndexValue
from followup.hours import services as hours_services
from followup.meetings import services as meetings
from followup.models import Convener, MeetingKind
from followup.tests.factories import hours_agreement, reporter_for
from iop.accounts.models import Role
from iop.accounts.tests.factories import UserFactory
from iop.core.dates import add_months
from partners.tests.factories import AdministrationFactory, CommitteeFactory, ContactFactory, OrganisationFactory

PROJECT_APPS = ("accounts", "partners", "agreements", "finance", "followup")
# Written on purpose when access is refused (the audit trail): not a partial save.
RECORDS_REFUSALS = {"accounts.AccessEvent"}

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", 20)),
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- What is posted ------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE_MARKUP = (SCRIPT, IMG)
HOSTILE_TEXT = f"{SCRIPT} {IMG}"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
HOSTILE = [
    SCRIPT,
    IMG,
    "'; DROP TABLE agreements_agreement; --",
    "1' OR '1'='1",
    "{{ 7|add:7 }}{% debug %}",
    "%s%(x)s%n",
    "${jndi:ldap://x/a}",
    "../../etc/passwd",
    '=HYPERLINK("http://x")',
    "\x00",
    "a\x00b",
    "\u202egnp.exe",
    "\ufeff",
    "\r\n\r\n",
    "   ",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ÅÄÖ åäö",
    "Å" * 3000,
    "x" * 100_001,
]
NUMBERS = [
    "0",
    "-1",
    "−5",
    "2,5",
    "2.5",
    "1 234 567,89",
    "4 785 000 kr",
    "4\u00a0785\u00a0000",
    "933000,50",
    "3,5 %",
    "12.345.678,9",
    "1,2,3",
    "1e3",
    "1E-400",
    "9" * 40,
    "-" + "9" * 40,
    "0x1F",
    "١٢٣",
    "½",
    "1_000",
    "NaN",
    "sNaN",
    "inf",
    "Infinity",
    "-Infinity",
    "",
]
DATES = [
    "2026-13-01",
    "2026-02-30",
    "2026-11",
    "22/11/2026",
    "11/22/2026",
    "22.11.2026",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "1970-01-01T00:00:00Z",
    "2026-11-22 12:00",
    "  2026-11-22  ",
    "٢٠٢٦-١١-٢٢",
    "yesterday",
    "",
]


def plausible(valid, anything):
    """Mostly what the form takes (so that posts get past the form to the service and the
    database), now and then anything: with eight fields, about one post in six is valid."""
    return st.one_of(valid, valid, valid, valid, anything)


printable = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)
junk = st.one_of(
    st.text(max_size=60),
    printable,
    st.sampled_from(HOSTILE),
    st.sampled_from(NUMBERS),
    st.sampled_from(DATES),
    st.builds(lambda a, b, c: a + b + c, printable, st.sampled_from(HOSTILE_MARKUP), printable),
)
words = st.text(st.characters(categories=["L", "N", "P", "Zs"]), min_size=1, max_size=60).filter(str.strip)
text = plausible(st.one_of(words, st.sampled_from(HOSTILE_MARKUP)), junk)
numbers = plausible(
    st.one_of(
        st.integers(1, 100).map(str),
        st.decimals(min_value=1, max_value=10**6, places=2).map(lambda d: str(d).replace(".", ",")),
    ),
    st.one_of(
        st.sampled_from(NUMBERS),
        st.integers().map(str),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.floats().map(str),
        junk,
    ),
)
# Ids at and beyond what a database integer holds
integer_edges = st.sampled_from(["0", "-1", str(2**31), str(2**63 - 1), str(2**63), str(-(2**63) - 1), "9" * 30])
booleans = st.sampled_from(["on", "", "off", "0", "1", "true", "false", "ja"])


def dates(near=None):
    """Dates in ISO form (any, near the scene's today) and dates written every other way."""
    anything = st.one_of(st.dates().map(datetime.date.isoformat), st.sampled_from(DATES), junk)
    if near is None:
        return anything
    today = timezone.localdate()
    return plausible(st.dates(today - datetime.timedelta(days=near), today).map(datetime.date.isoformat), anything)


recent = dates(near=800)


def one_of_values(*values):
    """A valid choice, or anything else."""
    return plausible(st.sampled_from([str(value) for value in values]), junk)


def pk(getter):
    """The primary key of one of the scene's objects (getter(scene) → object or list), or junk."""

    def strategy(scene):
        found = getter(scene)
        found = found if isinstance(found, list | tuple) else [found]
        valid = st.sampled_from([str(obj.pk) for obj in found])
        return plausible(valid, st.one_of(integer_edges, st.integers().map(str), junk))

    return strategy


def pks(getter):
    """Several primary keys, as checkboxes post them."""
    return lambda scene: st.lists(pk(getter)(scene), max_size=3)


def lock(getter):
    """The version's lock number as it is now, or a stale or nonsensical one."""

    def strategy(scene):
        current = AgreementVersion.objects.get(pk=getter(scene).pk).lock_version
        return plausible(st.just(str(current)), numbers)

    return strategy


def fields(**specs):
    """The form's data: one value per field, each a strategy or a function of the scene."""
    return lambda scene: st.fixed_dictionaries(
        {
            name: spec(scene) if callable(spec) and not isinstance(spec, st.SearchStrategy) else spec
            for name, spec in specs.items()
        }
    )


def upload(names, contents):
    return st.builds(lambda name, content: SimpleUploadedFile(name, content), st.sampled_from(names), contents)


# --- The scene: everything the forms work on, built lazily and once per test ---------------------


class Scene:
    def __init__(self):
        self.today = timezone.localdate()

    @cached_property
    def committee(self):
        return CommitteeFactory(name="Äldrenämnden")

    @cached_property
    def admin(self):
        return UserFactory(username="fuzz-admin", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)

    @cached_property
    def planner(self):
        return UserFactory(username="fuzz-planner", role=Role.PLANNER, committees=[self.committee])

    @cached_property
    def organisation(self):
        return OrganisationFactory(name="Resurspoolen", org_number="822003-0913")

    @cached_property
    def other_organisation(self):
        return OrganisationFactory(name="Linköpings stadsmission")

    @cached_property
    def contact(self):
        return ContactFactory(organisation=self.organisation, name="Anna Berg", is_signatory=True)

    @cached_property
    def administration(self):
        administration = AdministrationFactory(municipality=self.committee.municipality, name="Socialförvaltningen")
        administration.committees.add(self.committee)
        return administration

    @cached_property
    def user(self):
        return UserFactory(username="fuzz-viewer", role=Role.VIEWER)

    # Agreements in each state of their life

    @cached_property
    def draft(self):
        self.contact  # noqa: B018 - the partner's signatory, to choose in the party form
        agreement = make_agreement(
            committee=self.committee, partners=[self.organisation], registry_number="ÄN 2026-1", state="draft"
        )
        version = agreement.versions.get()
        for kind, values in [
            ("section", {"heading": "Uppsökande verksamhet", "body": "Text"}),
            ("activity", {"name": "Promenadgrupper"}),
            ("responsibility", {"text": "Kommunen bidrar med lokaler."}),
        ]:
            agreement_services.item_add(
                by=None, version=version, lock_version=version.lock_version, kind=kind, **values
            )
        return agreement

    @property
    def draft_version(self):
        return self.draft.versions.get()

    def draft_item(self, kind):
        return getattr(self.draft_version, kind).first()

    @property
    def partner_party(self):
        return self.draft_version.parties.get(organisation__isnull=False)

    @cached_property
    def ready(self):
        return make_agreement(
            committee=self.committee, partners=[OrganisationFactory()], registry_number="ÄN 2026-2", state="ready"
        )

    @cached_property
    def decided(self):
        return make_agreement(
            committee=self.committee, partners=[OrganisationFactory()], registry_number="ÄN 2026-3", state="decided"
        )

    @cached_property
    def signed(self):
        """In force today, with activities and an hours commitment (the hours tests' agreement)."""
        return hours_agreement(organisation=self.organisation, registry_number="ÄN 2026-4")

    @property
    def signed_version(self):
        return self.signed.versions.get()

    @cached_property
    def scanned(self):
        """The signed agreement with a scan of its original kept (to be withdrawn)."""
        upload = SimpleUploadedFile("original.pdf", scan_pdf(), content_type="application/pdf")
        scans.scan_store(by=None, version=self.signed_version, upload=upload)
        return self.signed

    @cached_property
    def reporter(self):
        return reporter_for(self.organisation)

    @cached_property
    def activities(self):
        return list(hours_services.agreement_activities(self.signed))

    @cached_property
    def month(self):
        return self.today.replace(day=1)

    @cached_property
    def submitted_report(self):
        """Last month's hours, handed in for approval."""
        day = add_months(self.month, -1)
        entry = hours_services.hours_log(
            by=self.reporter,
            agreement=self.signed,
            organisation=self.organisation,
            activity=self.activities[0],
            date=day,
            hours=Decimal("2"),
            volunteers=1,
        )
        return hours_services.hours_submit_month(by=self.reporter, report=entry.report)

    @cached_property
    def meeting(self):
        return meetings.meeting_save(
            by=None,
            agreement=self.signed,
            kind=MeetingKind.FOLLOW_UP,
            date=self.today,
            convened_by=Convener.ADMINISTRATION,
        )

    @cached_property
    def yearly(self):
        return meetings.yearly_follow_up_save(by=None, agreement=self.signed, year=self.today.year)

    @cached_property
    def repayment(self):
        return finance_services.repayment_claim(
            by=None,
            agreement=self.signed,
            debtor=self.organisation,
            claimed_on=self.today - datetime.timedelta(days=30),
            amount=Decimal("1000"),
            reason="Inte använt",
        )

    @cached_property
    def index_value(self):
        return IndexValue.objects.order_by("-year").first() or IndexValue.objects.create(
            year=2026, percent=Decimal("3.1"), status=IndexStatus.PRELIMINARY, published="2026-02"
        )

    def strategy(self, form):
        """The form's strategy, built once (building one costs more than drawing from it)."""
        strategies = self.__dict__.setdefault("_strategies", {})
        if form.name not in strategies:
            strategies[form.name] = form.data(self)
        return strategies[form.name]

    @cached_property
    def export(self):
        """A real export of the signed agreement, to be damaged."""
        return exchange.export_document([self.signed])


@pytest.fixture
def scene(db):
    return Scene()


# --- Files ---------------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(text, children, max_size=4),
    max_leaves=12,
)


def _leaves(value, path=()):
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _leaves(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _leaves(child, (*path, index))
    yield path


def _replaced(document, path, new):
    if not path:
        return new
    copy = json.loads(json.dumps(document))
    target = copy
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new
    return copy


@st.composite
def damaged_export(draw, scene):
    """The real export under a new registry number, with a few texts or values replaced."""
    number = draw(st.one_of(st.from_regex(r"ÄN 20[0-9]{2}-[0-9]{1,4}", fullmatch=True), text))
    document = _replaced(scene.export, ("agreements", 0, "registry_number"), number)
    paths = list(_leaves(document))
    texts = [path for path in paths if isinstance(_at(document, path), str)]
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(texts + paths))
        document = _replaced(document, path, draw(text if path in texts else json_values))
    return json.dumps(document, ensure_ascii=draw(st.booleans())).encode()


def _at(document, path):
    for step in path:
        document = document[step]
    return document


def import_file(scene):
    contents = st.one_of(
        damaged_export(scene),
        json_values.map(lambda value: json.dumps(value).encode()),
        st.binary(max_size=500),
        st.sampled_from([b"", b"{", b"[" * 100_000, b"1" * 10_000, b"\xef\xbb\xbf{}", b'{"format": "iop-agreements"}']),
    )
    return upload(["agreements.json", "agreements.JSON", "agreements.txt", "agreements", "a.json.exe"], contents)


def scan_file(scene):
    contents = st.one_of(
        st.binary(max_size=500),
        st.binary(max_size=500).map(lambda data: b"%PDF-1.7\n" + data),
        st.binary(max_size=500).map(lambda data: scan_pdf() + data),
        st.builds(lambda data, cut: data[:cut], st.just(scan_pdf()), st.integers(0, 400)),
        st.just(b""),
    )
    return upload(["original.pdf", "original.PDF", "original.exe", "original"], contents)


@st.composite
def hours_table(draw, scene):
    """A sheet of hours: the template's headings (or others) and rows of anything."""
    headings = draw(
        st.one_of(
            st.just(["datum", "aktivitet", "timmar", "volontärer", "plats", "anteckning"]),
            st.permutations(["datum", "aktivitet", "timmar", "volontärer"]),
            st.lists(text, max_size=7),
        )
    )
    cell = st.one_of(
        st.sampled_from([activity.name for activity in scene.activities]),
        recent,
        st.dates(scene.today - datetime.timedelta(days=400), scene.today).map(lambda day: f"{day:%Y-%m}"),
        numbers,
        text,
    )
    rows = draw(st.lists(st.lists(cell, min_size=0, max_size=len(headings) + 2), max_size=6))
    return [headings, *rows]


def _csv_bytes(table, separator, encoding):
    out = io.StringIO()
    csv.writer(out, delimiter=separator).writerows(table)
    return out.getvalue().encode(encoding, errors="replace")


def _xlsx_bytes(table):
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = openpyxl.Workbook()
    for row in table:
        book.active.append([ILLEGAL_CHARACTERS_RE.sub("", value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def hours_file(scene):
    table = hours_table(scene)
    contents = st.one_of(
        st.tuples(table, st.sampled_from([";", ","]), st.sampled_from(["utf-8", "utf-8-sig", "latin-1"])).map(
            lambda args: _csv_bytes(*args)
        ),
        table.map(_xlsx_bytes),
        st.binary(max_size=300),
        st.binary(max_size=300).map(lambda data: b"PK\x03\x04" + data),
        st.just(b"\xd0\xcf\x11\xe0" + b"\x00" * 50),
    )
    return upload(["timmar.csv", "timmar.xlsx", "timmar.txt", "timmar.exe", "timmar"], contents)


def sheet_cells(scene):
    """The month sheet posts one input per activity and day, and one for the volunteers."""
    names = [f"v-{activity.pk}" for activity in scene.activities] + [
        f"h-{activity.pk}-{day}" for activity in scene.activities for day in range(0, 33)
    ]
    return st.dictionaries(st.one_of(st.sampled_from(names), text), numbers, max_size=8)


# --- Every form ------------------------------------------------------------------------------------


@dataclass
class Form:
    name: str
    user: str  # the Scene attribute of the persona that uses the form
    url: object  # scene → the address posted to
    data: object  # scene → strategy of the posted data
    text_fields: list = field(default_factory=list)  # where hostile markup goes in the escaping test
    fixed: dict = field(default_factory=dict)  # posted as is, every time (which form of a page)
    escape_with: dict = field(default_factory=dict)  # what else the escaping test must post to reach the form


def _form(name, user, url, text_fields=(), /, *, fixed=None, escape_with=None, **specs):
    fixed = fixed or {}
    data = fields(**specs, **{key: st.just(value) for key, value in fixed.items()})
    return Form(name, user, url, data, list(text_fields), fixed, escape_with or {})


def _url(name, *args):
    return lambda scene: reverse(name, args=[arg(scene) if callable(arg) else arg for arg in args])


ORGANISATION = {
    "name": text,
    "org_number": st.one_of(
        st.sampled_from(["822003-0913", "802000-0017", "8020000017", "198001011234"]), numbers, text
    ),
    "street_address": text,
    "postal_code": st.one_of(numbers, text),
    "city": text,
    "email": st.one_of(st.emails().map(str), text),
    "phone": st.one_of(numbers, text),
    "website": st.one_of(st.sampled_from(["forening.se", "https://forening.se", "javascript:alert(1)"]), text),
    "description": text,
    "active": booleans,
}
CONTACT = {
    "name": text,
    "title": text,
    "email": st.one_of(st.emails().map(str), text),
    "phone": text,
    "is_signatory": booleans,
}
USER = {
    "username": st.one_of(st.from_regex(r"[a-z]{3,12}", fullmatch=True), text),
    "first_name": text,
    "last_name": text,
    "email": st.one_of(st.emails().map(str), text),
    "title": text,
    "role": one_of_values(*Role.values),
    "committees": pks(lambda s: s.committee),
    "organisations": pks(lambda s: s.organisation),
    "is_active": booleans,
}
BASIC = {
    "registry_number": text,
    "title": text,
    "committee": pk(lambda s: s.committee),
    "administration": pk(lambda s: s.administration),
    "start_date": dates(near=3000),
    "end_date": dates(near=3000),
    "extension_months": numbers,
    "extension_count": numbers,
    "notice_months": numbers,
    "decision_deadline": dates(near=3000),
    "signing_place": text,
}
PART_FIELDS = {
    "background": ["background", "challenge", "purpose", "objectives", "target_group"],
    "values": ["value_base", "value_base_references", "gender_equality"],
    "starting_points": ["starting_points", "referral", "participants_note"],
    "conditions": ["follow_up", "economy", "conditions", "changes_clause"],
}
MEETING = {
    "kind": one_of_values(*MeetingKind.values),
    "date": recent,
    "place": text,
    "convened_by": one_of_values(*Convener.values),
    "participants": text,
    "agenda": text,
    "minutes": text,
    "decisions": text,
}
DRAFT_LOCK = lock(lambda s: s.draft_version)

FORMS = [
    # The register
    _form("organisation-create", "admin", _url("partners:organisation-create"), ORGANISATION, **ORGANISATION),
    _form(
        "organisation-update",
        "admin",
        _url("partners:organisation-update", lambda s: s.organisation.pk),
        ORGANISATION,
        **ORGANISATION,
    ),
    _form(
        "committee-create",
        "admin",
        _url("partners:committee-create"),
        ["name", "abbreviation"],
        municipality=pk(lambda s: s.committee.municipality),
        name=text,
        abbreviation=text,
        active=booleans,
    ),
    _form(
        "administration-update",
        "admin",
        _url("partners:administration-update", lambda s: s.administration.pk),
        ["name"],
        municipality=pk(lambda s: s.committee.municipality),
        name=text,
        committees=pks(lambda s: s.committee),
        active=booleans,
    ),
    _form(
        "municipality-create",
        "admin",
        _url("partners:municipality-create"),
        ["name", "org_number"],
        name=text,
        org_number=st.one_of(st.just("212000-0449"), numbers, text),
    ),
    _form(
        "organisation-contact-create",
        "admin",
        _url("partners:organisation-contact-create", lambda s: s.organisation.pk),
        CONTACT,
        **CONTACT,
    ),
    _form("contact-update", "admin", _url("partners:contact-update", lambda s: s.contact.pk), CONTACT, **CONTACT),
    # Users
    _form("user-create", "admin", _url("accounts:user-create"), USER, **USER),
    _form("user-update", "admin", _url("accounts:user-update", lambda s: s.user.pk), USER, **USER),
    # Drafting an agreement
    _form(
        "agreement-create",
        "planner",
        _url("agreements:agreement-create"),
        ["title", "registry_number"],
        committee=pk(lambda s: s.committee),
        title=text,
        registry_number=text,
        start=one_of_values("blank", "defaults", "copy"),
        copy_from=pk(lambda s: [s.draft, s.signed]),
    ),
    _form(
        "version-basic-facts",
        "planner",
        _url("agreements:version-edit", lambda s: s.draft.pk, "basics"),
        ["title", "registry_number", "signing_place"],
        lock_version=DRAFT_LOCK,
        **BASIC,
    ),
    *[
        _form(
            f"version-{part}",
            "planner",
            _url("agreements:version-edit", lambda s: s.draft.pk, part),
            names,
            lock_version=DRAFT_LOCK,
            planned_participants=numbers,
            **{name: text for name in names},
        )
        for part, names in PART_FIELDS.items()
    ],
    _form(
        "party-add",
        "planner",
        _url("agreements:parties", lambda s: s.draft.pk),
        ["description"],
        lock_version=DRAFT_LOCK,
        organisation=pk(lambda s: [s.organisation, s.other_organisation]),
        description=text,
    ),
    _form(
        "party-edit",
        "planner",
        _url("agreements:party-edit", lambda s: s.draft.pk, lambda s: s.partner_party.pk),
        ["description"],
        lock_version=DRAFT_LOCK,
        description=text,
        contact=pk(lambda s: s.contact),
        signatory=pk(lambda s: s.contact),
    ),
    _form(
        "criteria",
        "planner",
        _url("agreements:criteria", lambda s: s.draft.pk),
        ["legal_review", *[f"motivation_{n}" for n in CRITERIA]],
        lock_version=DRAFT_LOCK,
        legal_review=text,
        **{f"judgement_{n}": one_of_values("", *Judgement.values) for n in CRITERIA},
        **{f"motivation_{n}": text for n in CRITERIA},
    ),
    _form(
        "responsibility-add",
        "planner",
        _url("agreements:items", lambda s: s.draft.pk, "responsibilities"),
        ["text"],
        lock_version=DRAFT_LOCK,
        party=pk(lambda s: s.partner_party),
        text=text,
    ),
    _form(
        "activity-add",
        "planner",
        _url("agreements:items", lambda s: s.draft.pk, "activities"),
        ["name", "description"],
        lock_version=DRAFT_LOCK,
        name=text,
        description=text,
    ),
    _form(
        "section-add",
        "planner",
        _url("agreements:items", lambda s: s.draft.pk, "chapters"),
        ["heading", "body"],
        lock_version=DRAFT_LOCK,
        heading=text,
        body=text,
    ),
    _form(
        "section-edit",
        "planner",
        _url("agreements:item-edit", lambda s: s.draft.pk, "chapters", lambda s: s.draft_item("sections").pk),
        ["heading", "body"],
        lock_version=DRAFT_LOCK,
        heading=text,
        body=text,
    ),
    _form(
        "responsibility-edit",
        "planner",
        _url(
            "agreements:item-edit",
            lambda s: s.draft.pk,
            "responsibilities",
            lambda s: s.draft_item("responsibilities").pk,
        ),
        ["text"],
        lock_version=DRAFT_LOCK,
        party=pk(lambda s: s.partner_party),
        text=text,
    ),
    _form(
        "default-text",
        "admin",
        _url("agreements:default-text-edit", "value_base"),
        ["text"],
        text=text,
    ),
    # The life cycle
    _form(
        "decide",
        "planner",
        _url("agreements:version-decide", lambda s: s.ready.pk),
        ["decision_body", "decision_reference"],
        decision_body=text,
        decision_date=recent,
        decision_reference=text,
    ),
    _form(
        "sign",
        "planner",
        _url(
            "agreements:version-sign",
            lambda s: s.decided.pk,
            lambda s: s.decided.versions.get().parties.get(committee__isnull=False).pk,
        ),
        ["signatory_name", "signatory_title", "place"],
        signatory_name=text,
        signatory_title=text,
        place=text,
        date=dates(near=2500),
    ),
    _form(
        "extend",
        "planner",
        _url("agreements:agreement-extend", lambda s: s.signed.pk),
        ["decision_body", "decision_reference"],
        decision_body=text,
        decision_date=recent,
        decision_reference=text,
    ),
    _form(
        "terminate",
        "planner",
        _url("agreements:agreement-terminate", lambda s: s.signed.pk),
        ["reason"],
        party=pk(lambda s: list(s.signed_version.parties.all())),
        notice_date=recent,
        end_date=dates(near=30),
        reason=text,
    ),
    _form(
        "renew",
        "planner",
        _url("agreements:agreement-renew", lambda s: s.signed.pk),
        ["registry_number"],
        registry_number=text,
        also_replaces=pks(lambda s: [s.signed, s.draft]),
    ),
    Form(
        "import",
        "admin",
        _url("agreements:agreement-import"),
        lambda s: st.fixed_dictionaries({"file": import_file(s)}),
    ),
    Form(
        "scan-upload",
        "planner",
        _url("agreements:scan-upload", lambda s: s.signed.pk, 1),
        lambda s: st.fixed_dictionaries({"file": scan_file(s)}),
    ),
    _form(
        "scan-withdraw",
        "planner",
        _url("agreements:scan-withdraw", lambda s: s.scanned.pk, 1),
        ["reason"],
        reason=text,
    ),
    # Money
    _form(
        "contribution-add",
        "planner",
        _url("finance:draft-money", lambda s: s.draft.pk),
        ["description", "amount", "hours", "hourly_value"],
        fixed={"form": "contribution"},
        lock_version=DRAFT_LOCK,
        party=pk(lambda s: list(s.draft_version.parties.all())),
        kind=one_of_values(*ContributionKind.values),
        description=text,
        amount=numbers,
        hours=numbers,
        hourly_value=numbers,
    ),
    _form(
        "finance-terms",
        "planner",
        _url("finance:draft-money", lambda s: s.draft.pk),
        ["payment_months"],
        fixed={"form": "terms"},
        lock_version=DRAFT_LOCK,
        indexation_from_year=numbers,
        payment_months=st.one_of(st.sampled_from(["1", "1,7", " 3 , 6,9,12 ", "13", "0", "1,,2"]), numbers),
    ),
    _form(
        "distribution-add",
        "planner",
        _url("finance:draft-money", lambda s: s.draft.pk),
        ["amount"],
        fixed={"form": "distribution"},
        lock_version=DRAFT_LOCK,
        party=pk(lambda s: s.partner_party),
        period_start=dates(near=3000),
        period_end=dates(near=3000),
        amount=numbers,
    ),
    _form(
        "payment",
        "planner",
        _url("finance:payment-create", lambda s: s.signed.pk),
        ["reference", "amount"],
        recipient=pk(lambda s: [s.organisation, s.other_organisation]),
        date=recent,
        amount=numbers,
        reference=text,
    ),
    _form(
        "repayment",
        "planner",
        _url("finance:repayment-create", lambda s: s.signed.pk),
        ["reason", "amount"],
        debtor=pk(lambda s: s.organisation),
        claimed_on=recent,
        amount=numbers,
        reason=text,
    ),
    _form(
        "repayment-settle",
        "planner",
        _url("finance:repayment-settle", lambda s: s.signed.pk, lambda s: s.repayment.pk),
        settled_on=recent,
    ),
    _form(
        "opi-create",
        "admin",
        _url("finance:index-create"),
        ["year", "percent", "published", "source"],
        year=st.one_of(st.integers(1990, 2110).map(str), numbers),
        percent=numbers,
        status=one_of_values(*IndexStatus.values),
        published=st.one_of(st.sampled_from(["2026-02", "2026-02-15", "2026-2"]), recent, text),
        source=st.one_of(st.just("skr.se/opi"), text),
    ),
    _form(
        "opi-update",
        "admin",
        _url("finance:index-update", lambda s: s.index_value.pk),
        ["percent", "published", "source"],
        year=st.one_of(st.integers(1990, 2110).map(str), numbers),
        percent=numbers,
        status=one_of_values(*IndexStatus.values),
        published=st.one_of(st.sampled_from(["2026-02", "2026-02-15"]), text),
        source=text,
    ),
    # Hours
    _form(
        "hours-month",
        "reporter",
        _url("followup:hours-month", lambda s: s.signed.pk, lambda s: s.organisation.pk, lambda s: f"{s.month:%Y-%m}"),
        ["place", "note", "hours"],
        date=dates(near=40),
        whole_month=booleans,
        activity=pk(lambda s: s.activities),
        hours=numbers,
        volunteers=numbers,
        place=text,
        note=text,
    ),
    Form(
        "hours-sheet",
        "reporter",
        _url("followup:hours-sheet", lambda s: s.signed.pk, lambda s: s.organisation.pk, lambda s: f"{s.month:%Y-%m}"),
        sheet_cells,
    ),
    Form(
        "hours-upload",
        "reporter",
        _url("followup:hours-upload", lambda s: s.signed.pk, lambda s: s.organisation.pk),
        lambda s: st.fixed_dictionaries(
            {"file": hours_file(s)}, optional={"action": one_of_values("save", "preview"), "token": text}
        ),
    ),
    _form(
        "hours-return",
        "planner",
        _url("followup:hours-return", lambda s: s.submitted_report.pk),
        ["comment"],
        comment=text,
        next=st.one_of(st.just("/timmar/granskning/"), st.just("https://evil.example/"), text),
    ),
    # Follow-up
    _form(
        "follow-up-rule",
        "planner",
        _url("followup:rule-save", lambda s: s.signed.pk),
        ["months"],
        kind=one_of_values(*MeetingKind.values),
        months=st.one_of(st.sampled_from(["12", "3,6,9,12", "4, 10", "13", "0", "١٢", "²", ",,"]), numbers, text),
        convened_by=one_of_values(*Convener.values),
    ),
    _form(
        "meeting-create",
        "planner",
        _url("followup:meeting-create", lambda s: s.signed.pk),
        ["place", "minutes"],
        **MEETING,
    ),
    _form(
        "meeting-update",
        "planner",
        _url("followup:meeting-update", lambda s: s.meeting.pk),
        ["place", "agenda"],
        **MEETING,
    ),
    _form(
        "action-item",
        "planner",
        _url("followup:action-create", lambda s: s.meeting.pk),
        ["action-text", "action-owner"],
        **{
            "action-text": text,
            "action-owner": text,
            "action-owner_organisation": pk(lambda s: [s.organisation, s.other_organisation]),
            "action-due_date": dates(near=30),
        },
    ),
    _form(
        "material",
        "reporter",
        _url("followup:material-create", lambda s: s.meeting.pk),
        ["material-text"],
        **{"material-organisation": pk(lambda s: [s.organisation, s.other_organisation]), "material-text": text},
    ),
    _form(
        "yearly",
        "planner",
        _url("followup:yearly-edit", lambda s: s.signed.pk, lambda s: s.today.year),
        ["indicators"],
        participants_reached=numbers,
        indicators=text,
    ),
    _form(
        "narrative-partner",
        "reporter",
        _url("followup:narrative-edit", lambda s: s.signed.pk, lambda s: s.yearly.year),
        ["text"],
        escape_with={"party": "Resurspoolen"},
        party=st.one_of(st.just("Resurspoolen"), st.just("Äldrenämnden"), text),
        text=text,
    ),
    _form(
        "narrative-planner",
        "planner",
        _url("followup:narrative-edit", lambda s: s.signed.pk, lambda s: s.today.year),
        ["text"],
        escape_with={"party": "Resurspoolen"},
        party=st.one_of(st.just("Resurspoolen"), st.just("Äldrenämnden"), text),
        text=text,
    ),
]

# --- Posting and checking -------------------------------------------------------------------------


def snapshot():
    """Every row of every project table, the history tables included (plain SQL: this runs
    twice for every example)."""
    with connection.cursor() as cursor:
        rows = {}
        for table in _tables():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")  # noqa: S608
            rows[table] = cursor.fetchall()
    return rows


@cache
def _tables():
    return [
        model._meta.db_table
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
        if model._meta.label not in RECORDS_REFUSALS
    ]


@contextmanager
def rolled_back():
    """The post's changes are undone afterwards: every example starts from the same scene."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _strings(values):
    for value in values:
        if isinstance(value, str):
            yield value
        elif isinstance(value, list | tuple):
            yield from _strings(value)


def _new_rows(before, after):
    for label, rows in after.items():
        known = set(map(repr, before.get(label, [])))
        yield from ((label, row) for row in rows if repr(row) not in known)


def _login(client, scene, persona):
    user = getattr(scene, persona)
    if getattr(client, "_fuzz_user", None) != user.pk:
        client.force_login(user)
        client._fuzz_user = user.pk


def post(client, url, data):
    """Post the data and check what a post must never do. Returns the response and whether it
    succeeded (a redirect with a success message)."""
    client.cookies.pop("messages", None)  # only this post's messages count
    before = snapshot()
    response = client.post(url, data)
    assert response.status_code < 500
    succeeded = response.status_code == 302 and any(
        message.level == SUCCESS for message in get_messages(response.wsgi_request)
    )
    after = snapshot()
    if not succeeded:
        changed = {label for label in after if after[label] != before[label]}
        assert not changed, f"refused with {response.status_code}, yet these tables changed: {sorted(changed)}"
    else:
        for label, row in _new_rows(before, after):
            assert not any("\x00" in value for value in _strings(row)), f"NUL stored in {label}: PostgreSQL refuses it"
    posted = " ".join(_strings(data.values()))
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        content = response.content.decode()
        for marker in HOSTILE_MARKUP:
            if marker in posted:
                assert marker not in content, f"{marker} shown unescaped"
    return response, succeeded


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.name)
@FUZZ
@given(data=st.data())
def test_random_and_hostile_posts_never_fail_and_refusals_save_nothing(form, scene, client, data):
    _login(client, scene, form.user)
    url = form.url(scene)
    posted = data.draw(scene.strategy(form), label="posted")
    with rolled_back():
        post(client, url, posted)


@pytest.mark.parametrize("form", [form for form in FORMS if form.text_fields], ids=lambda form: form.name)
def test_hostile_markup_is_shown_escaped(form, scene, client):
    """Markup in every text field comes back as text: in the form shown again with its
    errors, or on the page the post leads to."""
    _login(client, scene, form.user)
    response, _succeeded = post(
        client, form.url(scene), {**form.fixed, **form.escape_with, **dict.fromkeys(form.text_fields, HOSTILE_TEXT)}
    )
    if response.status_code == 200:
        assert ESCAPED in response.content.decode()  # the typed text is kept, as text
    else:
        assert response.status_code == 302
        response = client.get(response["Location"])
        assert response.status_code == 200
    content = response.content.decode()
    assert SCRIPT not in content
    assert IMG not in content


# --- What the fuzzing found, kept as plain examples ---------------------------------------------


def test_a_next_address_that_is_no_path_is_ignored(scene, client):
    _login(client, scene, "planner")
    url = reverse("followup:hours-return", args=[scene.submitted_report.pk])
    response, succeeded = post(client, url, {"comment": "Fel dag", "next": "0"})
    assert succeeded
    assert response["Location"] == reverse("followup:hours-review")


def test_a_return_comment_with_a_nul_character_is_refused(scene, client):
    _login(client, scene, "planner")
    url = reverse("followup:hours-return", args=[scene.submitted_report.pk])
    response, succeeded = post(client, url, {"comment": "Fel\x00dag"})
    assert response.status_code == 400  # iop.core.nul refuses the whole request
    assert not succeeded
    scene.submitted_report.refresh_from_db()
    assert scene.submitted_report.status == "submitted"


def test_an_id_too_large_for_the_database_is_refused_like_an_unknown_one(scene, client):
    _login(client, scene, "planner")
    url = reverse("agreements:agreement-renew", args=[scene.signed.pk])
    response, _succeeded = post(client, url, {"registry_number": "ÄN 2026-9", "also_replaces": [str(2**63)]})
    assert response.status_code == 200
    assert "also_replaces" in response.context["form"].errors
