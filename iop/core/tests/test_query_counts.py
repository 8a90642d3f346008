"""Every page runs at most 20 queries, and as many with 50 listed rows as with one.

One table per kind of data: a builder makes the rows a page lists (agreements, the parties
of one agreement, register entries), and each page of the table is opened as the persona
who uses it. A page is measured with one row and again with 50: the count must not grow
(an N+1 query is a bug) and must stay within the budget. The session is saved on every
request and each request runs in a transaction (savepoints under the test runner): those
queries are real and counted. The PDFs are pages too: WeasyPrint runs no SQL, but what the
document prints is read from the database.

Some pages have deeper tests of their own (finance/tests/test_overview.py,
followup/hours/tests/test_review.py, …); this file is the one place that shows every page.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from agreements import services as agreement_services
from agreements.tests.factories import make_agreement
from finance import services as finance_services
from finance.models import ContributionKind, IndexStatus
from finance.tests.factories import _sign, add_contribution, refreshed, set_terms
from followup.desk import services as desk_services
from followup.hours import services as followup_services
from followup.hours.services import agreement_activities
from followup.meetings import services as meetings
from followup.models import Convener, MeetingKind
from iop.accounts.models import Role
from iop.accounts.tests.factories import UserFactory
from partners.tests.factories import (
    AdministrationFactory,
    CommitteeFactory,
    ContactFactory,
    MunicipalityFactory,
    OrganisationFactory,
    org_number,
)

BUDGET = 20
# The request's transaction (ATOMIC_REQUESTS) and the session's save are the outermost ones in
# production: BEGIN and COMMIT, which Django does not log. Under the test runner both nest in
# the test's transaction and become savepoints; those four statements are not the page's.
TEST_ONLY = re.compile(r"^(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT) ")
ONE, MANY = 1, 50
D = datetime.date
TODAY = timezone.localdate()
LAST_YEAR = TODAY.year - 1


@dataclass
class World:
    """The personas and the objects the builders made, for the pages' URLs."""

    personas: dict
    objects: dict = field(default_factory=dict)
    made: int = 0  # a running number for unique registry numbers and names

    def next(self):
        self.made += 1
        return self.made


@dataclass(frozen=True)
class Page:
    name: str
    persona: str
    url: object  # World → URL
    settings: dict = field(default_factory=dict)  # what the page is opened with


def page(name, persona, url, **settings):
    return Page(name, persona, url, settings)


def url(name, *args, query=""):
    return lambda world: reverse(name, args=[arg(world) if callable(arg) else arg for arg in args]) + query


def obj(key, attribute="pk"):
    return lambda world: getattr(world.objects[key], attribute)


def count_queries(client, path):
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200, f"{path}: {response.status_code}"
    return len([query for query in context.captured_queries if not TEST_ONLY.match(query["sql"])])


# --- Builders ----------------------------------------------------------------------------------


def agreement_in_force(world, partners, *, committee=None):
    """A signed agreement in force today: money from the committee, hours from each partner,
    three activities, paid in January."""
    number = world.next()
    agreement = make_agreement(
        committee=committee or world.personas["committee_x"],
        partners=partners,
        registry_number=f"QC {number}",
        title=f"Partnerskap {number}",
        start=D(LAST_YEAR, 1, 1),
        end=D(TODAY.year + 1, 12, 31),
    )
    version = agreement.versions.get()
    committee_party, *partner_parties = version.parties.order_by("order")
    for name in ("Träffpunkt", "Promenader", "Snickeri"):
        version = refreshed(version)
        agreement_services.item_add(
            by=None, version=version, lock_version=version.lock_version, kind="activity", name=name
        )
    add_contribution(version, committee_party, ContributionKind.MONEY, amount=Decimal("600000"))
    for party in partner_parties:
        add_contribution(version, party, ContributionKind.HOURS, hours=Decimal("1000"), hourly_value=Decimal("214"))
    set_terms(version, indexation_from_year=TODAY.year, payment_months="1")
    _sign(version, decision=D(LAST_YEAR - 1, 11, 20), signed=D(LAST_YEAR - 1, 12, 16))
    return agreement


