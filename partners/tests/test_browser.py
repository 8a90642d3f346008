"""A planner in a real browser: log in, register an organisation, find it again. Every page
on the way is checked by axe-core and against the Content-Security-Policy (see iop/core/tests/axe.py)."""

import pytest
from playwright.sync_api import expect

from iop.accounts.tests.factories import PASSWORD
from partners.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_planner_registers_an_organisation_and_finds_it(live_server, page, planner):
    page.goto(live_server.url)
    expect(page.get_by_role("heading", name="Logga in")).to_be_visible()
    page.get_by_label("Användarnamn").fill(planner.username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Välkommen")

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Organisationer").click()
    page.get_by_role("link", name="Ny organisation").click()
    page.get_by_label("Namn").fill("Blåbärsföreningen")
    page.get_by_label("Organisationsnummer").fill("802017-1235")
    page.get_by_role("button", name="Spara").click()

    # Wrong check digit: the message stands at the field, nothing is saved, input is kept.
    field = page.get_by_label("Organisationsnummer")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#error_1_id_org_number")).to_contain_text("Kontrollsiffran stämmer inte")
    expect(field).to_have_value("802017-1235")
    assert not Organisation.objects.exists()

    field.fill("802017 1230")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Blåbärsföreningen")
    expect(page.get_by_text("802017-1230")).to_be_visible()

    page.get_by_role("link", name="Organisationer").first.click()
    page.get_by_label("Sök på namn eller organisationsnummer").fill("blåbär")
    page.get_by_label("Sök på namn eller organisationsnummer").press("Enter")
    results = page.get_by_role("table").get_by_role("link")
    expect(results).to_have_count(1)
    expect(results).to_have_text("Blåbärsföreningen")
