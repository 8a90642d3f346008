"""The private calendar feed: found by a revocable token, read by a real iCalendar parser."""

import datetime

import pytest
from icalendar import Calendar

from django.urls import reverse

from followup.desk.attention import items_for
from followup.desk.tests.test_attention import TODAY, running_agreement
from followup.meetings import services as meetings
from followup.models import CalendarToken, Convener, MeetingKind

D = datetime.date
SETTINGS = "followup:calendar-settings"


def feed_path(token):
    return reverse("followup:calendar-feed", args=[token])


def token_of(user):
    return CalendarToken.objects.get(user=user, revoked_at__isnull=True).token


def events(response):
    calendar = Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def agreement(committee_x, organisation_a):
    """Yearly follow-ups every December: last year's not held, this year's coming; and an action due."""
    agreement = running_agreement(committee_x, organisation_a)
    meetings.rule_save(
        by=None, agreement=agreement, kind=MeetingKind.FOLLOW_UP, months="12", convened_by=Convener.ADMINISTRATION
    )
    meeting = meetings.meeting_save(
        by=None,
        agreement=agreement,
        kind=MeetingKind.OPERATIONAL,
        date=TODAY - datetime.timedelta(days=14),
        convened_by=Convener.ADMINISTRATION,
    )
    meetings.action_item_add(
        by=None,
        meeting=meeting,
        text="Skicka protokollet",
        owner="Förvaltningen",
        due_date=TODAY - datetime.timedelta(days=2),
    )
    return agreement


def test_the_settings_page_shows_the_private_address_and_makes_a_token_once(client_as, planner):
    client = client_as(planner)
    response = client.get(reverse(SETTINGS))
    assert response.status_code == 200
    token = token_of(planner)
    assert len(token) >= 40
    assert f"http://testserver{feed_path(token)}" in response.content.decode()
    client.get(reverse(SETTINGS))
    assert CalendarToken.objects.filter(user=planner).count() == 1


def test_the_settings_page_needs_a_login(client, db):
    response = client.get(reverse(SETTINGS))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_the_feed_parses_and_holds_planned_meetings_and_deadlines(client, planner, agreement):
    CalendarToken.objects.create(user=planner, token="planner-secret")
    response = client.get(feed_path("planner-secret"))  # no login: calendar apps cannot log in
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["PRODID"]) == "-//IOP//Idéburna offentliga partnerskap//SV"
    found = events(response)

    # this year's yearly follow-up, planned: an all-day event on its due date
    planned = found[f"plan:{agreement.pk}:{MeetingKind.FOLLOW_UP}:{D(TODAY.year, 12, 31)}@iop"]
    assert planned.decoded("DTSTART") == D(TODAY.year, 12, 31)
    assert str(planned["SUMMARY"]) and planned.get("DTSTAMP") is not None
    # the operational meeting that was held, on its day
    held = [event for uid, event in found.items() if uid.startswith("held:")]
    assert [event.decoded("DTSTART") for event in held] == [TODAY - datetime.timedelta(days=14)]
    # the deadlines of the start page: the overdue action item
    for item in items_for(planner):
        if item.kind != "meeting":
            event = found[f"{item.key}@iop"]
            assert event.decoded("DTSTART") == item.due and str(event["SUMMARY"]) == item.title


def test_a_held_meeting_moves_its_planned_event_to_the_day_it_was_held(client, planner, agreement):
    CalendarToken.objects.create(user=planner, token="planner-secret")
    meetings.meeting_save(
        by=None,
        agreement=agreement,
        kind=MeetingKind.FOLLOW_UP,
        date=D(TODAY.year - 1, 11, 5),
        convened_by=Convener.ADMINISTRATION,
    )
    found = events(client.get(feed_path("planner-secret")))
    event = found[f"plan:{agreement.pk}:{MeetingKind.FOLLOW_UP}:{D(TODAY.year - 1, 12, 31)}@iop"]
    assert event.decoded("DTSTART") == D(TODAY.year - 1, 11, 5)


def test_a_partner_sees_the_meetings_of_their_agreements_only(client, partner_a, partner_b, agreement):
    CalendarToken.objects.create(user=partner_a, token="a-secret")
    CalendarToken.objects.create(user=partner_b, token="b-secret")
    assert any(uid.startswith("plan:") for uid in events(client.get(feed_path("a-secret"))))
    assert events(client.get(feed_path("b-secret"))) == {}


def test_a_wrong_or_revoked_token_is_the_same_404(client, planner, agreement):
    client_page = client.get(feed_path("no-such-token"))
    CalendarToken.objects.create(user=planner, token="old-secret", revoked_at=datetime.datetime.now(datetime.UTC))
    revoked = client.get(feed_path("old-secret"))
    assert client_page.status_code == revoked.status_code == 404
    assert client_page.content == revoked.content
    assert b"planner" not in revoked.content


def test_an_inactive_users_feed_is_gone(client, planner):
    CalendarToken.objects.create(user=planner, token="planner-secret")
    planner.is_active = False
    planner.save()
    assert client.get(feed_path("planner-secret")).status_code == 404


def test_revoking_gives_a_new_token_and_the_old_address_stops_working(client_as, planner):
    client = client_as(planner)
    client.get(reverse(SETTINGS))
    old = token_of(planner)
    assert client.get(feed_path(old)).status_code == 200

    response = client.post(reverse(SETTINGS), {"revoke": "1"})
    assert response.status_code == 302 and response.url == reverse(SETTINGS)
    new = token_of(planner)
    assert new != old
    assert client.get(feed_path(old)).status_code == 404
    assert client.get(feed_path(new)).status_code == 200
    assert feed_path(new) in client.get(reverse(SETTINGS)).content.decode()


def test_a_viewer_gets_an_empty_but_valid_calendar(client, viewer):
    CalendarToken.objects.create(user=viewer, token="viewer-secret")
    response = client.get(feed_path("viewer-secret"))
    assert response.status_code == 200 and events(response) == {}
