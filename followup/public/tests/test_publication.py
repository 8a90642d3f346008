"""The committee's decision on the public register: taken on the agreement's page by those
who may change the agreement, refused to everyone else, and recorded with who and when."""

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agreements import services
from agreements.models import Agreement
from agreements.tests.factories import make_agreement
from iop.accounts.models import Role
from iop.accounts.tests.factories import UserFactory
from partners.tests.factories import CommitteeFactory, OrganisationFactory


@pytest.fixture
def agreement(db):
    return make_agreement(
        committee=CommitteeFactory(name="Äldrenämnden"),
        partners=[OrganisationFactory(name="Resurspoolen")],
        state="signed",
    )


def _url(agreement):
    return reverse("agreements:agreement-publication", args=[agreement.pk])


def _planner_of(agreement):
    return UserFactory(role=Role.PLANNER, committees=[agreement.versions.get().committee])


def test_a_planner_of_the_committee_lists_the_agreement_and_publishes_its_pdf_recorded_with_who(client, agreement):
    planner = _planner_of(agreement)
    client.force_login(planner)

    assert client.get(_url(agreement)).status_code == 200
    response = client.post(_url(agreement), {"listed": "on", "pdf_public": "on"})

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.in_public_register and agreement.signed_pdf_public
    latest = agreement.history.order_by("-history_id").first()
    assert latest.history_user == planner
    assert latest.in_public_register and latest.signed_pdf_public


def test_an_administrator_may_take_the_decision(client, agreement):
    client.force_login(UserFactory(role=Role.ADMINISTRATOR))

    response = client.post(_url(agreement), {"listed": "on"})

    assert response.status_code == 302
    assert Agreement.objects.get(pk=agreement.pk).in_public_register


@pytest.mark.parametrize("persona", ["viewer", "partner", "other_planner"])
def test_the_decision_is_refused_to_a_viewer_a_partner_and_another_committees_planner(client, agreement, persona):
    user = {
        "viewer": lambda: UserFactory(role=Role.VIEWER),
        "partner": lambda: UserFactory(
            role=Role.PARTNER, organisations=[agreement.versions.get().parties.get(committee=None).organisation]
        ),
        "other_planner": lambda: UserFactory(role=Role.PLANNER, committees=[CommitteeFactory(name="Bildningsnämnden")]),
    }[persona]()
    client.force_login(user)
    before = agreement.history.count()

    assert client.get(_url(agreement)).status_code == 403
    assert client.post(_url(agreement), {"listed": "on", "pdf_public": "on"}).status_code == 403

    agreement.refresh_from_db()
    assert not agreement.in_public_register and not agreement.signed_pdf_public
    assert agreement.history.count() == before
    with pytest.raises(PermissionDenied):
        services.publication_set(by=user, agreement=agreement, listed=True, pdf_public=False)


def test_the_pdf_is_not_published_without_the_listing_and_the_form_says_so_at_the_field(client, agreement):
    client.force_login(_planner_of(agreement))

    response = client.post(_url(agreement), {"pdf_public": "on"})

    assert response.status_code == 200
    assert "pdf_public" in response.context["form"].errors
    agreement.refresh_from_db()
    assert not agreement.in_public_register and not agreement.signed_pdf_public


def test_the_same_decision_again_writes_no_history_row(agreement):
    services.publication_set(by=None, agreement=agreement, listed=True, pdf_public=False)
    count = agreement.history.count()

    services.publication_set(by=None, agreement=agreement, listed=True, pdf_public=False)

    assert agreement.history.count() == count
    with pytest.raises(ValidationError):
        services.publication_set(by=None, agreement=agreement, listed=False, pdf_public=True)


def test_the_agreement_page_tells_the_decision_and_links_to_it_for_those_who_may_change_it(client, agreement):
    services.publication_set(by=None, agreement=agreement, listed=True, pdf_public=False)
    client.force_login(_planner_of(agreement))
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "Publiceras i registret" in page and _url(agreement) in page

    client.force_login(UserFactory(role=Role.VIEWER))
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "Publiceras i registret" in page and _url(agreement) not in page


def test_unticking_both_boxes_takes_the_agreement_off_the_register(client, agreement):
    services.publication_set(by=None, agreement=agreement, listed=True, pdf_public=True)
    client.force_login(_planner_of(agreement))

    response = client.post(_url(agreement), {})

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert not agreement.in_public_register and not agreement.signed_pdf_public
