"""A partner and a planner on a phone (390 × 844): the partner finds the menu behind its
button, logs hours with the form at the top of the month page, fills in a week of the
month sheet, uploads a file and submits the month; the planner approves it on the desk.
No page on the way scrolls sideways, and each is checked by axe-core and the
Content-Security-Policy (the `page` fixture, see iop/core/tests/axe.py)."""

import datetime

import pytest
from playwright.sync_api import expect

from django.urls import reverse
from django.utils import timezone

from followup.hours.models import HourEntry, MonthReport, MonthStatus
from followup.hours.services import agreement_activities
from followup.meetings import services as meetings
from followup.meetings.models import Convener, MeetingKind
from followup.tests.factories import approver_for, hours_agreement, reporter_for
from iop.accounts.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


class Widths:
    """The document's width on every page visited: a page wider than the phone scrolls
    sideways. All are gathered so a failure names every page that is too wide."""

    def __init__(self, page):
        self.page = page
        self.too_wide = {}

    def check(self):
        self.page.wait_for_load_state()
        width = self.page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            self.too_wide[self.page.url] = width


def log_in(page, live_server, user, widths):
    page.goto(live_server.url + reverse("accounts:login"))
    widths.check()
    page.get_by_label("Användarnamn").fill(user.username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    widths.check()


def log_out(page):
    page.get_by_role("button", name="Meny").click()
    page.get_by_role("button", name="Logga ut").click()


def test_a_partner_reports_a_month_and_the_planner_approves_it_on_a_phone(live_server, page, tmp_path):
    agreement = hours_agreement()
    organisation = agreement.versions.get().parties.get(organisation__isnull=False).organisation
    partner, planner = reporter_for(organisation), approver_for(agreement)
    activity = agreement_activities(agreement).first()
    month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    key = f"{month:%Y-%m}"
    meeting = meetings.meeting_save(
        by=None,
        agreement=agreement,
        kind=MeetingKind.FOLLOW_UP,
        date=timezone.localdate(),
        place="Stadshuset",
        convened_by=Convener.ADMINISTRATION,
        participants="Resurspoolen och förvaltningen",
        minutes="Verksamheten har nått 58 deltagare.",
    )
    month_url = live_server.url + reverse("followup:hours-month", args=[agreement.pk, organisation.pk, key])
    page.set_viewport_size(PHONE)
    widths = Widths(page)

    log_in(page, live_server, partner, widths)
    menu = page.get_by_role("button", name="Meny")
    expect(menu).to_be_visible()  # the menu is folded: one row on a phone
    expect(page.get_by_role("button", name="Logga ut")).to_be_hidden()
    menu.click()
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
    widths.check()

    page.goto(live_server.url + reverse("followup:hours-home"))
    widths.check()
    page.goto(month_url)
    widths.check()
    # The form comes before the list of entries.
    assert page.locator("#log-heading").bounding_box()["y"] < page.locator("#entries-heading").bounding_box()["y"]
    page.locator("#id_date").fill(f"{month:%Y-%m}-10")
    page.locator("#id_activity").select_option(str(activity.pk))
    page.locator("#id_hours").fill("3")
    page.locator("#id_volunteers").fill("2")
    page.locator("#id_place").fill("Träffpunkten i Ryds centrum, stora salen")
    page.locator("#id_note").fill("Promenad längs Stångån och fika efteråt")
    page.locator("main form[method=post]:has(#id_hours) button[type=submit]").click()
    expect(page).to_have_url(month_url)
    assert HourEntry.objects.count() == 1
    card = page.locator(".entry-card")
    expect(card).to_be_visible()  # entries as stacked cards, the table hidden
    expect(card).to_contain_text("Träffpunkten i Ryds centrum")
    expect(card.get_by_role("button", name="Ta bort")).to_be_visible()
    expect(page.locator("main table").first).to_be_hidden()
    widths.check()

    page.get_by_role("link", name="Fyll i en vecka").click()
    widths.check()
    week = page.get_by_role("navigation", name="Månadens veckor")
    expect(week.locator("[aria-current=page]")).to_have_count(1)
    page.locator(f'input[name="v-{activity.pk}"]').fill("1")
    page.locator(f'input[name="h-{activity.pk}-1"]').fill("2,5")
    page.get_by_role("button", name="Spara veckan").click()
    expect(page).to_have_url(month_url)
    assert HourEntry.objects.count() == 2
    widths.check()

    page.goto(live_server.url + reverse("followup:hours-sheet", args=[agreement.pk, organisation.pk, key]))
    widths.check()  # the whole month's table is not shown on a phone: the weeks are

    page.goto(live_server.url + reverse("followup:hours-upload", args=[agreement.pk, organisation.pk]))
    widths.check()
    upload = tmp_path / "timmar.csv"
    upload.write_text(
        "datum;aktivitet;timmar;volontärer;plats;anteckning\n"
        f"{month:%Y-%m}-12;{activity.name};3;2;Träffpunkten i Ryds centrum;Promenad och fika\n"
        f"{month:%Y-%m}-13;{activity.name};30;1;;\n",
        encoding="utf-8",
    )
    page.locator('input[type="file"]').set_input_files(str(upload))
    page.locator('button[value="preview"]').click()
    expect(page.get_by_role("alert")).to_contain_text("timmar")
    widths.check()  # the errors and the file's rows, each table in its own scroll box
    upload.write_text(upload.read_text(encoding="utf-8").replace(";30;1;", ";2;1;"), encoding="utf-8")
    page.locator('input[type="file"]').set_input_files(str(upload))
    page.locator('button[value="preview"]').click()
    widths.check()
    page.locator('button[value="save"]').click()
    expect(page).to_have_url(month_url)
    assert HourEntry.objects.count() == 4

    for name, args in [
        ("followup:hours-progress", []),
        ("followup:follow-up", [agreement.pk]),
        ("followup:meeting-detail", [meeting.pk]),
        ("followup:yearly", [agreement.pk, month.year]),
        ("agreements:agreement-list", []),
        ("agreements:agreement-detail", [agreement.pk]),
        ("agreements:version-detail", [agreement.pk, 1]),
        ("partners:organisation-list", []),
        ("partners:organisation-detail", [organisation.pk]),
        ("accounts:password-change", []),
        ("desk:start", []),
    ]:
        page.goto(live_server.url + reverse(name, args=args))
        widths.check()

    page.goto(month_url)
    page.get_by_role("button", name="Lämna in månaden").click()
    assert MonthReport.objects.get().status == MonthStatus.SUBMITTED
    widths.check()
    log_out(page)

    log_in(page, live_server, planner, widths)
    page.goto(live_server.url + reverse("followup:hours-review"))
    widths.check()
    page.locator(f'input[name="reports"][value="{MonthReport.objects.get().pk}"]').check()
    page.locator("#approve-form button").click()
    assert MonthReport.objects.get().status == MonthStatus.APPROVED
    widths.check()
    page.goto(month_url)
    widths.check()
    page.goto(live_server.url + reverse("followup:hours-progress") + f"?agreement={agreement.pk}")
    widths.check()

    assert widths.too_wide == {}

    # A wide screen keeps the table and the open menu.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(month_url)
    expect(page.locator("main table").first).to_be_visible()
    expect(page.locator(".entry-card").first).to_be_hidden()
    expect(page.get_by_role("button", name="Meny")).to_be_hidden()
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
