"""A planner in a real browser: draft an agreement with two partners, judge the criteria,
send it to decision, record the decision and every signature, download the signed PDF,
then extend it. Every page on the way is checked by axe-core and against the
Content-Security-Policy (the `page` fixture, see iop/core/tests/axe.py)."""

import datetime
import subprocess

import pytest
from playwright.sync_api import expect

from django.utils import timezone

from agreements.models import Agreement, Status
from iop.accounts.tests.factories import PASSWORD
from partners.tests.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_planner_carries_an_agreement_from_draft_to_extension(live_server, page, planner, committee_x):
    OrganisationFactory(name="Resurspoolen", org_number="822003-0913")
    OrganisationFactory(name="Hjärta till hjärta")
    today = timezone.localdate()

    page.goto(live_server.url)
    page.get_by_label("Användarnamn").fill(planner.username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Överenskommelser").click()
    page.get_by_role("link", name="Ny överenskommelse").click()
    page.get_by_label("Nämnd").select_option(label="Äldrenämnden")
    page.get_by_label("Titel").fill("Träffpunkter för äldre")
    page.get_by_label("Diarienummer (Dnr)").fill("ÄN 2026-100")
    page.get_by_label("En tom överenskommelse").check()
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Träffpunkter för äldre")

    page.get_by_role("link", name="Grunduppgifter").click()
    page.get_by_label("Startdatum").fill(datetime.date(today.year - 1, 1, 1).isoformat())
    page.get_by_label("Slutdatum").fill(datetime.date(today.year + 1, 12, 31).isoformat())
    page.get_by_label("Förlängningens längd (månader)").fill("36")
    page.get_by_label("Antal tillåtna förlängningar").fill("1")
    page.get_by_label("Uppsägningstid (månader)").fill("6")
    page.get_by_label("Ort för undertecknande").fill("Linköping")
    page.get_by_role("button", name="Spara").click()

    page.get_by_role("link", name="Parter", exact=True).click()
    for name in ["Resurspoolen", "Hjärta till hjärta"]:
        page.get_by_label("Organisation").select_option(label=name)
        page.get_by_role("button", name="Lägg till part").click()
    expect(page.get_by_role("table").get_by_role("row")).to_have_count(4)  # header + committee + two partners
    page.get_by_role("link", name="Träffpunkter för äldre").first.click()

    page.get_by_role("link", name="Kriterier för IOP").click()
    for number in range(1, 9):
        page.locator(f"#id_judgement_{number}").select_option("met")
        page.locator(f"#id_motivation_{number}").fill("Uppfyllt enligt beredningen.")
    page.get_by_role("button", name="Spara").click()

    page.get_by_role("button", name="Skicka till beslut").click()
    expect(page.get_by_text("Klar för beslut").first).to_be_visible()
    page.get_by_role("link", name="Registrera beslutet").click()
    page.get_by_label("Paragraf").fill("§ 45")
    page.get_by_role("button", name="Spara").click()

    for _party in range(3):
        page.get_by_role("link", name="Underskrift av").first.click()
        page.get_by_label("Undertecknad av").fill("Anna Andersson")
        page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Gällande").first).to_be_visible()

    # The signed agreement as the parties file it: a PDF signed by the names just entered.
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF (arkiverad)").click()
    assert download.value.suggested_filename == "an-2026-100-traffpunkter-for-aldre.pdf"
    pdf = download.value.path().read_bytes()
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Träffpunkter för äldre" in text
    assert "Hjärta till hjärta" in text
    assert text.count("Anna Andersson") == 3
    assert "UTKAST" not in text

    page.get_by_role("link", name="Förläng").click()
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text(datetime.date(today.year + 4, 12, 31).isoformat()).first).to_be_visible()

    agreement = Agreement.objects.get(registry_number="ÄN 2026-100")
    assert agreement.versions.get().status == Status.SIGNED
    assert agreement.extensions.count() == 1