def log_hours(agreement, organisation, *, day=10, month=1):
    return followup_services.hours_log(
        by=None,
        agreement=agreement,
        organisation=organisation,
        activity=agreement_activities(agreement).first(),
        date=D(LAST_YEAR, month, day),
        hours=Decimal("5"),
        volunteers=2,
    )


def build_agreements(world, count):
    """`count` agreements in force of the planner's committee with organisation A as partner,
    each with a follow-up rule, a meeting and its open action, a submitted month of hours
    and a payment: what the start pages, lists, overviews and the calendar read."""
    organisation = world.personas["organisation_a"]
    for _ in range(count):
        agreement = agreement_in_force(world, [organisation])
        meetings.rule_save(
            by=None, agreement=agreement, kind=MeetingKind.FOLLOW_UP, months="3", convened_by=Convener.PARTNERS
        )
        meeting = meetings.meeting_save(
            by=None,
            agreement=agreement,
            kind=MeetingKind.FOLLOW_UP,
            date=D(LAST_YEAR, 3, 10),
            convened_by=Convener.PARTNERS,
        )
        meetings.action_item_add(
            by=None,
            meeting=meeting,
            text="Ta fram statistik",
            owner="Resurspoolen",
            due_date=D(LAST_YEAR, 4, 1),
            owner_organisation=organisation,
        )
        followup_services.hours_submit_month(by=None, report=log_hours(agreement, organisation).report)
        finance_services.payment_register(
            by=None, agreement=agreement, recipient=organisation, date=D(LAST_YEAR, 1, 20), amount=Decimal("1000")
        )
        world.objects["agreement"] = agreement


def build_one_agreement(world, count):
    """One agreement in force with `count` partners (organisation A first), each with hours;
    `count` meetings, the last with `count` actions and materials; `count` payments;
    `count` hour entries of organisation A in one month; a yearly follow-up with `count`
    narratives; and a draft amendment (version 2) with `count` responsibilities and chapters
    that the drafting pages and the draft's PDF show."""
    organisation = world.personas["organisation_a"]
    partners = [organisation] + [OrganisationFactory() for _ in range(count - 1)]
    with override_settings(FREEZE_SIGNED_PDF=True):  # as in production: the signed PDF is kept
        agreement = agreement_in_force(world, partners)
    meetings.rule_save(
        by=None, agreement=agreement, kind=MeetingKind.FOLLOW_UP, months="3", convened_by=Convener.COMMITTEE
    )
    for day in range(count):
        meeting = meetings.meeting_save(
            by=None,
            agreement=agreement,
            kind=MeetingKind.OPERATIONAL,
            date=D(LAST_YEAR, 1, 1) + datetime.timedelta(day),
            convened_by=Convener.COMMITTEE,
        )
    for number, partner in enumerate(partners):
        meetings.action_item_add(
            by=None, meeting=meeting, text=f"Åtgärd {number}", owner="N", due_date=D(LAST_YEAR, 6, 1)
        )
        meetings.material_add(by=None, meeting=meeting, organisation=partner, text=f"Underlag {number}")
        finance_services.payment_register(
            by=None, agreement=agreement, recipient=partner, date=D(LAST_YEAR, 1, 20), amount=Decimal("100")
        )
    for number in range(count):
        entry = log_hours(agreement, organisation, day=1 + number % 28)
    followup_services.hours_submit_month(by=None, report=entry.report)
    follow_up = meetings.yearly_follow_up_save(by=None, agreement=agreement, year=LAST_YEAR, participants_reached=40)
    for number, partner in enumerate(partners):
        meetings.narrative_save(
            by=None, follow_up=follow_up, party_name=partner.name, text=f"Berättelse {number}", organisation=partner
        )
    agreement_services.agreement_amend(by=None, agreement=agreement)
    draft = agreement.versions.get(number=2)
    for number, party in enumerate(draft.parties.order_by("order")):
        draft = refreshed(draft)
        agreement_services.item_add(
            by=None, version=draft, lock_version=draft.lock_version, kind="responsibility", party=party, text="Ansvar"
        )
        draft = refreshed(draft)
        agreement_services.item_add(
            by=None, version=draft, lock_version=draft.lock_version, kind="section", heading=f"Kapitel {number}"
        )
    world.objects["agreement"] = agreement
    world.objects["meeting"] = meeting
    world.objects["party"] = draft.parties.get(organisation=organisation)


