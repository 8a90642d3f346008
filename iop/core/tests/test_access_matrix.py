"""Every URL of the project, for every persona, on objects of their own and of others.

The matrix (matrix_data.ROWS) says per URL name what anonymous users, partners of
organisation A and B, planners of committee X and Y, viewers and administrators get for
GET and POST. A URL without a row fails the test, and so does a row without a URL.

Two more checks run in every cell: a refused POST changes nothing (row counts of every
model and of its history, and the users), and a page a partner may open never shows
anything of the other organisation (its name, its registry numbers, its texts).

Then the same URLs for the staff of one municipality against the other municipality's
objects: they do not exist for them, and no page or file shows a text of the other.
"""

import io
import zipfile
from urllib.parse import urlencode

import pytest

from django.apps import apps
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from followup.desk import services as desk_services
from followup.desk.reminders import reminders_for
from iop.accounts.models import User
from iop.core.tests import matrix_data
from iop.core.tests.matrix_data import (
    ACROSS,
    HOME,
    MARKERS,
    MUNICIPAL_MARKERS,
    PERSONAS,
    ROWS,
    SUPERUSER_ONLY,
    expected,
    expected_across,
    kind_of,
    side_key,
)

LOGIN_URL = "/konto/logga-in/"
OWN_DATA_APPS = ("accounts", "partners", "agreements", "finance", "followup")
TEXT_TYPES = ("text/", "application/json")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Logs that a refused request rightly writes to: not the data it was refused.
LOGS = {"accounts.accessevent"}


# --- Every URL is in the matrix ----------------------------------------------------------------


def _patterns(patterns, namespace=()):
    """(name, namespaces, pattern) of every URL pattern; the name with its namespaces
    ("agreements:agreement-detail"), or None for a pattern without a name."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, namespace + ((pattern.namespace,) if pattern.namespace else ()))
        elif isinstance(pattern, URLPattern):
            yield ":".join((*namespace, pattern.name)) if pattern.name else None, namespace, pattern


def project_url_names():
    """The named URL patterns of the project, the Django admin's left out (it has its own test)."""
    return [name for name, namespace, _pattern in _patterns(get_resolver().url_patterns) if namespace[:1] != ("admin",)]


def test_every_url_pattern_of_the_project_has_a_row_in_the_matrix_and_every_row_a_url():
    names = project_url_names()
    assert None not in names, "a URL pattern without a name cannot be in the matrix: name it"
    in_matrix = [row.name for row in ROWS]
    assert len(in_matrix) == len(set(in_matrix)), "a URL name has two rows"
    assert sorted(set(names) - set(in_matrix)) == [], "URL patterns missing from the matrix"
    assert sorted(set(in_matrix) - set(names)) == [], "rows of the matrix without a URL pattern"


# --- The scene, built once for the module ------------------------------------------------------


class _TypesetNothing:
    """WeasyPrint's typesetting, left out: our templates are rendered and the access checked,
    but laying out pages (a second each, tested in the PDF tests) tells nothing about access."""

    def __init__(self, *, string, **kwargs):
        self.html = string

    def write_pdf(self, **options):
        # The HTML stands in the file, so that a search for what a reader must not see reads it.
        return b"%PDF-1.7\n% typesetting left out by the access matrix test\n" + self.html.encode()


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker):
    """The objects of both sides, built once: each test runs in a savepoint inside this
    transaction (pytest-django's `db`), and the whole is rolled back at the end."""
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        patch.setattr("weasyprint.HTML", _TypesetNothing)
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(
                FREEZE_SIGNED_PDF=False, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
            ):
                built = matrix_data.build_scene()
            built.sessions = _sessions(built.users)
            yield built
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _sessions(users):
    """A signed-in session per persona, made once: a test sets its cookie instead of signing
    in again (each test's savepoint keeps the session as it was)."""
    sessions = {}
    for persona, user in users.items():
        if user is not None:
            client = Client()
            client.force_login(user)
            sessions[persona] = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    return sessions


def _tables():
    models = [
        model
        for label in OWN_DATA_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.label_lower not in LOGS
    ]
    return sorted({model._meta.db_table for model in models})


