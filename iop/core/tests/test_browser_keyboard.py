"""By keyboard in a real browser: the skip link of the month page leads to its entry form in
a few Tab stops however many entries the month has; a refused entry puts the focus on the
error summary, whose link puts it in the field. Every page is checked by axe-core and
against the Content-Security-Policy (the `page` fixture)."""

import datetime
from decimal import Decimal

import pytest

from django.urls import reverse
from django.utils import timezone

from followup.hours import services
from followup.hours.services import agreement_activities
from followup.tests.factories import hours_agreement, reporter_for
from iop.accounts.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED_ID = "document.activeElement.id"


def test_a_partner_reaches_the_entry_form_by_the_skip_link_and_lands_on_the_errors(live_server, page):
    agreement = hours_agreement()
    organisation = agreement.versions.get().parties.get(organisation__isnull=False).organisation
    partner = reporter_for(organisation)
    activity = agreement_activities(agreement).first()
    month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    for day in range(1, 16):  # a month of many entries, each with its own delete button
        services.hours_log(
            by=None, agreement=agreement, organisation=organisation, activity=activity,
            date=month.replace(day=day), hours=Decimal("2"), volunteers=1,
        )  # fmt: skip

    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("Användarnamn").fill(partner.username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.goto(live_server.url + reverse("followup:hours-month", args=[agreement.pk, organisation.pk, f"{month:%Y-%m}"]))

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    page.keyboard.press("Enter")
    presses = 0
    while page.evaluate(FOCUSED_ID) != "id_date" and presses < 10:
        page.keyboard.press("Tab")
        presses += 1
    assert page.evaluate(FOCUSED_ID) == "id_date"
    assert presses <= 3, f"{presses} Tab stops from the skip link to the first field"

    # A refused entry: the focus is on the summary, which leads to the field.
    page.locator("#id_hours").fill("mycket")
    page.locator("#main-form button[type=submit]").click()
    page.wait_for_selector("[data-error-summary]")
    page.wait_for_load_state()
    assert page.evaluate("'errorSummary' in document.activeElement.dataset")
    assert page.locator("#id_hours").input_value() == "mycket"
    page.locator("[data-error-summary] a[href='#id_hours']").click()
    assert page.evaluate(FOCUSED_ID) == "id_hours"