def build_register(world, count):
    """`count` of each register entry, contacts of organisation A, committee X and an
    administration, users bound to committees and organisations, and OPI years."""
    municipality = MunicipalityFactory()
    administration = world.objects.get("administration") or AdministrationFactory(municipality=municipality)
    world.objects["administration"] = administration
    committee = world.personas["committee_x"]
    organisation = world.personas["organisation_a"]
    for _ in range(count):
        number = world.next()
        new_committee = CommitteeFactory(municipality=municipality)
        administration.committees.add(new_committee)
        AdministrationFactory(
            municipality=MunicipalityFactory(name=f"Kommun {number}", org_number=org_number(900_000 + number))
        )
        OrganisationFactory()
        ContactFactory(organisation=organisation)
        ContactFactory(organisation=None, committee=committee)
        ContactFactory(organisation=None, administration=administration)
        UserFactory(role=Role.PLANNER, committees=[new_committee])
        UserFactory(role=Role.PARTNER, organisations=[organisation])
        finance_services.index_value_save(
            by=None,
            year=2040 + number,
            percent=Decimal("2.5"),
            status=IndexStatus.DEFINITIVE,
            published=f"{2040 + number}-04",
        )


# --- The pages ---------------------------------------------------------------------------------

AGREEMENT = obj("agreement")
CALENDAR = lambda world: world.objects["calendar_token"]  # noqa: E731

AGREEMENT_LISTS = [
    page("start page", "planner", url("desk:start")),
    page("start page", "partner_a", url("desk:start")),
    page("start page", "administrator", url("desk:start")),
    page("start page", "viewer", url("desk:start")),
    page("agreement list", "planner", url("agreements:agreement-list")),
    page("agreement list", "partner_a", url("agreements:agreement-list")),
    page("committee overview", "planner", url("finance:committee-overview")),
    page("committee overview csv", "planner", url("finance:committee-overview-export", "csv")),
    page("committee overview xlsx", "planner", url("finance:committee-overview-export", "xlsx")),
    page("municipality overview", "administrator", url("finance:municipality-overview")),
    page("hours home", "partner_a", url("followup:hours-home")),
    page("hours home", "planner", url("followup:hours-home")),
    page("hours review", "planner", url("followup:hours-review")),
    page("hours review, all", "administrator", url("followup:hours-review", query="?status=all")),
    page("hours progress", "planner", url("followup:hours-progress")),
    page("hours progress", "partner_a", url("followup:hours-progress")),
    page("hours progress csv", "planner", url("followup:hours-progress-export", "csv")),
    page("hours progress xlsx", "planner", url("followup:hours-progress-export", "xlsx")),
    page("organisation detail", "planner", url("partners:organisation-detail", obj("organisation_a"))),
    page("committee detail", "planner", url("partners:committee-detail", obj("committee_x"))),
    page("calendar settings", "planner", url("followup:calendar-settings")),
    page("calendar feed", "planner", url("followup:calendar-feed", obj("calendar_planner", "token"))),
    page("calendar feed", "partner_a", url("followup:calendar-feed", obj("calendar_partner_a", "token"))),
]

