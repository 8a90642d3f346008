"""A planner in a real browser meets the questions before anything is destroyed: removing a
chapter, sending a draft with a criterion not met to decision, and giving notice. Every
page is checked by axe-core and against the Content-Security-Policy (the `page` fixture)."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from django.utils import timezone

from agreements import services
from agreements.models import Agreement, Judgement, Section, Status
from agreements.tests.factories import make_agreement
from iop.accounts.tests.factories import PASSWORD
from iop.core.dates import add_months

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = datetime.date


def test_planner_is_asked_before_removing_sending_on_and_ending(live_server, page, planner, committee_x):
    today = timezone.localdate()
    draft = make_agreement(committee=committee_x, registry_number="ÄN 2026-1")
    version = draft.versions.get()
    services.item_add(by=None, version=version, lock_version=version.lock_version, kind="section", heading="Lokaler")
    version.refresh_from_db()
    answers = {number: (Judgement.MET, "Bedömt.") for number in range(1, 9)}
    answers[5] = (Judgement.NOT_MET, "Det finns en marknad.")
    services.assessments_save(
        by=None, version=version, lock_version=version.lock_version, answers=answers, legal_review=""
    )
    signed = make_agreement(
        committee=committee_x,
        registry_number="ÄN 2026-2",
        state="signed",
        start=D(today.year - 1, 1, 1),
        end=D(today.year + 1, 12, 31),
        decision_date=D(today.year - 2, 11, 20),
        signed_on=D(today.year - 2, 12, 16),
    )

    page.goto(live_server.url)
    page.get_by_label("Användarnamn").fill(planner.username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()

    # A chapter: the list's button asks first; Avbryt keeps it, the page's button removes it.
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    page.get_by_role("link", name="Kapitel", exact=True).click()
    page.get_by_role("link", name=re.compile(r"Ta bort\W*Lokaler")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ta bort kapitlet?")
    page.get_by_role("link", name="Avbryt").click()
    assert Section.objects.filter(heading="Lokaler").exists()
    page.get_by_role("link", name=re.compile(r"Ta bort\W*Lokaler")).click()
    page.get_by_role("button", name="Ta bort").click()
    expect(page.get_by_text("Borttaget.")).to_be_visible()
    assert not Section.objects.filter(heading="Lokaler").exists()

    # A criterion not met: named, and the box must be ticked.
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    page.get_by_role("button", name="Skicka till beslut").click()
    expect(page.get_by_text("Det finns en marknad.")).to_be_visible()
    page.get_by_role("button", name="Skicka till beslut").click()
    expect(page.get_by_text("Kryssa i rutan")).to_be_visible()
    page.get_by_label("Jag har sett kriterierna").check()
    page.get_by_role("button", name="Skicka till beslut").click()
    expect(page.get_by_text("Klar för beslut").first).to_be_visible()
    assert draft.versions.get().status == Status.READY

    # Notice: the computed end is shown before anything is recorded.
    page.goto(f"{live_server.url}{signed.get_absolute_url()}")
    page.get_by_role("link", name="Säg upp").click()
    page.get_by_label("Uppsagd av").select_option(index=1)
    page.get_by_label("Datum för den skriftliga uppsägningen").fill(f"{today:%Y-%m-%d}")
    page.get_by_role("button", name="Spara").click()
    end = add_months(today, 6)
    expect(page.locator("#termination-end")).to_contain_text(f"överenskommelsen upphör {end:%Y-%m-%d}")
    assert not hasattr(Agreement.objects.get(pk=signed.pk), "termination")
    page.get_by_role("button", name="Registrera uppsägningen").click()
    expect(page.get_by_text("Uppsägningen har registrerats.")).to_be_visible()
    assert Agreement.objects.get(pk=signed.pk).termination.end_date == end
