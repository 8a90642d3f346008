"""The start page and the header of a municipality's staff: their own municipality's name,
counts, committees and months to approve, none of another municipality's."""

import pytest

from django.urls import reverse

from followup.desk.attention import Kind, items_for
from followup.hours import services
from followup.hours.models import MonthReport
from followup.hours.tests.test_progress_municipalities import log
from followup.tests.factories import hours_agreement, reporter_for
from iop.accounts.models import Role
from iop.accounts.tests.factories import UserFactory
from partners.tests.factories import CommitteeFactory, MunicipalityFactory, OrganisationFactory, org_number


@pytest.fixture
def linkoping(db):
    return MunicipalityFactory()


@pytest.fixture
def norrkoping(db):
    return MunicipalityFactory(name="Norrköpings kommun", org_number=org_number(900))


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.PLANNER, Role.VIEWER])
def test_staff_see_their_municipalitys_name_in_the_header(client_as, linkoping, norrkoping, role):
    committee = CommitteeFactory(municipality=norrkoping, name="Omsorgsnämnden")
    user = UserFactory(role=role, committees=[committee]) if role == Role.PLANNER else None
    user = user or UserFactory(role=role, municipality=norrkoping)
    page = client_as(user).get(reverse("desk:start")).content.decode()
    assert '<span class="navbar-text small me-auto me-lg-3 nav-municipality">Norrköpings kommun</span>' in page


def test_a_partner_has_no_municipality_in_the_header(client_as, db):
    partner = UserFactory(role=Role.PARTNER, organisations=[OrganisationFactory()])
    assert "nav-municipality" not in client_as(partner).get(reverse("desk:start")).content.decode()


def test_the_administrators_counts_and_the_viewers_committees_are_their_municipalitys(client_as, linkoping, norrkoping):
    ours = CommitteeFactory(municipality=linkoping, name="Äldrenämnden")
    CommitteeFactory(municipality=norrkoping, name="Omsorgsnämnden")
    UserFactory(role=Role.VIEWER, municipality=norrkoping)
    admin = UserFactory(role=Role.ADMINISTRATOR, municipality=linkoping)
    counts = client_as(admin).get(reverse("desk:start")).context["counts"]
    assert counts["committees"] == 1 and counts["users"] == 1  # the administrator alone
    viewer = UserFactory(role=Role.VIEWER, municipality=linkoping)
    assert list(client_as(viewer).get(reverse("desk:start")).context["committees"]) == [ours]


def test_an_administrator_is_asked_to_approve_only_their_municipalitys_months(norrkoping):
    ours = hours_agreement(registry_number="ÄN 1")
    theirs = hours_agreement(organisation=OrganisationFactory(), registry_number="ÄN 1", municipality=norrkoping)
    for agreement in (ours, theirs):
        log(agreement, "2")
        report = MonthReport.objects.get(agreement=agreement)
        services.hours_submit_month(by=reporter_for(report.organisation), report=report)
    for agreement in (ours, theirs):
        admin = UserFactory(role=Role.ADMINISTRATOR, municipality=agreement.municipality)
        waiting = [item.key for item in items_for(admin) if item.kind == Kind.APPROVE]
        assert waiting == [f"approve:{MonthReport.objects.get(agreement=agreement).pk}"]
