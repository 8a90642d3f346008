"""One throttle for every way in: the back office has no login of its own, failed logins
are counted and refused in one step, and password-reset e-mails are limited."""

import datetime
import re
from functools import partial
from unittest import mock

import pytest

from django.contrib.admin import AdminSite
from django.contrib.auth.views import LoginView
from django.core import mail
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from iop.accounts.forms import LoginForm
from iop.accounts.models import AccessEvent, AccessKind
from iop.accounts.tests.factories import PASSWORD, UserFactory
from iop.core import audit
from iop.core.tests.race import at_once

RESET = "accounts:password-reset"


def log_in(client, username, password, address="10.0.0.1", url="accounts:login"):
    return client.post(reverse(url), {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client):
    return "_auth_user_id" in client.session


def failures(username):
    return AccessEvent.objects.filter(kind=AccessKind.LOGIN_FAILED, username=username).count()


# --- the back office sits behind the application's login ---------------------------------


def test_the_back_office_login_sends_to_the_applications_login(db, client):
    response = client.get(reverse("admin:login"), {"next": "/admin/"})
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next=/admin/"


def test_an_administrator_logs_in_through_the_application_and_enters_the_back_office(client, administrator):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('accounts:login')}?next=/admin/"
    response = client.post(reverse("accounts:login"), {"username": "admin", "password": PASSWORD, "next": "/admin/"})
    assert response.url == "/admin/"
    assert client.get(reverse("admin:index")).status_code == 200
    # Already in: the back office's login page sends on to the back office.
    assert client.get(reverse("admin:login")).url == reverse("admin:index")


def test_a_logged_in_user_outside_the_back_office_is_refused_there_not_sent_round(client_as, planner):
    client = client_as(planner)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) == 1


def test_once_held_back_the_administrator_cannot_get_in_through_the_back_office(client, administrator, settings):
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        log_in(client, "admin", "guess")
    assert log_in(client, "admin", PASSWORD).status_code == 200  # the application's login refuses

    log_in(client, "admin", PASSWORD, url="admin:login")
    assert not logged_in(client)
    assert client.get(reverse("admin:index")).status_code == 302
    # Nor do more guesses at the back office's door reach a password check.
    for _attempt in range(30):
        log_in(client, "admin", "guess", url="admin:login")
    assert failures("admin") == settings.LOGIN_FAILURE_LIMIT


