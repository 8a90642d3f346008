# Long module: one table of every URL of the project, and the scene its rows point at.
"""The scene and the expectations of the access matrix (see test_access_matrix.py).

Two sides of the municipality (Linköping), each with everything a URL can point at:

- side "a": organisation Ankeborgs vänner, committee Äldrenämnden (planner_x's);
- side "b": organisation Bullerbyns vänner, committee Bildningsnämnden (planner_y's).

partner_a and planner_x call side "a" their own and side "b" the other; partner_b and
planner_y the reverse. Viewer, administrator and anonymous have no side: "own" means "a"
and "other" means "b" for them, and both must give the same answer. The column
"administrator" is the installation's superuser.

Every text that belongs to one side carries its marker ("Ankeborg"/"ANK 20" or
"Bullerby"/"BUL 20"), so a page can be searched for what a partner must never read.

A second municipality (Qvarnby, side "m") has the same again, with its own planner and
administrator; Linköping has a plain administrator too (admin_a, no superuser). Their
texts are in MUNICIPAL_MARKERS, what the other municipality's staff must never read; the
rows' `foreign` says what they get on its objects where that is not 404 (ACROSS). An
organisation shared by both ("Delade vänner") is party to an agreement in each, and its
partner reads both.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from agreements import document, scans
from agreements import services as agreement_services
from agreements.tests.factories import make_agreement, scan_pdf
from finance import services as finance_services
from finance.models import ContributionKind, IndexStatus
from finance.tests.factories import add_contribution
from followup.desk import services as desk_services
from followup.hours import services as followup_services
from followup.meetings import services as meetings
from followup.models import Convener, MeetingKind
from followup.tests.factories import hours_agreement
from iop.accounts.models import Role
from iop.accounts.tests.factories import UserFactory
from partners.orgnr import luhn_check_digit
from partners.tests.factories import (
    AdministrationFactory,
    CommitteeFactory,
    ContactFactory,
    MunicipalityFactory,
    OrganisationFactory,
)

PERSONAS = ("anonymous", "partner_a", "partner_b", "planner_x", "planner_y", "viewer", "administrator")
HOME = {"partner_a": "a", "planner_x": "a", "partner_b": "b", "planner_y": "b"}
MARKERS = {"a": ("Ankeborg", "ANK 20"), "b": ("Bullerby", "BUL 20")}
OTHER = "Qvarnby"  # municipality B: every text of its own carries the name
# What the staff of one municipality must never read of the other's: municipality B's marked
# texts (its organisation is shared and unmarked); of Linköping, both sides' texts that are
# the municipality's (the organisations' names are shared, so they are not among them).
MUNICIPAL_MARKERS = {
    "m": (OTHER, "QVB 20"),
    "a": (
        "ANK 20",
        "BUL 20",
        "Partnerskap Ankeborg",
        "Partnerskap Bullerby",
        "Ankeborgförvaltningen",
        "Bullerbyförvaltningen",
        "Protokoll Ankeborg",
        "Vår gemensamma värdegrund",
        "matrix-planner-",
        "matrix-viewer",
        "matrix-admin",
    ),
}


def kind_of(persona):
    return persona.split("_")[0]


def side_key(persona, relation):
    """The side ("a" or "b") a persona's own or other objects are on."""
    home = HOME.get(persona, "a")
    if relation == "other":  # only personas with a side of their own have "other" cells
        return "b" if home == "a" else "a"
    return home


# --- The scene ----------------------------------------------------------------------------------


def _refreshed(version):
    version.refresh_from_db()
    return version