def snapshot():
    """Row counts of every table of ours (history tables included: an update is a history
    row too), and the users' roles and bindings, which have no history."""
    quote = connection.ops.quote_name
    tables = _tables()
    with connection.cursor() as cursor:
        # Table names of our own models, quoted: nothing from outside goes into the SQL.
        sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)  # noqa: S608
        cursor.execute(sql)
        counts = dict(zip(tables, cursor.fetchone(), strict=True))
    users = list(User.objects.order_by("pk").values_list("pk", "username", "role", "is_active", "is_staff"))
    return counts, users


def _changes(before, after):
    counts = {table: (before[0][table], after[0][table]) for table in before[0] if before[0][table] != after[0][table]}
    return counts or ("users changed" if before[1] != after[1] else None)


def _relations(row, persona):
    """Own and other objects for partners and planners; the others have no side of their own
    (both sides answer them alike), so one side is enough."""
    if not row.has_side:
        return ("-",)
    return ("own", "other") if persona in HOME else ("own",)


def _cells():
    for row in ROWS:
        for persona in PERSONAS:
            for relation in _relations(row, persona):
                yield pytest.param(row, persona, relation, id=f"{row.name}|{persona}|{relation}")


def _url(row, side, **kwargs):
    url = reverse(row.name, kwargs={**(row.url_kwargs(side) or {}), **kwargs})
    if row.query:
        url += "?" + urlencode(row.query(side), doseq=True)
    return url


def _check(response, cell, method, markers=()):
    """What is wrong with the response, as a list of sentences; markers: what it must not show."""
    problems = []
    location = response.get("Location", "")
    if response.status_code != cell.status:
        problems.append(f"{method}: expected {cell.status}, got {response.status_code} {location}")
        return problems
    if response.status_code == 302 and cell.login != location.startswith(LOGIN_URL):
        problems.append(
            f"{method}: {'expected' if cell.login else 'unexpected'} redirect to the login page: {location}"
        )
    if markers:
        text = _text(response)
        leaked = [marker for marker in markers if marker in text]
        if leaked:
            problems.append(f"{method}: shows the other side's {leaked}")
    return problems


def _partner_markers(persona, other_side, by_token=False):
    """A partner must never read the other organisation's texts (unless the URL's token says whose)."""
    return MARKERS[other_side] if kind_of(persona) == "partner" and not by_token else ()


def _text(response):
    """What a reader of the response reads: the page or file as text (a spreadsheet's XML
    parts; a PDF's HTML, which the test puts in its place), or "" for what cannot be searched."""
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content if response.streaming else [response.content])
    if content_type.startswith(TEXT_TYPES):
        return body.decode()
    if content_type == "application/pdf":
        return body.decode(errors="replace")
    if content_type == XLSX:
        with zipfile.ZipFile(io.BytesIO(body)) as workbook:
            return "".join(workbook.read(name).decode() for name in workbook.namelist() if name.endswith(".xml"))
    return ""


@pytest.mark.parametrize(("row", "persona", "relation"), list(_cells()))
def test_access_matrix(scene, db, client, settings, row, persona, relation):
    side = scene.sides[side_key(persona, relation)]
    home = side_key(persona, "own")
    other_side = "b" if home == "a" else "a"
    if persona in scene.sessions:
        client.cookies[django_settings.SESSION_COOKIE_NAME] = scene.sessions[persona]
    if row.debug:  # only then: a changed DEBUG empties the template cache
        settings.DEBUG = True
    url = _url(row, side)
    problems = []

    markers = _partner_markers(persona, other_side, row.by_token)
    response = client.get(url)
    problems += _check(response, expected(row.get, persona, relation), "GET", markers)

    cell = expected(row.post, persona, relation)
    before = None if cell.writes else snapshot()
    response = client.post(url, row.data(side) if row.data else {})
    problems += _check(response, cell, "POST", markers)
    if before is not None:
        changed = _changes(before, snapshot())
        if changed:
            problems.append(f"POST: a refused request changed {changed}")

    assert problems == [], f"{url} as {persona}"


# --- Two municipalities, strictly apart ----------------------------------------------------------


def _across_cells():
    for row in ROWS:
        for persona in ACROSS:
            yield pytest.param(row, persona, id=f"{row.name}|{persona}|across")


