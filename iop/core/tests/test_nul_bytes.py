"""A NUL byte (\\x00) anywhere in a request is refused with 400, before any view runs.

PostgreSQL cannot hold NUL in text: a query that compares a column with a string that has
one fails with a server error. Django's form fields refuse NUL, but a search parameter, a
path segment or a cookie reaches the database without passing a form field.
"""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import Http404
from django.urls import reverse

from agreements import exchange
from agreements.models import Agreement
from agreements.tests.factories import make_agreement
from followup.desk import services as desk_services
from followup.desk.calendar import calendar_feed

NUL = "\x00"


def assert_refused(response):
    assert response.status_code == 400, response.status_code
    assert "Felaktig begäran" in response.content.decode()


# --- Without login -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_calendar_token_with_a_nul_byte_is_refused_without_login(client):
    assert_refused(client.get("/kalender/abc%00def.ics"))


@pytest.mark.django_db
def test_the_login_page_refuses_a_nul_byte_in_next_and_in_the_user_name(client):
    login = reverse("accounts:login")
    assert_refused(client.get(login, {"next": f"/overenskommelser/{NUL}"}))
    assert_refused(client.post(login, {"username": f"admin{NUL}", "password": "x"}))


@pytest.mark.django_db
def test_a_nul_byte_in_a_parameter_name_is_refused(client):
    assert_refused(client.get(reverse("accounts:login"), {f"q{NUL}": "x"}))


# --- Logged in -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, params",
    [
        ("agreements:agreement-list", {"q": f"stadsmission{NUL}"}),
        ("agreements:agreement-list", {"committee": NUL}),
        ("agreements:agreement-list", {"page": f"2{NUL}"}),
        ("partners:organisation-list", {"q": NUL}),
        ("accounts:user-list", {"q": NUL}),
        ("accounts:access-log", {"kind": NUL, "q": NUL}),
        ("followup:hours-review", {"organisation": NUL}),
        ("finance:committee-overview", {"year": NUL}),
    ],
)
def test_a_search_or_filter_with_a_nul_byte_is_refused(client_as, administrator, name, params):
    assert_refused(client_as(administrator).get(reverse(name), params))


def test_a_path_with_a_nul_byte_is_refused(client_as, administrator):
    client = client_as(administrator)
    assert_refused(client.get("/overenskommelser/standardtexter/background%00/"))
    assert_refused(client.get(reverse("accounts:user-list") + "%00"))


def test_a_posted_form_with_a_nul_byte_saves_nothing(client_as, planner, committee_x):
    agreement = make_agreement(committee=committee_x)
    version = agreement.versions.get()
    url = reverse("agreements:version-edit", args=[agreement.pk, "background"])
    response = client_as(planner).post(url, {"lock_version": version.lock_version, "background": f"Text{NUL}"})
    assert_refused(response)
    version.refresh_from_db()
    assert NUL not in version.background


def test_the_calendar_view_itself_answers_404_to_a_token_that_cannot_be_one(rf, planner):
    token = desk_services.calendar_token_get_or_create(user=planner).token
    assert calendar_feed(rf.get("/"), token=token).status_code == 200
    for wrong in (f"{token}{NUL}", f"{NUL}", "a b", "x" * 65):
        with pytest.raises(Http404):
            calendar_feed(rf.get("/"), token=wrong)


# --- The JSON import -----------------------------------------------------------------------


def file_with_nul(where):
    """An exported agreement, renumbered so it is new, with a NUL in a text or a key."""
    document = exchange.export_document([make_agreement(state="signed")])
    agreement = document["agreements"][0]
    agreement["registry_number"] = "ÄN 2030-1"
    if where == "text":
        agreement["versions"][0]["background"] = f"Bakgrund{NUL}"
    else:
        agreement["versions"][0]["parties"][1][f"description{NUL}"] = "Beskrivning"
    content = exchange.dumps(document).encode()
    assert b"\\u0000" in content  # JSON writes the NUL escaped; json.loads gives it back
    return content


@pytest.mark.parametrize("where", ["text", "key"])
def test_an_import_with_a_nul_byte_is_refused_with_a_message(client_as, administrator, where):
    upload = SimpleUploadedFile("a.json", file_with_nul(where), content_type="application/json")
    response = client_as(administrator).post(reverse("agreements:agreement-import"), {"file": upload})
    assert response.status_code == 200
    assert "Filen innehåller ett NUL-tecken" in response.content.decode()
    assert not Agreement.objects.filter(registry_number="ÄN 2030-1").exists()


def test_the_import_command_refuses_a_nul_byte_with_a_message(db, tmp_path, capsys):
    path = tmp_path / "a.json"
    path.write_bytes(file_with_nul("text"))
    with pytest.raises(CommandError):
        call_command("import_agreements", str(path))
    assert "Filen innehåller ett NUL-tecken" in capsys.readouterr().err
    assert not Agreement.objects.filter(registry_number="ÄN 2030-1").exists()