def _views(resolvers, prefix=""):
    for entry in resolvers:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _views(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, entry.callback


def test_the_applications_login_is_the_only_page_in_the_urlconf_that_takes_a_password():
    password_pages = []
    for route, view in _views(get_resolver().url_patterns):
        if getattr(view, "__func__", None) is AdminSite.login:
            password_pages.append(route)
        elif issubclass(getattr(view, "view_class", object), LoginView):
            assert issubclass(view.view_initkwargs["authentication_form"], LoginForm), route
            password_pages.append(route)
    assert password_pages == ["konto/logga-in/"]


# --- counting and refusing in one step ---------------------------------------------------


def _wrong_password(username, address):
    client = Client()
    response = log_in(client, username, "guess", address=address)
    return response.status_code, "För många" in response.content.decode() or "Too many" in response.content.decode()


@pytest.mark.race
@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_passwords_for_one_name_get_no_more_checks_than_the_limit(settings):
    limit, racers = settings.LOGIN_FAILURE_LIMIT, 16
    for round_ in range(3):
        user = UserFactory(username=f"target-{round_}", role="administrator", is_staff=True, is_superuser=True)
        outcomes = at_once(*[partial(_wrong_password, user.username, f"10.{round_}.0.{i}") for i in range(racers)])
        assert all(outcome.ok for outcome in outcomes), outcomes
        assert all(outcome.result[0] == 200 for outcome in outcomes)
        assert failures(user.username) == limit
        refused = [outcome for outcome in outcomes if outcome.result[1]]
        assert len(refused) == racers - limit
        assert (
            AccessEvent.objects.filter(kind=AccessKind.LOGIN_THROTTLED, username=user.username).count()
            == racers - limit
        )
        # Held back: not even the right password, through either door.
        client = Client()
        assert log_in(client, user.username, PASSWORD, address="10.200.0.1").status_code == 200
        log_in(client, user.username, PASSWORD, address="10.200.0.1", url="admin:login")
        assert not logged_in(client)


@pytest.mark.race
@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_passwords_from_one_address_get_no_more_checks_than_its_limit(settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 4
    racers = 12
    for round_ in range(3):
        address = f"10.100.0.{round_}"
        outcomes = at_once(*[partial(_wrong_password, f"name-{round_}-{i}", address) for i in range(racers)])
        assert all(outcome.ok for outcome in outcomes), outcomes
        assert AccessEvent.objects.filter(kind=AccessKind.LOGIN_FAILED, address=address).count() == 4
        assert sum(1 for outcome in outcomes if outcome.result[1]) == racers - 4


# --- password-reset e-mails --------------------------------------------------------------


def ask_for_reset(client, email, address="10.0.0.1"):
    return client.post(reverse(RESET), {"email": email}, REMOTE_ADDR=address)


def test_reset_mails_to_one_user_are_limited_and_the_page_says_nothing_of_it(client, planner, viewer):
    responses = [ask_for_reset(client, planner.email, address=f"10.0.0.{i}") for i in range(6)]
    assert len(mail.outbox) == audit.PASSWORD_RESET_LIMIT == 3
    assert {(response.status_code, response.url) for response in responses} == {
        (302, reverse("accounts:password-reset-done"))
    }
    # The limit is the user's: someone else still gets their link.
    ask_for_reset(client, viewer.email.upper())
    assert [message.to for message in mail.outbox[3:]] == [[viewer.email]]
    # The address counts without case.
    ask_for_reset(client, planner.email.upper())
    assert len(mail.outbox) == 4
    assert AccessEvent.objects.filter(kind=AccessKind.PASSWORD_RESET_HELD, username=planner.email).count() == 3


def test_reset_mails_asked_from_one_address_are_limited(client, planner):
    for number in range(audit.PASSWORD_RESET_LIMIT_PER_ADDRESS):
        ask_for_reset(client, f"someone-{number}@example.se", address="10.9.9.9")
    response = ask_for_reset(client, planner.email, address="10.9.9.9")
    assert response.url == reverse("accounts:password-reset-done")
    assert len(mail.outbox) == 0
    ask_for_reset(client, planner.email, address="10.1.1.1")
    assert len(mail.outbox) == 1


def test_reset_mails_are_sent_again_when_the_window_has_passed(client, planner):
    for _attempt in range(audit.PASSWORD_RESET_LIMIT + 1):
        ask_for_reset(client, planner.email)
    assert len(mail.outbox) == audit.PASSWORD_RESET_LIMIT
    later = timezone.now() + datetime.timedelta(minutes=audit.PASSWORD_RESET_WINDOW, seconds=1)
    with mock.patch("iop.core.audit.timezone.now", return_value=later):
        ask_for_reset(client, planner.email)
    assert len(mail.outbox) == audit.PASSWORD_RESET_LIMIT + 1


@pytest.mark.race
@pytest.mark.django_db(transaction=True)
def test_parallel_reset_requests_send_no_more_mails_than_the_limit():
    racers = 12
    for round_ in range(3):
        user = UserFactory(username=f"reset-{round_}")
        mail.outbox.clear()
        outcomes = at_once(*[partial(ask_for_reset, Client(), user.email, f"10.{round_}.1.{i}") for i in range(racers)])
        assert all(outcome.ok and outcome.result.status_code == 302 for outcome in outcomes), outcomes
        assert len(mail.outbox) == audit.PASSWORD_RESET_LIMIT
        assert (
            AccessEvent.objects.filter(kind=AccessKind.PASSWORD_RESET_HELD, username=user.email).count()
            == racers - audit.PASSWORD_RESET_LIMIT
        )


def test_a_new_user_whose_welcome_link_expired_asks_for_a_new_one(client, db):
    user = UserFactory(username="ny")
    user.set_unusable_password()
    user.save()
    ask_for_reset(client, user.email)
    assert [message.to for message in mail.outbox] == [[user.email]]
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url
    new = "ett-nytt-långt-lösenord-42"
    client.post(form_url, {"new_password1": new, "new_password2": new})
    user.refresh_from_db()
    assert user.check_password(new)


def test_an_inactive_user_gets_no_link(client, planner):
    planner.is_active = False
    planner.save()
    response = ask_for_reset(client, planner.email)
    assert response.url == reverse("accounts:password-reset-done")
    assert mail.outbox == []