def _side(key, *, organisation_name, committee_name, prefix, marker, year_of_index, municipality=None):
    """municipality: another one than Linköping (the factories' own); its organisation is not
    marked, for organisations and their contacts are shared by all municipalities."""
    today = timezone.localdate()
    committee = CommitteeFactory(name=committee_name, **({"municipality": municipality} if municipality else {}))
    organisation = OrganisationFactory(name=organisation_name)
    partner = UserFactory(username=f"matrix-partner-{key}", role=Role.PARTNER, organisations=[organisation])
    planner_name = f"{marker}-planner" if municipality else f"matrix-planner-{key}"
    planner = UserFactory(username=planner_name, role=Role.PLANNER, committees=[committee])
    administration = AdministrationFactory(name=f"{marker}förvaltningen", municipality=committee.municipality)
    contact_name = f"Kontakt {organisation_name}" if municipality else f"Kontakt {marker}"
    contact = ContactFactory(organisation=organisation, name=contact_name)
    index_value = finance_services.index_value_save(
        by=None, year=year_of_index, percent=Decimal("2.5"), status=IndexStatus.DEFINITIVE, published="2024-03"
    )

    # An agreement in force today, signed, with activities and an hours commitment.
    signed = hours_agreement(
        organisation=organisation, committee_name=committee_name, committee=committee, registry_number=f"{prefix}-1"
    )
    signed_version = signed.versions.get()
    document.freeze(signed_version)  # once here, not at every download
    scans.scan_store(
        by=None,
        version=signed_version,
        upload=SimpleUploadedFile("scan.pdf", scan_pdf(), content_type="application/pdf"),
    )
    signed_party = signed_version.parties.get(organisation=organisation)
    payment = finance_services.payment_register(
        by=None, agreement=signed, recipient=organisation, date=today, amount=Decimal("1000"), reference=marker
    )
    repayment = finance_services.repayment_claim(
        by=None, agreement=signed, debtor=organisation, claimed_on=today, amount=Decimal("100"), reason=marker
    )

    # Hours: an open month with an entry (this month) and a submitted one (last month).
    activity = followup_services.agreement_activities(signed).first()
    entry = followup_services.hours_log(
        by=None, agreement=signed, organisation=organisation, activity=activity, date=today, hours=2, volunteers=1
    )
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    submitted = followup_services.hours_log(
        by=None, agreement=signed, organisation=organisation, activity=activity, date=last_month, hours=3, volunteers=1
    ).report
    followup_services.hours_submit_month(by=None, report=submitted)

    # The follow-up: a rule, a meeting with an action and material, the year's record.
    rule = meetings.rule_save(
        by=None, agreement=signed, kind=MeetingKind.FOLLOW_UP, months="12", convened_by=Convener.ADMINISTRATION
    )
    meeting = meetings.meeting_save(
        by=None,
        agreement=signed,
        kind=MeetingKind.FOLLOW_UP,
        date=today,
        convened_by=Convener.ADMINISTRATION,
        minutes=f"Protokoll {marker}",
    )
    action = meetings.action_item_add(
        by=None, meeting=meeting, text=f"Åtgärd {marker}", owner="Kim", due_date=today, owner_organisation=organisation
    )
    material = meetings.material_add(by=None, meeting=meeting, organisation=organisation, text=f"Material {marker}")
    follow_up = meetings.yearly_follow_up_save(by=None, agreement=signed, year=today.year, indicators=marker)
    meetings.narrative_save(
        by=None,
        follow_up=follow_up,
        party_name=signed_party.name,
        text=f"Berättelse {marker}",
        organisation=organisation,
    )

    # A draft with an activity and money, one ready for decision, one decided.
    common = {"committee": committee, "partners": [organisation], "title": f"Partnerskap {marker}"}
    draft = make_agreement(registry_number=f"{prefix}-2", state="draft", **common)
    draft_version = draft.versions.get()
    draft_activity = agreement_services.item_add(
        by=None,
        version=draft_version,
        lock_version=_refreshed(draft_version).lock_version,
        kind="activity",
        name=f"Aktivitet {marker}",
    )
    committee_party = draft_version.parties.get(committee=committee)
    contribution = add_contribution(draft_version, committee_party, ContributionKind.MONEY, amount=Decimal("5000"))
    ready = make_agreement(registry_number=f"{prefix}-3", state="ready", **common)
    decided = make_agreement(registry_number=f"{prefix}-4", state="decided", **common)

    return SimpleNamespace(
        key=key,
        organisation=organisation,
        committee=committee,
        municipality=committee.municipality,
        administration=administration,
        contact=contact,
        partner=partner,
        planner=planner,
        index_value=index_value,
        signed=signed,
        signed_party=signed_party,
        payment=payment,
        repayment=repayment,
        entry=entry,
        month=f"{today:%Y-%m}",
        submitted=submitted,
        rule=rule,
        meeting=meeting,
        action=action,
        material=material,
        year=today.year,
        draft=draft,
        draft_party=draft_version.parties.get(organisation=organisation),
        draft_activity=draft_activity,
        contribution=contribution,
        ready=ready,
        decided=decided,
        decided_party=decided.versions.get().parties.get(organisation=organisation),
        token=desk_services.calendar_token_get_or_create(user=partner).token,
    )


