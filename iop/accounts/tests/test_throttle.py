"""One throttle for every way in: the back office has no login of its own, failed logins
are counted and refused in one step, and password-reset e-mails are limited."""

from django.contrib import admin
from django.contrib.auth.views import LoginView
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from iop.accounts.forms import LoginForm
from iop.accounts.models import AccessEvent, AccessKind
from iop.accounts.tests.factories import PASSWORD

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


def test_every_login_page_in_the_urlconf_uses_the_throttled_form():
    doors = []
    for route, view in _views(get_resolver().url_patterns):
        if view == admin.site.login:
            # Django's own login of the back office is listed, but another view answers there.
            assert resolve("/" + route).func != admin.site.login, route
            doors.append(route)
        elif issubclass(getattr(view, "view_class", object), LoginView):
            assert issubclass(view.view_initkwargs["authentication_form"], LoginForm), route
            doors.append(route)
    assert sorted(doors) == ["admin/login/", "konto/logga-in/"]
