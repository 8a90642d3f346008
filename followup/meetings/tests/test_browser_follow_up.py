"""A planner and a partner in a real browser: the planner sets the yearly follow-up rule,
records this year's follow-up with its minutes and an action item for the partner; the
partner reads the minutes and finds the action on their start page. Every page on the way
is checked by axe-core and against the Content-Security-Policy (see iop/core/tests/axe.py)."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from django.urls import reverse
from django.utils import timezone

from followup.hours.tests.test_browser import log_in
from followup.meetings.models import ActionItem, FollowUpMeeting, FollowUpRule, MeetingKind
from followup.tests.factories import approver_for, hours_agreement, reporter_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MINUTES = "Verksamheten nådde 58 deltagare, varav 5 gick vidare till arbete."
ACTION = "Skicka in verksamhetsberättelsen för året"


def test_planner_records_the_yearly_follow_up_and_the_partner_sees_the_action(live_server, page):
    agreement = hours_agreement()  # in force from 1 January last year
    organisation = agreement.versions.get().parties.get(organisation__isnull=False).organisation
    planner, partner = approver_for(agreement), reporter_for(organisation)
    today = timezone.localdate()
    due = today + datetime.timedelta(days=14)
    follow_up = live_server.url + reverse("followup:follow-up", args=[agreement.pk])

    log_in(page, live_server, planner)
    page.goto(follow_up)
    expect(page.locator(f'main a[href="{agreement.get_absolute_url()}"]').first).to_be_visible()
    page.locator("details:has(#rule-form) > summary").click()
    page.locator("#rule-form select[name=kind]").select_option(MeetingKind.FOLLOW_UP)
    page.locator("#rule-form input[name=months]").fill("12")
    page.locator("#rule-form select[name=convened_by]").select_option("administration")
    page.locator("#rule-form button[type=submit]").click()
    expect(page).to_have_url(follow_up)
    assert FollowUpRule.objects.get(agreement=agreement).month_numbers == [12]
    expect(page.locator(".missing-follow-up")).to_contain_text(str(today.year - 1))  # last year's was never held
    expect(page.locator("table.plan tr.plan-to_come")).not_to_have_count(0)

    page.locator("#record-meeting").click()
    page.locator("select[name=kind]").select_option(MeetingKind.FOLLOW_UP)
    page.locator("input[name=date]").fill(today.isoformat())
    page.locator("input[name=place]").fill("Stadshuset, rum 3")
    page.locator("select[name=convened_by]").select_option("administration")
    page.locator("textarea[name=participants]").fill("Resurspoolen: verksamhetsledaren\nFörvaltningen: handläggaren")
    page.locator("textarea[name=agenda]").fill("- Året som gått\n- Nästa år")
    page.locator("textarea[name=minutes]").fill(MINUTES)
    page.locator("textarea[name=decisions]").fill("Fortsätt som planerat.")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(live_server.url) + r"/.+/\d+/$"))
    meeting = FollowUpMeeting.objects.get(agreement=agreement)
    assert page.url == live_server.url + reverse("followup:meeting-detail", args=[meeting.pk])
    expect(page.locator("section.minutes")).to_contain_text(MINUTES)

    page.locator("details:has(#action-form) > summary").click()
    page.locator("#action-form input[name=action-text]").fill(ACTION)
    page.locator("#action-form input[name=action-owner]").fill("Verksamhetsledaren")
    page.locator("#action-form select[name=action-owner_organisation]").select_option(str(organisation.pk))
    page.locator("#action-form input[name=action-due_date]").fill(due.isoformat())
    page.locator("#action-form button[type=submit]").click()
    expect(page.locator("table.action-items")).to_contain_text(ACTION)
    item = ActionItem.objects.get()
    assert (item.meeting, item.owner_organisation, item.due_date, item.done_on) == (meeting, organisation, due, None)

    page.goto(follow_up)
    held = page.locator("table.plan tr.plan-held")
    expect(held).to_have_count(1)
    expect(held.locator(f'a[href="{reverse("followup:meeting-detail", args=[meeting.pk])}"]')).to_be_visible()

    page.locator("header form button").click()  # log out
    log_in(page, live_server, partner)
    page.goto(live_server.url + reverse("followup:meeting-detail", args=[meeting.pk]))
    expect(page.locator("section.minutes")).to_contain_text(MINUTES)
    expect(page.locator("#action-form")).to_have_count(0)  # partners read; planners record
    expect(page.locator("table.action-items")).to_contain_text(ACTION)

    page.goto(live_server.url + "/")
    expect(page.locator("main")).to_contain_text(ACTION)