def build_scene():
    a = _side(
        "a",
        organisation_name="Ankeborgs vänner",
        committee_name="Äldrenämnden",
        prefix="ANK 2024",
        marker="Ankeborg",
        year_of_index=2098,
    )
    b = _side(
        "b",
        organisation_name="Bullerbyns vänner",
        committee_name="Bildningsnämnden",
        prefix="BUL 2024",
        marker="Bullerby",
        year_of_index=2099,
    )
    agreement_services.default_text_save(
        by=None, municipality=a.planner.municipality, field="value_base", text="Vår gemensamma värdegrund."
    )
    m = _other_municipality()
    users = {
        "anonymous": None,
        "partner_a": a.partner,
        "partner_b": b.partner,
        "planner_x": a.planner,
        "planner_y": b.planner,
        "viewer": UserFactory(username="matrix-viewer", role=Role.VIEWER),
        # The installation's superuser, who sees every municipality.
        "administrator": UserFactory(
            username="matrix-admin", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True
        ),
        # A municipality's own administrators are no superusers.
        "admin_a": UserFactory(username="matrix-admin-a", role=Role.ADMINISTRATOR, municipality=a.municipality),
        "partner_m": m.partner,
        "planner_m": m.planner,
        "admin_m": UserFactory(username=f"{OTHER}-admin", role=Role.ADMINISTRATOR, municipality=m.municipality),
        "partner_shared": m.shared_partner,
    }
    return SimpleNamespace(sides={"a": a, "b": b, "m": m}, users=users)


def _other_municipality():
    """Municipality B, side "m": everything of side "a" again, under a committee of its own, and
    an organisation shared with Linköping, party to one agreement in each municipality."""
    municipality = MunicipalityFactory(name=f"{OTHER} kommun", org_number=f"212000-123{luhn_check_digit('212000123')}")
    m = _side(
        "m",
        organisation_name="Cederbergs vänner",
        committee_name=f"{OTHER} omsorgsnämnd",
        prefix="QVB 2024",
        marker=OTHER,
        year_of_index=2097,
        municipality=municipality,
    )
    agreement_services.default_text_save(
        by=None, municipality=municipality, field="value_base", text=f"{OTHER}s egen värdegrund."
    )
    shared = OrganisationFactory(name="Delade vänner")
    m.shared_partner = UserFactory(username="matrix-partner-shared", role=Role.PARTNER, organisations=[shared])
    m.shared_agreements = {
        "a": make_agreement(
            committee=CommitteeFactory(name="Äldrenämnden"),
            partners=[shared],
            registry_number="ANK 2024-9",
            title="Partnerskap Delade i Linköping",
            state="signed",
        ),
        "m": make_agreement(
            committee=m.committee,
            partners=[shared],
            registry_number="QVB 2024-9",
            title=f"Partnerskap {OTHER}",
            state="signed",
        ),
    }
    return m


# --- The expectations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """What one persona gets: the status, whether it is the redirect to the login page, and
    whether the request may change anything (only allowed writes may)."""

    status: int
    login: bool = False
    writes: bool = False


LOGIN = Cell(302, login=True)


def W(status):  # noqa: N802 - reads as a mark in the tables below
    """An allowed write: the request may change data."""
    return Cell(status, writes=True)


def _cell(value):
    return value if isinstance(value, Cell) else Cell(value)


COLUMNS = ("anonymous", "partner_own", "partner_other", "planner_own", "planner_other", "viewer", "administrator")


def T(*cells):  # noqa: N802 - a row of the table
    """Expected cells in COLUMNS order: anonymous, partner own, partner other, planner own,
    planner other, viewer, administrator."""
    assert len(cells) == len(COLUMNS)
    return dict(zip(COLUMNS, map(_cell, cells), strict=True))


def expected(table, persona, relation):
    kind = kind_of(persona)
    if kind in ("partner", "planner"):
        return table[f"{kind}_{'other' if relation == 'other' else 'own'}"]
    return table[kind]


# --- Across municipalities -----------------------------------------------------------------------
#
# Personas of one municipality against the objects of the other: the side of the other
# municipality, and the column that says what they get on objects of their own. Staff get
# nothing across (404, as outsiders); a partner is an outsider to an organisation of theirs
# anywhere. Municipality B's staff against Linköping's objects are the reverse sample.
ACROSS = {
    "partner_a": ("m", "partner_other"),
    "planner_x": ("m", "planner_own"),
    "viewer": ("m", "viewer"),
    "admin_a": ("m", "administrator"),
    "planner_m": ("a", "planner_own"),
    "admin_m": ("a", "administrator"),
}
SHARED = "shared"  # organisations, their contacts, partner users and the OPI belong to every municipality


def expected_across(row, table, persona, post=False):
    """What a persona of ACROSS gets from the row (GET or POST) on the other municipality's side."""
    side, column = ACROSS[persona]
    cell = table[column]
    if kind_of(persona) == "partner" or row.foreign is SHARED or row.by_token or row.public:
        return cell
    if row.foreign is not None:
        return row.foreign[1 if post else 0][column]
    if not row.has_side or cell.status == 405:  # a list is of one's own; a GET on a POST-only view is refused first
        return cell
    return Cell(404)


