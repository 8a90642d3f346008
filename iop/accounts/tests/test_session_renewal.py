"""The inactivity timeout without a write per request: a logged-in user's session is saved
(and so renewed) at most once a minute, and still ends no earlier than 30 minutes after the
last request, and no later than a minute after that."""

import datetime

import pytest

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from iop.accounts.middleware import RENEW_EVERY

IDLE = datetime.timedelta(minutes=30)


@pytest.fixture
def clock(monkeypatch):
    """The time the sessions and the middleware see, moved on by `clock.advance(seconds)`."""

    class Clock:
        now = timezone.now()

        def advance(self, seconds):
            self.now += datetime.timedelta(seconds=seconds)

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


def session_writes(client, path):
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    writes = [
        q["sql"]
        for q in context.captured_queries
        if q["sql"].startswith(("UPDATE", "INSERT")) and "django_session" in q["sql"]
    ]
    return response, writes


def stored_expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_session_is_written_at_most_once_a_minute(client_as, planner, clock):
    client = client_as(planner)  # the login writes the session
    renewed = stored_expiry(client)
    assert renewed == clock.now + IDLE + datetime.timedelta(seconds=RENEW_EVERY)
    start = reverse("desk:start")
    for _ in range(4):
        response, writes = session_writes(client, start)
        assert response.status_code == 200 and writes == []
        clock.advance(15)
    assert stored_expiry(client) == renewed
    response, writes = session_writes(client, start)  # a minute after the last write
    assert response.status_code == 200 and len(writes) == 1
    assert stored_expiry(client) == clock.now + IDLE + datetime.timedelta(seconds=RENEW_EVERY)


def test_a_session_ends_30_to_31_minutes_after_the_last_request(client_as, planner, clock):
    client = client_as(planner)
    start = reverse("desk:start")
    clock.advance(RENEW_EVERY - 1)  # since the login wrote the session
    response, writes = session_writes(client, start)  # the last request: not written
    assert response.status_code == 200 and writes == []
    clock.advance(IDLE.total_seconds() - 1)  # 29:59 without a request: still logged in
    assert client.get(start).status_code == 200
    clock.advance(IDLE.total_seconds() + RENEW_EVERY + 1)  # then 31:01 without a request
    response = client.get(start)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
