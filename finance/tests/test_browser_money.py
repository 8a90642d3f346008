"""A planner in a real browser amends a signed agreement to raise the committee's money from
next year and records payments: the paid years keep their amounts, the new money applies
from its effective date, and a payment sent twice is recorded once. Every page is checked
by axe-core and against the Content-Security-Policy (the `page` fixture)."""

import datetime
import subprocess

import pytest
from playwright.sync_api import expect

from django.urls import reverse

from finance import services
from finance.models import Payment
from finance.tests.factories import _sign, money_agreement
from iop.accounts.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = datetime.date
NBSP = "\xa0"


def kr(amount):
    return f"{amount:,}".replace(",", NBSP) + f"{NBSP}kr"


def test_planner_raises_the_money_from_next_year_and_the_paid_years_stay(
    live_server, page, planner, committee_x, organisation_a
):
    # 2024-01-01 – 2026-12-31, 120 000 kr a year paid in January; 2024 was paid.
    agreement = money_agreement(
        start=D(2024, 1, 1),
        end=D(2026, 12, 31),
        yearly="120000",
        committee=committee_x,
        organisation=organisation_a,
        decision=D(2023, 11, 20),
        signed=D(2023, 12, 1),
    )
    services.payment_register(
        by=None,
        agreement=agreement,
        recipient=organisation_a,
        instalment_due=D(2024, 1, 31),
        date=D(2024, 1, 20),
        amount=120000,
        reference="V-2024",
    )

    page.goto(live_server.url)
    page.get_by_label("Användarnamn").fill(planner.username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()

    # The 2025 instalment is paid from the finance page; the form sent twice records it once.
    finance_page = live_server.url + reverse("finance:agreement-finance", args=[agreement.pk])
    page.goto(finance_page)
    form = page.locator(f'form[action="{reverse("finance:payment-create", args=[agreement.pk])}"]')
    form.get_by_label("Delbetalning").select_option(value=f"2025-01-31:{organisation_a.pk}")
    form.get_by_label("Utbetalningsdatum").fill("2025-01-22")
    form.get_by_label("Belopp (kr)").fill("120 000")
    form.get_by_label("Referens (verifikation)").fill("V-2025")
    form.get_by_role("button", name="Registrera utbetalning").click()
    expect(page.get_by_text("Utbetalningen har registrerats.")).to_be_visible()
    page.go_back()  # and sent once more, as an impatient click or a reload would
    form.get_by_role("button", name="Registrera utbetalning").click()
    expect(page.get_by_text("redan")).to_be_visible()
    assert Payment.objects.filter(agreement=agreement).count() == 2

    # The amendment: 150 000 kr a year from 2026-01-01.
    page.goto(live_server.url + agreement.get_absolute_url())
    page.get_by_role("button", name="Ändra överenskommelsen").click()
    page.goto(live_server.url + reverse("finance:draft-money", args=[agreement.pk]))
    money_row = page.get_by_role("row").filter(has_text=kr(120000)).filter(has_text="Pengar")
    money_row.get_by_role("button", name="Ta bort").click()
    contribution = page.locator('form:has(input[name="form"][value="contribution"])')
    contribution.locator("#id_party").select_option(label=committee_x.name)
    contribution.locator("#id_kind").select_option(value="money")
    contribution.locator("#id_amount").fill("150 000")
    contribution.get_by_role("button", name="Lägg till insats").click()
    terms = page.locator('form:has(input[name="form"][value="terms"])')
    terms.locator("#id_money_from").fill("2026-01-01")
    terms.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("row").filter(has_text="2026-01-01 – 2026-12-31")).to_contain_text(kr(150000))
    expect(page.get_by_role("row").filter(has_text="2025-01-01 – 2025-12-31")).to_contain_text(kr(120000))

    # The committee decides and both parties sign (on paper; recorded here).
    amendment = agreement.versions.get(number=2)
    _sign(amendment, decision=D(2025, 2, 10), signed=D(2025, 2, 20))

    page.goto(finance_page)
    rows = page.get_by_role("row")
    year_2024 = rows.filter(has=page.get_by_role("rowheader", name="2024-01-01 – 2024-12-31"))
    year_2025 = rows.filter(has=page.get_by_role("rowheader", name="2025-01-01 – 2025-12-31"))
    year_2026 = rows.filter(has=page.get_by_role("rowheader", name="2026-01-01 – 2026-12-31"))
    for row in (year_2024, year_2025):
        expect(row).to_contain_text("version 1")
        expect(row).to_contain_text(kr(120000))
    expect(year_2026).to_contain_text("version 2")
    expect(year_2026).to_contain_text(kr(150000))
    expect(page.get_by_role("row").filter(has_text="Nämndens pengar under hela perioden")).to_contain_text(kr(390000))

    # The comparison shows the money change beside the text.
    page.goto(live_server.url + agreement.get_absolute_url())
    page.get_by_role("link", name="Jämför versioner").click()
    money_change = page.get_by_role("row").filter(has_text=kr(150000))
    expect(money_change.first).to_contain_text(kr(120000))
    expect(page.get_by_text("2026-01-01").first).to_be_visible()

    # The amendment's PDF prints each money fact once.
    pdf = page.request.get(live_server.url + reverse("agreements:version-pdf", args=[agreement.pk, 2])).body()
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    text = " ".join(text.split())  # lines and page breaks as spaces
    # the committee's money per year, in the table only: its row and the yearly total it makes alone
    assert text.count("Pengar 150 000 kr") == 1 and text.count("150 000 kr") == 2, text
    assert text.count("390 000 kr") == 1  # over the whole period: 120 000 + 120 000 + 150 000
    assert text.count("2026-01-01") == 1  # the amendment's money applies from
    assert text.count("i januari") == 1  # paid once a year in January
