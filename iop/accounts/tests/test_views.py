import re

import pytest

from django.core import mail
from django.urls import reverse

from iop.accounts.models import Role, User
from iop.accounts.tests.factories import PASSWORD


def login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_with_the_right_password_leads_to_the_start_page(client, planner):
    response = login(client, "planner-x", PASSWORD)
    assert response.status_code == 302 and response.url == reverse("desk:start")


def test_wrong_password_and_unknown_user_get_the_same_message(client, planner):
    wrong_password = login(client, "planner-x", "fel").content.decode()
    unknown_user = login(client, "finns-inte", "fel").content.decode()
    message = re.search(r"<div [^>]*data-error-summary[^>]*>(.*?)</div>", wrong_password, re.S).group(1)
    assert "användarnamn och lösenord" in message
    assert message in unknown_user


def test_logout_is_a_post_and_ends_the_session(client_as, planner):
    client = client_as(planner)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("desk:start")).status_code == 302


def test_password_change_takes_the_old_and_the_new_password(client_as, planner):
    client = client_as(planner)
    new = "ett-nytt-långt-lösenord-42"
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    planner.refresh_from_db()
    assert planner.check_password(new)


def test_password_reset_mails_a_link_that_sets_a_new_password(client, planner):
    response = client.post(reverse("accounts:password-reset"), {"email": planner.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url  # Django swaps the token for a session marker
    new = "ett-nytt-långt-lösenord-42"
    client.post(form_url, {"new_password1": new, "new_password2": new})
    planner.refresh_from_db()
    assert planner.check_password(new)


def test_password_reset_does_not_reveal_whether_an_address_is_known(client, planner):
    known = client.post(reverse("accounts:password-reset"), {"email": planner.email})
    unknown = client.post(reverse("accounts:password-reset"), {"email": "ingen@example.se"})
    assert known.url == unknown.url
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("persona", ["planner", "partner_a", "viewer"])
def test_only_administrators_manage_users(db, client_as, request, persona):
    client = client_as(request.getfixturevalue(persona))
    assert client.get(reverse("accounts:user-list")).status_code == 403
    assert client.get(reverse("accounts:user-create")).status_code == 403


def test_administrator_creates_a_planner_who_gets_a_mail_to_choose_a_password(client_as, administrator, committee_x):
    response = client_as(administrator).post(
        reverse("accounts:user-create"),
        {
            "username": "ny",
            "first_name": "Nils",
            "last_name": "Ny",
            "email": "ny@example.se",
            "role": Role.PLANNER,
            "committees": [committee_x.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="ny")
    assert list(user.committees.all()) == [committee_x]
    assert not user.has_usable_password() and not user.is_staff
    assert mail.outbox[0].to == ["ny@example.se"]
    assert "/konto/aterstall/" in mail.outbox[0].body


def test_a_planner_without_committee_is_refused_at_the_field(client_as, administrator):
    response = client_as(administrator).post(
        reverse("accounts:user-create"),
        {"username": "ny", "email": "ny@example.se", "role": Role.PLANNER, "is_active": "on"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["committees"]
    assert not User.objects.filter(username="ny").exists()


def test_changing_a_role_clears_bindings_of_the_old_role(client_as, administrator, planner, organisation_a):
    response = client_as(administrator).post(
        reverse("accounts:user-update", args=[planner.pk]),
        {
            "username": planner.username,
            "email": planner.email,
            "role": Role.PARTNER,
            "organisations": [organisation_a.pk],
            "committees": [c.pk for c in planner.committees.all()],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    planner.refresh_from_db()
    assert planner.role == Role.PARTNER
    assert not planner.committees.exists()
    assert list(planner.organisations.all()) == [organisation_a]


def test_an_administrator_cannot_remove_their_own_access(client_as, administrator):
    response = client_as(administrator).post(
        reverse("accounts:user-update", args=[administrator.pk]),
        {"username": administrator.username, "email": administrator.email, "role": Role.VIEWER, "is_active": "on"},
    )
    assert response.status_code == 200
    administrator.refresh_from_db()
    assert administrator.role == Role.ADMINISTRATOR


def test_only_administrators_enter_the_back_office(client_as, administrator, planner):
    assert client_as(planner).get(reverse("admin:index")).status_code == 302
    assert client_as(administrator).get(reverse("admin:index")).status_code == 200


def test_a_session_expires_after_inactivity(settings):
    # renewed by iop.accounts.middleware, at most once a minute: see test_session_renewal.py
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_a_session_ends_after_its_absolute_lifetime(client_as, planner, settings):
    from iop.accounts.middleware import STARTED

    client = client_as(planner)
    assert client.get(reverse("desk:start")).status_code == 200
    session = client.session
    session[STARTED] -= settings.SESSION_MAX_AGE + 1
    session.save()
    response = client.get(reverse("desk:start"))
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    assert client.get(reverse("desk:start")).status_code == 302  # logged out for good
