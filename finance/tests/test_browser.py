"""An administrator in a real browser enters a new year's OPI: the agreement's finance
page and the committee overview change accordingly, and the overview prints as a landscape
document. Every page on the way is checked by axe-core and against the
Content-Security-Policy (the `page` fixture, see iop/core/tests/axe.py)."""

import datetime
import re
import subprocess
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from django.urls import reverse

from agreements.tests.factories import make_agreement
from finance.models import ContributionKind
from finance.tests.factories import _sign, add_contribution, set_terms
from iop.accounts.tests.factories import PASSWORD
from partners.tests.factories import CommitteeFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = datetime.date
NBSP = "\xa0"


def test_administrator_enters_next_years_opi_and_the_figures_follow(live_server, page, administrator):
    agreement = make_agreement(
        committee=CommitteeFactory(name="Äldrenämnden"),
        partners=[OrganisationFactory(name="Resurspoolen", org_number="822003-0913")],
        registry_number="ÄN 2022-1",
        start=D(2023, 1, 1),
        end=D(2026, 12, 31),
    )
    version = agreement.versions.get()
    committee_party, partner = version.parties.order_by("order")
    add_contribution(version, committee_party, ContributionKind.MONEY, amount=Decimal("933000"))
    add_contribution(version, partner, ContributionKind.HOURS, hours=Decimal("18000"), hourly_value=Decimal("214"))
    set_terms(version, indexation_from_year=2024, payment_months="1")
    _sign(version, decision=D(2022, 11, 24), signed=D(2022, 12, 12))

    page.goto(live_server.url)
    page.get_by_label("Användarnamn").fill(administrator.username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()

    finance_page = live_server.url + reverse("finance:agreement-finance", args=[agreement.pk])
    page.goto(finance_page)
    row_2024 = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="2024-01-01 – 2024-12-31"))
    expect(row_2024).to_contain_text("ännu inte känt")

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="OPI").click()
    page.locator(f'a[href="{reverse("finance:index-create")}"]').click()
    page.locator("#id_year").fill("2024")
    page.locator("#id_percent").fill("4,1")
    page.locator("#id_status").select_option("definitive")
    page.locator("#id_published").fill("2024-04-20")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("cell", name="2024").first).to_be_visible()

    page.goto(finance_page)
    expect(row_2024).to_contain_text(f"971{NBSP}253{NBSP}kr")  # 933 000 × 1,041

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Ekonomi").click()
    page.get_by_label("Nämnd", exact=True).select_option(label="Äldrenämnden")
    page.get_by_label("År", exact=True).fill("2024")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_role("row").filter(has_text="ÄN 2022-1")).to_contain_text(f"971{NBSP}253{NBSP}kr")

    # Printed as the browser prints it (print.css): the table on landscape A4, no menu, no form.
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Huvudmeny")).to_be_hidden()
    pdf = page.pdf(prefer_css_page_size=True)
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (297, 210)  # A4 landscape, in mm
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Äldrenämnden" in text
    assert re.search(r"ÄN 2022-1", text) and re.search(r"971\s253\skr", text)
    assert "Logga ut" not in text and "Visa" not in text