@pytest.mark.parametrize(("row", "persona"), list(_across_cells()))
def test_no_one_reads_or_writes_across_municipalities(scene, db, client, settings, row, persona):
    """Staff of one municipality, and a partner of an organisation there, against the objects of
    the other municipality: its objects do not exist for them, its lists and files are not theirs
    (none of its texts shows, in pages, CSV, Excel, JSON, PDF or calendar), and a refused POST
    changes nothing. Only what all municipalities share (organisations, the OPI) is read across."""
    other, _column = ACROSS[persona]
    side = scene.sides[other]
    client.cookies[django_settings.SESSION_COOKIE_NAME] = scene.sessions[persona]
    if row.debug:
        settings.DEBUG = True
    url = _url(row, side)
    markers = () if row.by_token or row.public else MUNICIPAL_MARKERS[other]
    if kind_of(persona) == "partner":
        markers += (side.organisation.name,)
    problems = []

    cell = expected_across(row, row.get, persona)
    problems += _check(client.get(url), cell, "GET", markers)
    if isinstance(row.kwargs, dict) and "fmt" in row.kwargs:
        problems += _check(client.get(_url(row, side, fmt="xlsx")), cell, "GET .xlsx", markers)

    cell = expected_across(row, row.post, persona, post=True)
    before = None if cell.writes else snapshot()
    problems += _check(client.post(url, row.data(side) if row.data else {}), cell, "POST", markers)
    if before is not None:
        changed = _changes(before, snapshot())
        if changed:
            problems.append(f"POST: a refused request changed {changed}")

    assert not problems, f"{url} as {persona}: " + "; ".join(problems)


@pytest.mark.parametrize("row", [pytest.param(row, id=f"{row.name}|admin_a|own") for row in ROWS])
def test_a_municipalitys_administrator_sees_nothing_of_the_other_on_its_own_pages(scene, db, client, settings, row):
    """On the pages of their own objects too (forms with lists to choose from, a draft's
    parties, the renewal's candidates), Linköping's administrator, who may do most, gets what
    the superuser gets and reads nothing of the other municipality."""
    _as(client, scene, "admin_a")
    if row.debug:
        settings.DEBUG = True

    response = client.get(_url(row, scene.sides["a"]))

    cell = (SUPERUSER_ONLY if row.foreign == (SUPERUSER_ONLY, SUPERUSER_ONLY) else row.get)["administrator"]
    problems = _check(response, cell, "GET", () if row.public else MUNICIPAL_MARKERS["m"])
    assert not problems, "; ".join(problems)


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("agreements:agreement-detail", lambda agreement: {"pk": agreement.pk}),
        ("agreements:version-pdf", lambda agreement: {"pk": agreement.pk, "number": 1}),
        ("finance:agreement-finance", lambda agreement: {"pk": agreement.pk}),
        ("followup:follow-up", lambda agreement: {"agreement_pk": agreement.pk}),
    ],
)
def test_the_partner_of_a_shared_organisation_reads_its_agreements_in_both_municipalities(
    scene, db, client, name, kwargs
):
    _as(client, scene, "partner_shared")
    shared = scene.sides["m"].shared_agreements

    for agreement in shared.values():
        assert client.get(reverse(name, kwargs=kwargs(agreement))).status_code == 200
    for side in scene.sides.values():
        assert client.get(reverse(name, kwargs=kwargs(side.signed))).status_code == 404


def test_the_partner_of_a_shared_organisation_lists_its_agreements_of_both_municipalities_only(scene, db, client):
    _as(client, scene, "partner_shared")

    page = client.get(reverse("agreements:agreement-list")).content.decode()

    assert "ANK 2024-9" in page and "QVB 2024-9" in page
    assert not any(number in page for number in ("ANK 2024-1", "BUL 2024-1", "QVB 2024-1"))


def _as(client, scene, persona):
    client.cookies[django_settings.SESSION_COOKIE_NAME] = scene.sessions[persona]
    return client


def _refused_at_the_field(response, field):
    assert response.status_code == 200, response.get("Location")
    assert field in response.context["form"].errors


def test_an_administrator_cannot_add_a_committee_to_the_other_municipality(scene, db, client):
    from partners.models import Committee

    other = scene.sides["m"].municipality
    before = snapshot()

    response = _as(client, scene, "admin_a").post(
        reverse("partners:committee-create"), {"municipality": other.pk, "name": "Insmugglad nämnd", "active": "on"}
    )

    # The municipality is not the administrator's to choose: the committee is their own's.
    assert response.status_code == 302
    assert Committee.objects.get(name="Insmugglad nämnd").municipality == scene.sides["a"].municipality
    assert snapshot() != before  # the one committee, in Linköping