# Patterns that recur (columns: anon, partner own, partner other, planner own, planner other, viewer, admin).
#
# Partners read only their own organisation's agreements and what hangs on them; to them
# the others' do not exist (404). Planners read every agreement (public records) and change
# their committees'; viewers read; administrators do everything. A refused writer who may
# read gets 403.
READ = T(LOGIN, 200, 404, 200, 200, 200, 200)
POST_ONLY = T(LOGIN, 405, 405, 405, 405, 405, 405)  # GET on a view that only takes POST
SUPERUSER_ONLY = T(LOGIN, 403, 403, 403, 403, 403, 403)  # the column "administrator" is the superuser


def WRITE(ok):  # noqa: N802
    return T(LOGIN, 403, 404, W(ok), 403, 403, W(ok))


def SIGNED_IN(status=200, writes=False):  # noqa: N802
    cell = W(status) if writes else status
    return T(LOGIN, cell, cell, cell, cell, cell, cell)


def PUBLIC(status=200):  # noqa: N802
    return T(status, status, status, status, status, status, status)


def ADMIN_ONLY(status, refused=403, writes=False):  # noqa: N802
    return T(LOGIN, refused, refused, refused, refused, refused, W(status) if writes else status)


def MUNICIPAL(status=200):  # noqa: N802
    """The municipality's own pages (overviews): partners are refused."""
    return T(LOGIN, 403, 403, status, status, status, status)


# Hours: the partner's to report for their own organisation (administrators may too),
# read by the municipality, approved by the committee's planners.
HOURS_READ = T(LOGIN, 200, 404, 200, 200, 200, 200)


def HOURS_WRITE(ok):  # noqa: N802
    return T(LOGIN, W(ok), 404, 403, 403, 403, W(ok))


def REVIEW(ok, writes=False):  # noqa: N802
    cell = W(ok) if writes else ok
    # A planner of another committee is refused by the service: the page comes back with
    # a message (302) and nothing changes.
    return T(LOGIN, 403, 403, cell, ok, 403, cell)


# The register: municipalities, committees and administrations are the municipality's,
# hidden from partners (the list is refused, an entry does not exist); administrators keep them.
REGISTER_LIST = T(LOGIN, 403, 403, 200, 200, 200, 200)
REGISTER_DETAIL = T(LOGIN, 404, 404, 200, 200, 200, 200)
REGISTER_CREATE = T(LOGIN, 403, 403, 403, 403, 403, W(200))
REGISTER_UPDATE = T(LOGIN, 404, 404, 403, 403, 403, W(200))
# Contacts of a committee or administration: added by planners and administrators.
REGISTER_CONTACT = T(LOGIN, 404, 404, W(200), W(200), 403, W(200))


@dataclass(frozen=True)
class Row:
    """One URL name: its arguments on a side, and what each persona gets for GET and POST."""

    name: str
    get: dict
    post: dict
    kwargs: object = None  # URL kwargs: a dict, or side -> dict where the URL names an object of a side
    query: object = None  # side -> query string parameters
    data: object = None  # side -> POST body
    debug: bool = False  # the view only exists with DEBUG on
    by_token: bool = False  # the URL's secret, not the session, says whose data it shows
    # What staff get on objects of the other municipality, when it is not "they do not exist"
    # (404): SHARED for what all municipalities share, or a table T(...) of its own.
    foreign: object = None

    @property
    def public(self):
        """Open without signing in (the public register, the calendar feed by its token): what
        it shows, it shows to everyone."""
        return self.get["anonymous"] != LOGIN

    @property
    def has_side(self):
        return any(callable(part) for part in (self.kwargs, self.query, self.data))

    def url_kwargs(self, side):
        return self.kwargs(side) if callable(self.kwargs) else self.kwargs


def signed(side):
    return {"pk": side.signed.pk}


def signed_version(side):
    return {"pk": side.signed.pk, "number": 1}


def draft(side):
    return {"pk": side.draft.pk}


def draft_item(side):
    return {"pk": side.draft.pk, "kind": "activities", "item_pk": side.draft_activity.pk}


def hours_of(side):
    return {"agreement_pk": side.signed.pk, "organisation_pk": side.organisation.pk}


def month_of(side):
    return {**hours_of(side), "month": side.month}


def agreement_of(side):
    return {"agreement_pk": side.signed.pk}


def year_of(side):
    return {"agreement_pk": side.signed.pk, "year": side.year}


def meeting(side):
    return {"pk": side.meeting.pk}


def party_name(side):
    return {"party": side.signed_party.name}


def public_register(side):
    return {"slug": side.municipality.slug}