YEAR = LAST_YEAR
MONTH = f"{LAST_YEAR}-01"
ORGANISATION = obj("organisation_a")
AGREEMENT_PAGES = [
    page("agreement detail", "planner", url("agreements:agreement-detail", AGREEMENT)),
    page("agreement detail", "partner_a", url("agreements:agreement-detail", AGREEMENT)),
    page("version detail", "planner", url("agreements:version-detail", AGREEMENT, 1)),
    page("version compare", "planner", url("agreements:version-compare", AGREEMENT)),
    page("agreement history", "planner", url("agreements:agreement-history", AGREEMENT)),
    page("agreement history, money", "planner", url("agreements:agreement-history", AGREEMENT, query="?del=ekonomi")),
    page(
        "agreement history, hours and follow-up",
        "planner",
        url("agreements:agreement-history", AGREEMENT, query="?del=uppfoljning"),
    ),
    page("agreement export json", "planner", url("agreements:agreement-export", AGREEMENT)),
    page("finance page", "planner", url("finance:agreement-finance", AGREEMENT)),
    page("finance page", "partner_a", url("finance:agreement-finance", AGREEMENT)),
    page("follow-up", "planner", url("followup:follow-up", AGREEMENT)),
    page("meeting detail", "planner", url("followup:meeting-detail", obj("meeting"))),
    page("meeting detail", "partner_a", url("followup:meeting-detail", obj("meeting"))),
    page("meeting form", "planner", url("followup:meeting-update", obj("meeting"))),
    page("new meeting form", "planner", url("followup:meeting-create", AGREEMENT)),
    page("yearly follow-up", "planner", url("followup:yearly", AGREEMENT, YEAR)),
    page("yearly follow-up", "partner_a", url("followup:yearly", AGREEMENT, YEAR)),
    page("yearly follow-up csv", "planner", url("followup:yearly-export", AGREEMENT, YEAR)),
    page("yearly follow-up form", "planner", url("followup:yearly-edit", AGREEMENT, YEAR)),
    page("narrative form", "partner_a", url("followup:narrative-edit", AGREEMENT, YEAR, query="?party=Resurspoolen")),
    page("hours month", "partner_a", url("followup:hours-month", AGREEMENT, ORGANISATION, MONTH)),
    page("hours month", "planner", url("followup:hours-month", AGREEMENT, ORGANISATION, MONTH)),
    page("hours sheet", "partner_a", url("followup:hours-sheet", AGREEMENT, ORGANISATION, MONTH)),
    page("hours upload", "partner_a", url("followup:hours-upload", AGREEMENT, ORGANISATION)),
    page(
        "hours progress of the agreement",
        "planner",
        lambda w: f"{reverse('followup:hours-progress')}?agreement={w.objects['agreement'].pk}&year={YEAR}",
    ),
    page("draft: parties", "planner", url("agreements:parties", AGREEMENT)),
    page("draft: party", "planner", url("agreements:party-edit", AGREEMENT, obj("party"))),
    page("draft: criteria", "planner", url("agreements:criteria", AGREEMENT)),
    page("draft: basic facts", "planner", url("agreements:version-edit", AGREEMENT, "basics")),
    page("draft: terms", "planner", url("agreements:version-edit", AGREEMENT, "conditions")),
    page("draft: responsibilities", "planner", url("agreements:items", AGREEMENT, "responsibilities")),
    page("draft: activities", "planner", url("agreements:items", AGREEMENT, "activities")),
    page("draft: chapters", "planner", url("agreements:items", AGREEMENT, "chapters")),
    page("draft: money", "planner", url("finance:draft-money", AGREEMENT)),
    # The PDFs: the draft rendered, the signed version as it was archived at signing, the
    # draft's HTML for developers (DEBUG only) and the yearly follow-up material.
    page("version pdf, draft", "planner", url("agreements:version-pdf", AGREEMENT, 2)),
    page("version pdf, signed", "planner", url("agreements:version-pdf", AGREEMENT, 1)),
    page("version pdf, signed", "partner_a", url("agreements:version-pdf", AGREEMENT, 1)),
    page("version word, draft", "planner", url("agreements:version-docx", AGREEMENT, 2)),
    page("version word, signed", "partner_a", url("agreements:version-docx", AGREEMENT, 1)),
    page("version pdf preview", "planner", url("agreements:version-pdf-preview", AGREEMENT, 2), DEBUG=True),
    page("yearly follow-up pdf", "planner", url("followup:yearly-pdf", AGREEMENT, YEAR)),
    page("yearly follow-up pdf", "partner_a", url("followup:yearly-pdf", AGREEMENT, YEAR)),
]

