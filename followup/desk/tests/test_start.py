"""The start page and the menu per role."""

from django.urls import reverse

from partners.tests.factories import OrganisationFactory


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
