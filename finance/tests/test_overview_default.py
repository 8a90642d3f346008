"""Which committee the committee overview opens with: a planner their own committee (the
first by name when they have several), administrators and viewers all committees. Choosing
"All committees" or another committee still works, and the downloads follow the page."""

import datetime

import pytest

from django.urls import reverse

from finance.tests.test_overview import iop
from iop.accounts.models import Role
from iop.accounts.tests.factories import UserFactory
from partners.tests.factories import CommitteeFactory, OrganisationFactory

D = datetime.date
YEAR = 2020


@pytest.fixture
def two_committees(committee_x, committee_y):
    """One agreement in force in 2020 for each of the planners' committees."""
    partner = OrganisationFactory(name="Föreningen")
    iop(committee_x, "ÄN 2019-1", "Äldres träffpunkt", [partner], cost=100_000, in_kind=[100_000])
    iop(committee_y, "BN 2019-2", "Läxhjälp", [partner], cost=200_000, in_kind=[200_000])


def overview_page(client, **query):
    response = client.get(reverse("finance:committee-overview"), {"year": YEAR, **query})
    assert response.status_code == 200
    return response.context["overview"], response.context["form"]


def titles(overview):
    return [row.version.title for row in overview.rows]


def test_a_planner_starts_with_their_own_committee(client_as, planner, committee_x, two_committees):
    client = client_as(planner)
    response = client.get(reverse("finance:committee-overview"))
    assert response.context["overview"].committee == committee_x
    assert response.context["form"]["committee"].value() == committee_x.pk  # selected in the form
    overview, _form = overview_page(client)  # a year alone keeps the default
    assert overview.committee == committee_x
    assert titles(overview) == ["Äldres träffpunkt"]


def test_a_planner_can_still_choose_all_committees_or_another(
    client_as, planner, committee_x, committee_y, two_committees
):
    client = client_as(planner)
    overview, _form = overview_page(client, committee="")
    assert overview.committee is None
    assert titles(overview) == ["Läxhjälp", "Äldres träffpunkt"]  # Bildningsnämnden before Äldrenämnden
    overview, _form = overview_page(client, committee=committee_y.pk)
    assert titles(overview) == ["Läxhjälp"]


def test_a_planner_of_several_committees_starts_with_the_first_by_name(client_as, committee_x, committee_y):
    both = UserFactory(username="planner-xy", role=Role.PLANNER, committees=[committee_x, committee_y])
    CommitteeFactory(name="Arbetsmarknadsnämnden")  # first by name, but not theirs
    overview, _form = overview_page(client_as(both))
    assert overview.committee == committee_y  # Bildningsnämnden


def test_a_planner_without_a_committee_sees_all(client_as, two_committees):
    nobody = UserFactory(username="planner-none", role=Role.PLANNER)
    overview, _form = overview_page(client_as(nobody))
    assert overview.committee is None and len(overview.rows) == 2


@pytest.mark.parametrize("persona", ["administrator", "viewer"])
def test_administrators_and_viewers_start_with_all_committees(request, client_as, persona, two_committees):
    overview, form = overview_page(client_as(request.getfixturevalue(persona)))
    assert overview.committee is None and len(overview.rows) == 2
    assert form["committee"].value() in (None, "")


def test_the_downloads_follow_the_planners_default(client_as, planner, two_committees):
    response = client_as(planner).get(reverse("finance:committee-overview-export", args=["csv"]), {"year": YEAR})
    assert response.status_code == 200
    assert "aldrenamnden" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert "Äldres träffpunkt" in text and "Läxhjälp" not in text
