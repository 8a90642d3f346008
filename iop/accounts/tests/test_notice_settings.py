"""Each user chooses on their own page which status e-mails they get; every kind is on until
they turn it off, and who turned what off when is in the history."""

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from iop.accounts import services
from iop.accounts.models import NOTICES_BY_ROLE, NoticeKind, NoticeOptOut, Role

URL = reverse("accounts:notice-settings")


def ticked(response):
    return response.context["form"]["kinds"].value()


def test_every_kind_is_on_until_the_user_turns_it_off(client_as, partner_a):
    response = client_as(partner_a).get(URL)
    assert response.status_code == 200
    assert sorted(ticked(response)) == sorted(NOTICES_BY_ROLE[Role.PARTNER])
    page = response.content.decode()
    assert "E-post från IOP" in page
    assert "En månad med ideella timmar godkänns" in page


def test_each_role_is_offered_the_kinds_it_can_get(client_as, partner_a, planner):
    partner_page = client_as(partner_a).get(URL).content.decode()
    assert "En månad med ideella timmar lämnas in" not in partner_page  # told to the planners
    planner_page = client_as(planner).get(URL).content.decode()
    assert "En månad med ideella timmar lämnas in" in planner_page
    assert "En månad med ideella timmar godkänns" not in planner_page  # told to the partners


def test_unticking_a_kind_turns_it_off_and_ticking_it_turns_it_on_again(client_as, partner_a):
    client = client_as(partner_a)
    kept = [kind for kind in NOTICES_BY_ROLE[Role.PARTNER] if kind != NoticeKind.MINUTES_RECORDED]
    response = client.post(URL, {"kinds": kept})
    assert response.status_code == 302 and response.url == URL
    assert list(NoticeOptOut.objects.filter(user=partner_a).values_list("kind", flat=True)) == ["minutes-recorded"]
    assert NoticeKind.MINUTES_RECORDED not in ticked(client.get(URL))

    client.post(URL, {"kinds": NOTICES_BY_ROLE[Role.PARTNER]})
    assert not NoticeOptOut.objects.filter(user=partner_a).exists()
    history = NoticeOptOut.history.filter(user=partner_a).order_by("history_date")
    assert [(row.history_type, row.history_user) for row in history] == [("+", partner_a), ("-", partner_a)]


def test_unticking_everything_turns_every_kind_off(client_as, planner):
    client_as(planner).post(URL, {})
    turned_off = set(NoticeOptOut.objects.filter(user=planner).values_list("kind", flat=True))
    assert turned_off == set(NOTICES_BY_ROLE[Role.PLANNER])


def test_a_kind_that_does_not_exist_is_refused_at_the_field_and_nothing_is_saved(client_as, planner):
    response = client_as(planner).post(URL, {"kinds": ["month-submitted", "everything"]})
    assert response.status_code == 200
    assert response.context["form"].errors["kinds"]
    assert not NoticeOptOut.objects.exists()


def test_a_user_chooses_for_no_one_but_themselves(partner_a, administrator):
    with pytest.raises(PermissionDenied):
        services.notice_choices_save(by=administrator, user=partner_a, kinds=[])
    with pytest.raises(ValidationError):
        services.notice_choices_save(by=partner_a, user=partner_a, kinds=["everything"])
    assert not NoticeOptOut.objects.exists()


def test_a_user_without_an_email_address_is_told_nothing_is_sent(client_as, viewer):
    viewer.email = ""
    viewer.save()
    assert "Ditt konto har ingen e-postadress" in client_as(viewer).get(URL).content.decode()


def test_the_page_is_linked_from_every_page(client_as, viewer):
    assert f'href="{URL}"' in client_as(viewer).get(reverse("desk:start")).content.decode()


def test_signing_in_comes_first(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