# fmt: off
ROWS = [
    # --- core, accounts -----------------------------------------------------------------------
    Row("desk:start", get=SIGNED_IN(), post=SIGNED_IN()),
    # Signed-in users are sent on from the login page to their start page.
    Row("accounts:login", get=T(200, 302, 302, 302, 302, 302, 302), post=T(200, 302, 302, 302, 302, 302, 302)),
    # Logging out is a POST (Django 5); it ends on the login page.
    Row("accounts:logout", get=PUBLIC(405), post=T(LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN)),
    Row("accounts:password-change", get=SIGNED_IN(), post=SIGNED_IN()),
    Row("accounts:password-change-done", get=SIGNED_IN(), post=SIGNED_IN(405)),
    # Each user chooses which status e-mails they get; an empty post turns them all off.
    Row("accounts:notice-settings", get=SIGNED_IN(), post=SIGNED_IN(302, writes=True)),
    Row("accounts:password-reset", get=PUBLIC(), post=PUBLIC()),
    Row("accounts:password-reset-done", get=PUBLIC(), post=PUBLIC(405)),
    # A wrong link says so; it opens nothing.
    Row("accounts:password-reset-confirm", get=PUBLIC(), post=PUBLIC(),
        kwargs={"uidb64": "MQ", "token": "set-password"}),
    Row("accounts:password-reset-complete", get=PUBLIC(), post=PUBLIC(405)),
    Row("accounts:user-list", get=ADMIN_ONLY(200), post=ADMIN_ONLY(200)),
    # The log of logins and refused access.
    Row("accounts:access-log", get=ADMIN_ONLY(200), post=ADMIN_ONLY(200)),
    Row("accounts:user-create", get=ADMIN_ONLY(200), post=ADMIN_ONLY(200, writes=True)),
    # Users are the administrators' alone: to everyone else a user does not exist.
    Row("accounts:user-update", get=ADMIN_ONLY(200, refused=404), post=ADMIN_ONLY(200, refused=404, writes=True),
        kwargs=lambda side: {"pk": side.partner.pk},
        foreign=SHARED),
    # --- partners: the register ----------------------------------------------------------------
    # A partner sees only their own organisation; planners and administrators keep the register.
    Row("partners:organisation-list", get=SIGNED_IN(), post=SIGNED_IN(405)),
    Row("partners:organisation-create", get=T(LOGIN, 403, 403, 200, 200, 403, 200),
        post=T(LOGIN, 403, 403, W(200), W(200), 403, W(200))),
    Row("partners:organisation-detail", get=READ, post=SIGNED_IN(405),
        kwargs=lambda side: {"pk": side.organisation.pk},
        foreign=SHARED),
    Row("partners:organisation-update", get=T(LOGIN, 403, 404, 200, 200, 403, 200),
        post=T(LOGIN, 403, 404, W(200), W(200), 403, W(200)), kwargs=lambda side: {"pk": side.organisation.pk},
        foreign=SHARED),
    Row("partners:committee-list", get=REGISTER_LIST, post=SIGNED_IN(405)),
    Row("partners:committee-create", get=REGISTER_CREATE, post=REGISTER_CREATE),
    Row("partners:committee-detail", get=REGISTER_DETAIL, post=SIGNED_IN(405),
        kwargs=lambda side: {"pk": side.committee.pk}),
    Row("partners:committee-update", get=REGISTER_UPDATE, post=REGISTER_UPDATE,
        kwargs=lambda side: {"pk": side.committee.pk}),
    Row("partners:administration-list", get=REGISTER_LIST, post=SIGNED_IN(405)),
    Row("partners:administration-create", get=REGISTER_CREATE, post=REGISTER_CREATE),
    Row("partners:administration-detail", get=REGISTER_DETAIL, post=SIGNED_IN(405),
        kwargs=lambda side: {"pk": side.administration.pk}),
    Row("partners:administration-update", get=REGISTER_UPDATE, post=REGISTER_UPDATE,
        kwargs=lambda side: {"pk": side.administration.pk}),
    Row("partners:municipality-list", get=REGISTER_LIST, post=SIGNED_IN(405)),
    Row("partners:municipality-create", get=REGISTER_CREATE, post=REGISTER_CREATE,
        foreign=(SUPERUSER_ONLY, SUPERUSER_ONLY)),
    Row("partners:municipality-detail", get=REGISTER_DETAIL, post=SIGNED_IN(405),
        kwargs=lambda side: {"pk": side.municipality.pk}),
    Row("partners:municipality-update", get=REGISTER_UPDATE, post=REGISTER_UPDATE,
        kwargs=lambda side: {"pk": side.municipality.pk}),
    Row("partners:organisation-contact-create", get=T(LOGIN, 403, 404, 200, 200, 403, 200),
        post=T(LOGIN, 403, 404, W(200), W(200), 403, W(200)), kwargs=lambda side: {"party_pk": side.organisation.pk},
        foreign=SHARED),
    Row("partners:committee-contact-create", get=REGISTER_CONTACT, post=REGISTER_CONTACT,
        kwargs=lambda side: {"party_pk": side.committee.pk}),
    Row("partners:administration-contact-create", get=REGISTER_CONTACT, post=REGISTER_CONTACT,
        kwargs=lambda side: {"party_pk": side.administration.pk}),
    Row("partners:contact-update", get=T(LOGIN, 403, 404, 200, 200, 403, 200),
        post=T(LOGIN, 403, 404, W(200), W(200), 403, W(200)), kwargs=lambda side: {"pk": side.contact.pk},
        foreign=SHARED),
    # --- agreements: finding and reading ---------------------------------------------------------
    Row("agreements:agreement-list", get=SIGNED_IN(), post=SIGNED_IN()),
    Row("agreements:agreement-create", get=T(LOGIN, 403, 403, 200, 200, 403, 200),
        post=T(LOGIN, 403, 403, W(200), W(200), 403, W(200))),
    Row("agreements:agreement-import", get=ADMIN_ONLY(200), post=ADMIN_ONLY(200, writes=True)),
    # The default texts: planners read them, administrators keep them.
    Row("agreements:default-texts", get=T(LOGIN, 403, 403, 200, 200, 403, 200),
        post=T(LOGIN, 403, 403, 200, 200, 403, 200)),
    Row("agreements:default-text-edit", get=ADMIN_ONLY(200), post=ADMIN_ONLY(200, writes=True),
        kwargs={"field": "value_base"}),
    Row("agreements:agreement-detail", get=READ, post=READ, kwargs=signed),
    Row("agreements:version-detail", get=READ, post=READ, kwargs=signed_version),
    Row("agreements:version-pdf", get=READ, post=READ, kwargs=signed_version),
    Row("agreements:version-docx", get=READ, post=READ, kwargs=signed_version),
    Row("agreements:version-pdf-preview", get=READ, post=READ, kwargs=signed_version, debug=True),
    Row("agreements:scan-download", get=READ, post=READ, kwargs=signed_version),
    Row("agreements:scan-upload", get=WRITE(200), post=WRITE(200), kwargs=signed_version),
    Row("agreements:scan-withdraw", get=WRITE(200), post=WRITE(200), kwargs=signed_version),
    Row("agreements:version-compare", get=READ, post=READ, kwargs=signed),
    # Who in the municipality did what is for the municipality's eyes.
    Row("agreements:agreement-history", get=T(LOGIN, 403, 404, 200, 200, 200, 200),
        post=T(LOGIN, 403, 404, 200, 200, 200, 200), kwargs=signed),
    Row("agreements:agreement-export", get=READ, post=READ, kwargs=signed),
    # --- agreements: drafting (the draft of the side) ---------------------------------------------
    Row("agreements:parties", get=WRITE(200), post=WRITE(200), kwargs=draft),
    Row("agreements:party-edit", get=WRITE(200), post=WRITE(200),
        kwargs=lambda side: {"pk": side.draft.pk, "party_pk": side.draft_party.pk}),
    Row("agreements:criteria", get=WRITE(200), post=WRITE(200), kwargs=draft),
    Row("agreements:version-edit", get=WRITE(200), post=WRITE(200),
        kwargs=lambda side: {"pk": side.draft.pk, "part": "basics"}),
    Row("agreements:items", get=WRITE(200), post=WRITE(200),
        kwargs=lambda side: {"pk": side.draft.pk, "kind": "activities"}),
    Row("agreements:item-edit", get=WRITE(200), post=WRITE(200), kwargs=draft_item),
    Row("agreements:item-action", get=POST_ONLY, post=WRITE(302),
        kwargs=lambda side: {**draft_item(side), "action": "up"}),
    # Removing asks first (GET), removes on the confirming POST.
    Row("agreements:item-remove", get=T(LOGIN, 403, 404, 200, 403, 403, 200), post=WRITE(302), kwargs=draft_item),
    # --- agreements: the life cycle -------------------------------------------------------------
    Row("agreements:version-submit", get=POST_ONLY, post=WRITE(302), kwargs=draft),
    Row("agreements:version-return", get=POST_ONLY, post=WRITE(302), kwargs=lambda side: {"pk": side.ready.pk}),
    Row("agreements:version-decide", get=WRITE(200), post=WRITE(200), kwargs=lambda side: {"pk": side.ready.pk}),
    Row("agreements:version-sign", get=WRITE(200), post=WRITE(200),
        kwargs=lambda side: {"pk": side.decided.pk, "party_pk": side.decided_party.pk}),
    Row("agreements:agreement-extend", get=WRITE(200), post=WRITE(200), kwargs=signed),
    Row("agreements:agreement-terminate", get=WRITE(200), post=WRITE(200), kwargs=signed),
    Row("agreements:agreement-amend", get=POST_ONLY, post=WRITE(302), kwargs=signed),
    Row("agreements:agreement-renew", get=WRITE(200), post=WRITE(200), kwargs=signed),
    # --- finance ---------------------------------------------------------------------------------
    # The OPI is public reference data; administrators keep it.
    Row("finance:index-list", get=SIGNED_IN(), post=SIGNED_IN()),
    # The OPI drives every municipality's money: with several municipalities only the
    # installation's superuser keeps it (access._IndexValuePolicy).
    Row("finance:index-create", get=ADMIN_ONLY(200), post=ADMIN_ONLY(200, writes=True),
        foreign=(SUPERUSER_ONLY, SUPERUSER_ONLY)),
    Row("finance:index-update", get=ADMIN_ONLY(200), post=ADMIN_ONLY(200, writes=True),
        kwargs=lambda side: {"pk": side.index_value.pk}, foreign=(SUPERUSER_ONLY, SUPERUSER_ONLY)),
    Row("finance:committee-overview", get=MUNICIPAL(), post=MUNICIPAL(),
        query=lambda side: {"committee": side.committee.pk},
        foreign=(MUNICIPAL(), MUNICIPAL())),
    Row("finance:committee-overview-export", get=MUNICIPAL(), post=MUNICIPAL(),
        kwargs={"fmt": "csv"}, query=lambda side: {"committee": side.committee.pk},
        foreign=(MUNICIPAL(400), MUNICIPAL(400))),
    Row("finance:municipality-overview", get=MUNICIPAL(), post=MUNICIPAL()),
    # A partner reads the money of its own agreements.
    Row("finance:agreement-finance", get=READ, post=READ, kwargs=signed),
    # A post refused (empty, or nothing to true up) shows the finance page again with the form (200).
    Row("finance:payment-create", get=POST_ONLY, post=WRITE(200), kwargs=signed),
    Row("finance:payment-correct", get=POST_ONLY, post=WRITE(302),
        kwargs=lambda side: {"pk": side.signed.pk, "payment_pk": side.payment.pk},
        data=lambda side: {"amount": "10", "reason": "Fel belopp", "date": f"{side.payment.date:%Y-%m-%d}"}),
    Row("finance:true-up-record", get=POST_ONLY, post=WRITE(200), kwargs=signed,
        data=lambda side: {"recipient": side.organisation.pk, "instalment_due": f"{side.payment.instalment_due:%Y-%m-%d}"}),
    Row("finance:repayment-create", get=POST_ONLY, post=WRITE(200), kwargs=signed),
    Row("finance:repayment-settle", get=POST_ONLY, post=WRITE(200),
        kwargs=lambda side: {"pk": side.signed.pk, "repayment_pk": side.repayment.pk}),
    Row("finance:draft-money", get=WRITE(200), post=WRITE(200), kwargs=draft),
    Row("finance:draft-money-remove", get=POST_ONLY, post=WRITE(302),
        kwargs=lambda side: {"pk": side.draft.pk, "kind": "contribution", "item_pk": side.contribution.pk}),
    # --- followup: hours -------------------------------------------------------------------------
    Row("followup:hours-home", get=SIGNED_IN(), post=SIGNED_IN()),
    Row("followup:hours-review", get=REVIEW(200), post=REVIEW(200)),
    Row("followup:hours-approve", get=POST_ONLY, post=REVIEW(302, writes=True),
        data=lambda side: {"reports": [side.submitted.pk]},
        foreign=(POST_ONLY, REVIEW(302))),
    Row("followup:hours-return", get=POST_ONLY, post=REVIEW(302, writes=True),
        kwargs=lambda side: {"report_pk": side.submitted.pk}, data=lambda side: {"comment": "Rätta datumen."},
        foreign=(POST_ONLY, T(LOGIN, 403, 403, 404, 404, 403, 404))),
    # Another organisation's agreement is not a choice: the page says so, with no figures.
    Row("followup:hours-progress", get=SIGNED_IN(), post=SIGNED_IN(),
        query=lambda side: {"agreement": side.signed.pk},
        foreign=(SIGNED_IN(), SIGNED_IN())),
    # The same wrong choice gives no file (400). Planners follow the hours of their own
    # committees' agreements only (iop.accounts.access.following).
    Row("followup:hours-progress-export", get=T(LOGIN, 200, 400, 200, 400, 200, 200),
        post=T(LOGIN, 200, 400, 200, 400, 200, 200),
        kwargs={"fmt": "csv"}, query=lambda side: {"agreement": side.signed.pk},
        foreign=(MUNICIPAL(400), MUNICIPAL(400))),
    Row("followup:hours-template", get=SIGNED_IN(), post=SIGNED_IN(), kwargs={"fmt": "csv"}),
    Row("followup:hours-upload", get=HOURS_WRITE(200), post=HOURS_WRITE(200), kwargs=hours_of),
    Row("followup:hours-month", get=HOURS_READ, post=HOURS_WRITE(200), kwargs=month_of),
    Row("followup:hours-sheet", get=HOURS_WRITE(200), post=HOURS_WRITE(200), kwargs=month_of),
    Row("followup:hours-submit", get=POST_ONLY, post=HOURS_WRITE(302), kwargs=month_of),
    # Deleting asks first (GET), deletes on the confirming POST.
    Row("followup:hours-entry-delete", get=T(LOGIN, 200, 404, 403, 403, 403, 200), post=HOURS_WRITE(302),
        kwargs=lambda side: {"entry_pk": side.entry.pk}),
    # --- followup: meetings and the yearly follow-up ---------------------------------------------
    Row("followup:follow-up", get=READ, post=READ, kwargs=agreement_of),
    Row("followup:rule-save", get=POST_ONLY, post=WRITE(200), kwargs=agreement_of),
    # Removing a rule asks first (GET), removes on the confirming POST.
    Row("followup:rule-remove", get=T(LOGIN, 403, 404, 200, 403, 403, 200), post=WRITE(302),
        kwargs=lambda side: {"agreement_pk": side.signed.pk, "pk": side.rule.pk}),
    Row("followup:meeting-create", get=WRITE(200), post=WRITE(200), kwargs=agreement_of),
    Row("followup:meeting-detail", get=READ, post=READ, kwargs=meeting),
    Row("followup:meeting-update", get=WRITE(200), post=WRITE(200), kwargs=meeting),
    Row("followup:action-create", get=POST_ONLY, post=WRITE(200), kwargs=meeting),
    # A partner adds material for its own organisation and marks its own actions done.
    Row("followup:material-create", get=POST_ONLY, post=T(LOGIN, W(200), 404, W(200), 403, 403, W(200)),
        kwargs=meeting),
    Row("followup:action-done", get=POST_ONLY, post=T(LOGIN, W(302), 404, W(302), 403, 403, W(302)),
        kwargs=lambda side: {"pk": side.action.pk}),
    Row("followup:yearly", get=READ, post=READ, kwargs=year_of),
    Row("followup:yearly-edit", get=WRITE(200), post=WRITE(200), kwargs=year_of),
    # A party's account of the year: the partner writes its own, planners any party's.
    Row("followup:narrative-edit", get=T(LOGIN, 200, 404, 200, 403, 403, 200),
        post=T(LOGIN, W(302), 404, W(302), 403, 403, W(302)), kwargs=year_of, query=party_name, data=party_name),
    Row("followup:yearly-pdf", get=READ, post=READ, kwargs=year_of),
    Row("followup:yearly-export", get=READ, post=READ, kwargs=year_of),
    # Everyone has their own calendar address (the page makes it on first visit).
    Row("followup:calendar-settings", get=SIGNED_IN(), post=SIGNED_IN(writes=True)),
    # The feed is found by its secret token: calendar apps cannot sign in.
    Row("followup:calendar-feed", get=PUBLIC(), post=PUBLIC(405), kwargs=lambda side: {"token": side.token},
        by_token=True),
    # --- the public register ---------------------------------------------------------------------
    # The committee's decision whether an agreement is listed: kept by those who may change it.
    Row("agreements:agreement-publication", get=WRITE(200), post=WRITE(302), kwargs=signed),
    # Open to anyone, read only. The scene lists no agreement, so a page shows none of a side,
    # and no signed PDF is published (404).
    Row("public:municipality-list", get=PUBLIC(), post=PUBLIC(405)),
    Row("public:register", get=PUBLIC(), post=PUBLIC(405), kwargs=public_register),
    Row("public:register-csv", get=PUBLIC(), post=PUBLIC(405), kwargs=public_register),
    Row("public:register-json", get=PUBLIC(), post=PUBLIC(405), kwargs=public_register),
    Row("public:register-dcat", get=PUBLIC(), post=PUBLIC(405), kwargs=public_register),
    Row("public:signed-pdf", get=PUBLIC(404), post=PUBLIC(405),
        kwargs=lambda side: {**public_register(side), "pk": side.signed.pk}),
    # --- a municipality's own settings -----------------------------------------------------------
    Row("partners:municipality-settings", get=REGISTER_UPDATE, post=REGISTER_UPDATE,
        kwargs=lambda side: {"pk": side.municipality.pk}),
    Row("finance:default-terms", get=REGISTER_UPDATE, post=REGISTER_UPDATE,
        kwargs=lambda side: {"pk": side.municipality.pk}),
    Row("followup:default-rules", get=REGISTER_UPDATE, post=REGISTER_UPDATE,
        kwargs=lambda side: {"pk": side.municipality.pk}),
]
# fmt: on
