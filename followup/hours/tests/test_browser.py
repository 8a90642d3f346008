"""A partner and a planner in a real browser: the partner fills a month sheet, uploads a
CSV with one bad row (sees the error, nothing saved), fixes it and submits the month; the
planner approves it; both see the progress. Every page on the way is checked by axe-core
and against the Content-Security-Policy (the `page` fixture, see iop/core/tests/axe.py)."""

import datetime

import pytest
from playwright.sync_api import expect

from django.urls import reverse
from django.utils import timezone

from followup.hours.models import HourEntry, MonthReport, MonthStatus
from followup.hours.services import agreement_activities
from followup.tests.factories import approver_for, hours_agreement, reporter_for
from iop.accounts.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user):
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("Användarnamn").fill(user.username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def test_partner_reports_a_month_and_the_planner_approves_it(live_server, page, tmp_path):
    agreement = hours_agreement()
    organisation = agreement.versions.get().parties.get(organisation__isnull=False).organisation
    partner, planner = reporter_for(organisation), approver_for(agreement)
    activity = agreement_activities(agreement).first()
    month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    key = month.strftime("%Y-%m")

    log_in(page, live_server, partner)
    page.goto(live_server.url + reverse("followup:hours-sheet", args=[agreement.pk, organisation.pk, key]))
    page.locator(f'input[name="v-{activity.pk}"]').fill("2")
    page.locator(f'input[name="h-{activity.pk}-3"]').fill("4")
    page.locator(f'input[name="h-{activity.pk}-10"]').fill("5")
    page.locator("main form[method=post] button[type=submit]").first.click()
    expect(page).to_have_url(
        live_server.url + reverse("followup:hours-month", args=[agreement.pk, organisation.pk, key])
    )
    assert HourEntry.objects.count() == 2

    bad = tmp_path / "timmar.csv"
    bad.write_text(
        "datum;aktivitet;timmar;volontärer;plats;anteckning\n"
        f"{month:%Y-%m}-12;{activity.name};3;2;;\n"
        f"{month:%Y-%m}-13;{activity.name};30;1;;\n",
        encoding="utf-8",
    )
    page.goto(live_server.url + reverse("followup:hours-upload", args=[agreement.pk, organisation.pk]))
    page.locator('input[type="file"]').set_input_files(str(bad))
    page.locator('button[value="preview"]').click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("3")  # the row
    expect(alert).to_contain_text("timmar")  # the column
    assert HourEntry.objects.count() == 2  # nothing saved

    good = tmp_path / "timmar-rättad.csv"
    good.write_text(bad.read_text(encoding="utf-8").replace(";30;1;", ";2;1;"), encoding="utf-8")
    page.locator('input[type="file"]').set_input_files(str(good))
    page.locator('button[value="preview"]').click()
    page.locator('button[value="save"]').click()
    expect(page).to_have_url(
        live_server.url + reverse("followup:hours-month", args=[agreement.pk, organisation.pk, key])
    )
    assert HourEntry.objects.count() == 4
    page.locator("form[action$='/lamna-in/'] button").click()
    assert MonthReport.objects.get().status == MonthStatus.SUBMITTED

    page.locator("header form button").click()  # log out
    log_in(page, live_server, planner)
    page.goto(live_server.url + reverse("followup:hours-review"))
    page.locator(f'input[name="reports"][value="{MonthReport.objects.get().pk}"]').check()
    page.locator("#approve-form button").click()
    assert MonthReport.objects.get().status == MonthStatus.APPROVED

    progress = live_server.url + reverse("followup:hours-progress") + f"?agreement={agreement.pk}&year={month.year}"
    approved = page.locator(".progress-totals tbody tr").first  # approved: 4 + 5 + 3 + 2 hours, × 214 kr
    page.goto(progress)
    expect(approved).to_contain_text("14")
    expect(approved).to_contain_text("2\xa0996\xa0kr")
    page.locator("header form button").click()
    log_in(page, live_server, partner)
    page.goto(progress)
    expect(approved).to_contain_text("2\xa0996\xa0kr")
