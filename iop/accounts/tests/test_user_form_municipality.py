"""The users form keeps municipalities apart: only the installation's superuser chooses a
user's municipality, an administrator's choice of committees is their municipality's, and a
planner's committee of another municipality is refused at the field, nothing saved."""

import pytest

from django.urls import reverse

from iop.accounts.forms import UserForm
from iop.accounts.models import Role, User
from iop.accounts.tests.factories import UserFactory
from partners.tests.factories import CommitteeFactory, MunicipalityFactory, org_number


@pytest.fixture
def linkoping(db):
    return MunicipalityFactory()


@pytest.fixture
def norrkoping(db):
    return MunicipalityFactory(name="Norrköpings kommun", org_number=org_number(900))


@pytest.fixture
def ours(linkoping):
    return CommitteeFactory(municipality=linkoping, name="Äldrenämnden")


@pytest.fixture
def theirs(norrkoping):
    return CommitteeFactory(municipality=norrkoping, name="Omsorgsnämnden")


@pytest.fixture
def our_admin(linkoping):
    return UserFactory(role=Role.ADMINISTRATOR, municipality=linkoping)


@pytest.fixture
def root(db):
    return UserFactory(username="root", role=Role.ADMINISTRATOR, is_superuser=True, municipality=None)


def planner_data(committee, **extra):
    return {
        "username": "ny",
        "email": "ny@example.se",
        "role": Role.PLANNER,
        "committees": [committee.pk],
        "is_active": "on",
        **extra,
    }


def test_an_administrator_chooses_no_municipality_and_only_own_committees(our_admin, ours, theirs):
    form = UserForm(by=our_admin)
    assert "municipality" not in form.fields
    assert list(form.fields["committees"].queryset) == [ours]


def test_an_administrator_cannot_give_a_planner_another_municipalitys_committee(client_as, our_admin, theirs):
    response = client_as(our_admin).post(reverse("accounts:user-create"), planner_data(theirs))
    assert response.status_code == 200 and response.context["form"].errors["committees"]
    assert not User.objects.filter(username="ny").exists()


def test_the_superuser_chooses_the_municipality(client_as, root, norrkoping, theirs):
    assert "municipality" in UserForm(by=root).fields
    response = client_as(root).post(reverse("accounts:user-create"), planner_data(theirs, municipality=norrkoping.pk))
    assert response.status_code == 302
    assert User.objects.get(username="ny").municipality == norrkoping


def test_the_superusers_mix_of_municipality_and_committee_is_refused_at_the_field(client_as, root, linkoping, theirs):
    response = client_as(root).post(reverse("accounts:user-create"), planner_data(theirs, municipality=linkoping.pk))
    assert response.status_code == 200 and response.context["form"].errors["committees"]
    assert not User.objects.filter(username="ny").exists()


def test_staff_without_a_municipality_are_refused_at_the_field(client_as, root):
    data = {"username": "ny", "email": "ny@example.se", "role": Role.VIEWER, "is_active": "on"}
    response = client_as(root).post(reverse("accounts:user-create"), data)
    assert response.status_code == 200 and response.context["form"].errors["municipality"]
    assert not User.objects.filter(username="ny").exists()