REGISTER_PAGES = [
    page("organisation list", "planner", url("partners:organisation-list")),
    page("organisation detail", "planner", url("partners:organisation-detail", ORGANISATION)),
    page("organisation detail", "partner_a", url("partners:organisation-detail", ORGANISATION)),
    page("organisation form", "planner", url("partners:organisation-update", ORGANISATION)),
    page("committee list", "planner", url("partners:committee-list")),
    page("committee detail", "planner", url("partners:committee-detail", obj("committee_x"))),
    page("administration list", "planner", url("partners:administration-list")),
    page("administration detail", "planner", url("partners:administration-detail", obj("administration"))),
    page("administration form", "administrator", url("partners:administration-update", obj("administration"))),
    page("municipality list", "planner", url("partners:municipality-list")),
    page("municipality detail", "planner", url("partners:municipality-detail", obj("committee_x", "municipality_id"))),
    page("user list", "administrator", url("accounts:user-list")),
    page("user form", "administrator", url("accounts:user-update", obj("planner"))),
    page("new user form", "administrator", url("accounts:user-create")),
    page("OPI list", "planner", url("finance:index-list")),
    page("OPI list", "administrator", url("finance:index-list")),
    page("default texts", "administrator", url("agreements:default-texts")),
    page("default text form", "administrator", url("agreements:default-text-edit", "value_base")),
    page("new agreement form", "planner", url("agreements:agreement-create")),
    page("agreement import", "administrator", url("agreements:agreement-import")),
    page("password change", "partner_a", url("accounts:password-change")),
]

SCENARIOS = {
    # name: (builder, pages, whether the 50 rows are added to the first one's page)
    "agreements": (build_agreements, AGREEMENT_LISTS, True),
    "one agreement with many parts": (build_one_agreement, AGREEMENT_PAGES, False),
    "register": (build_register, REGISTER_PAGES, True),
}

PERSONAS = ["administrator", "planner", "partner_a", "viewer", "committee_x", "organisation_a"]


@pytest.fixture
def world(db, request):
    world = World({name: request.getfixturevalue(name) for name in PERSONAS})
    world.objects.update(world.personas)
    for name in ("planner", "partner_a"):
        world.objects[f"calendar_{name}"] = desk_services.calendar_token_get_or_create(user=world.personas[name])
    return world


def measure(world, client, pages, *, warm):
    counts = {}
    for entry in pages:
        client.force_login(world.personas[entry.persona])
        path = entry.url(world)
        with override_settings(**entry.settings):
            if warm:  # one-time lookups (content types, translations) are not the page's
                client.get(path)
            counts[(entry.name, entry.persona)] = count_queries(client, path)
    return counts


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_page_runs_at_most_20_queries_however_many_rows(scenario, world, client):
    build, pages, cumulative = SCENARIOS[scenario]
    build(world, ONE)
    one = measure(world, client, pages, warm=True)
    build(world, MANY - ONE if cumulative else MANY)
    many = measure(world, client, pages, warm=False)  # the first round warmed the one-time lookups

    most = {key: max(one[key], many[key]) for key in one}
    over_budget = {key: count for key, count in most.items() if count > BUDGET}
    growing = {key: (one[key], many[key]) for key in one if many[key] > one[key]}
    # Every offending page at once, so a failure names all of them.
    report = [f"{name} as {persona}: {count} queries" for (name, persona), count in over_budget.items()]
    report += [f"{name} as {persona}: {a} → {b} queries" for (name, persona), (a, b) in growing.items()]
    assert not report, "\n".join(report)


def test_the_administrators_start_page_counts_the_register(administrator, planner, partner_a, client):
    """The three counts come from one query (a UNION, to fit the budget): each is still its own table's."""
    UserFactory(role=Role.VIEWER, is_active=False)  # not counted
    CommitteeFactory()
    client.force_login(administrator)
    response = client.get(reverse("desk:start"))
    assert response.context["counts"] == {"organisations": 1, "committees": 2, "users": 3}