def test_an_administrator_cannot_move_a_committee_to_the_other_municipality(scene, db, client):
    committee = scene.sides["a"].committee
    committee.refresh_from_db()
    own = committee.municipality

    _as(client, scene, "admin_a").post(
        reverse("partners:committee-update", kwargs={"pk": committee.pk}),
        {"municipality": scene.sides["m"].municipality.pk, "name": committee.name, "active": "on"},
    )

    committee.refresh_from_db()
    assert committee.municipality == own


def test_an_administrator_cannot_give_a_new_user_the_other_municipalitys_committee(scene, db, client):
    before = snapshot()

    response = _as(client, scene, "admin_a").post(
        reverse("accounts:user-create"),
        {
            "username": "insmugglad",
            "email": "insmugglad@example.se",
            "role": "planner",
            "committees": [scene.sides["m"].committee.pk],
            "is_active": "on",
        },
    )

    _refused_at_the_field(response, "committees")
    assert snapshot() == before


@pytest.mark.parametrize("persona", ["admin_a", "planner_m"])
def test_no_one_drafts_an_agreement_for_the_other_municipalitys_committee(scene, db, client, persona):
    other = "m" if persona == "admin_a" else "a"
    before = snapshot()

    response = _as(client, scene, persona).post(
        reverse("agreements:agreement-create"),
        {"committee": scene.sides[other].committee.pk, "title": "Insmugglat partnerskap", "start": "blank"},
    )

    _refused_at_the_field(response, "committee")
    assert snapshot() == before


# --- The exports as Excel --------------------------------------------------------------------------


def _xlsx_cells():
    for row in ROWS:
        if isinstance(row.kwargs, dict) and "fmt" in row.kwargs:
            for persona in PERSONAS:
                for relation in _relations(row, persona):
                    yield pytest.param(row, persona, relation, id=f"{row.name}.xlsx|{persona}|{relation}")


@pytest.mark.parametrize(("row", "persona", "relation"), list(_xlsx_cells()))
def test_the_excel_exports_answer_as_the_csv_ones(scene, db, client, row, persona, relation):
    """The matrix asks for CSV; the same URLs give Excel files, to the same people only."""
    side = scene.sides[side_key(persona, relation)]
    if persona in scene.sessions:
        client.cookies[django_settings.SESSION_COOKIE_NAME] = scene.sessions[persona]
    url = reverse(row.name, kwargs={**row.url_kwargs(side), "fmt": "xlsx"})
    if row.query:
        url += "?" + urlencode(row.query(side), doseq=True)

    response = client.get(url)

    cell = expected(row.get, persona, relation)
    other_side = "b" if side_key(persona, "own") == "a" else "a"
    assert _check(response, cell, "GET", _partner_markers(persona, other_side)) == [], f"{url} as {persona}"
    if cell.status == 200:
        assert response["Content-Type"] == XLSX


# --- The Django admin ------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_administrators_open_the_django_admin(scene, db, client, persona):
    user = scene.users[persona]
    if user is not None:
        client.force_login(user)

    response = client.get("/admin/")

    if persona == "administrator":  # the installation's superuser
        assert response.status_code == 200
    else:
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("persona", ["admin_a", "admin_m"])
def test_a_municipalitys_administrator_does_not_open_the_django_admin(scene, db, client, persona):
    client.force_login(scene.users[persona])

    response = client.get("/admin/")

    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


# --- The calendar feed ---------------------------------------------------------------------------


def test_a_partners_calendar_feed_has_its_own_meetings_and_none_of_the_other_organisation(scene, db, client):
    feed = client.get(reverse("followup:calendar-feed", args=[scene.sides["a"].token])).content.decode()

    assert "ANK 2024-1" in feed
    assert not any(marker in feed for marker in MARKERS["b"])


@pytest.mark.parametrize(("persona", "own", "other"), [("admin_a", "ANK 2024-1", "m"), ("admin_m", "QVB 2024-1", "a")])
def test_a_municipalitys_calendar_and_reminders_hold_none_of_the_other_municipality(
    scene, db, client, persona, own, other
):
    user = scene.users[persona]
    token = desk_services.calendar_token_get_or_create(user=user).token

    feed = client.get(reverse("followup:calendar-feed", args=[token])).content.decode()
    reminded = " ".join(
        f"{reminder.item.title} {reminder.item.url}" for reminder in reminders_for(user, timezone.localdate())
    )

    assert own in feed and own in reminded
    assert not any(marker in feed or marker in reminded for marker in MUNICIPAL_MARKERS[other])
