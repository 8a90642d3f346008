"""The base interface: start page and menu per role, Swedish error pages."""

import re
from pathlib import Path

import pytest

from django.conf import settings
from django.test import Client
from django.urls import path, reverse

from partners.tests.factories import OrganisationFactory


def failing_view(request):
    raise RuntimeError("secret internals: SELECT * FROM users")


urlpatterns = [path("boom/", failing_view)]
handler500 = "iop.core.views.server_error"


def menu(response):
    return [item["label"] for item in response.context["nav_items"]]


def test_anonymous_start_redirects_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_administrator_start_page_and_menu(client_as, administrator, organisation_b):
    response = client_as(administrator).get("/")
    page = response.content.decode()
    assert menu(response) == [
        "Start",
        "Överenskommelser",
        "Ekonomi",
        "Timmar",
        "Organisationer",
        "Nämnder",
        "Förvaltningar",
        "Standardtexter",
        "OPI",
        "Användare",
    ]
    assert "Register och användare" in page
    # an active organisation without org number needs attention before it can sign
    assert "Linköpings stadsmission" not in page
    OrganisationFactory(name="Utan nummer", org_number=None)
    assert "Utan nummer" in client_as(administrator).get("/").content.decode()


def test_planner_start_page_lists_their_committees(client_as, planner, committee_y):
    response = client_as(planner).get("/")
    page = response.content.decode()
    assert menu(response) == [
        "Start",
        "Överenskommelser",
        "Ekonomi",
        "Timmar",
        "Organisationer",
        "Nämnder",
        "Förvaltningar",
        "Standardtexter",
    ]
    assert "Äldrenämnden" in page and "Bildningsnämnden" not in page


def test_partner_start_page_lists_their_organisations_only(client_as, partner_a, organisation_b):
    response = client_as(partner_a).get("/")
    page = response.content.decode()
    assert menu(response) == ["Start", "Överenskommelser", "Timmar", "Organisationer"]
    assert "Resurspoolen" in page and "Linköpings stadsmission" not in page


def test_viewer_start_page(client_as, viewer, committee_x):
    response = client_as(viewer).get("/")
    assert menu(response) == [
        "Start",
        "Överenskommelser",
        "Ekonomi",
        "Timmar",
        "Organisationer",
        "Nämnder",
        "Förvaltningar",
    ]
    assert "Äldrenämnden" in response.content.decode()


def test_pages_are_swedish_and_accessible(client_as, planner, organisation_a):
    page = client_as(planner).get(organisation_a.get_absolute_url()).content.decode()
    assert '<html lang="sv">' in page
    assert 'href="#main"' in page and "Hoppa till innehållet" in page
    assert '<main id="main"' in page and "<nav" in page and "<h1>" in page


def test_unknown_address_gives_a_swedish_404(client_as, planner):
    response = client_as(planner).get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan hittades inte" in response.content.decode()


@pytest.mark.urls(__name__)
def test_server_error_shows_a_generic_page_without_internals(db):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Något gick fel" in page
    assert "SELECT" not in page and "RuntimeError" not in page and "Traceback" not in page


def test_templates_load_nothing_from_the_internet():
    external = re.compile(r"""(src|href)=["']https?://""")
    offenders = [
        str(path) for path in Path(settings.BASE_DIR, "templates").rglob("*.html") if external.search(path.read_text())
    ]
    assert offenders == []
