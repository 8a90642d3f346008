"""The access module, role by role and action by action: the one place views ask."""

import pytest

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from iop.accounts import access
from iop.accounts.models import User
from partners.models import Administration, Committee, Contact, Municipality, Organisation
from partners.tests.factories import AdministrationFactory, ContactFactory

ROLES = ["anonymous", "administrator", "planner", "partner_a", "viewer", "inactive_admin"]


@pytest.fixture
def people(administrator, planner, partner_a, viewer):
    inactive = User.objects.create(username="gone", role="administrator", is_active=False)
    return {
        "anonymous": AnonymousUser(),
        "administrator": administrator,
        "planner": planner,
        "partner_a": partner_a,
        "viewer": viewer,
        "inactive_admin": inactive,
    }


# For each model: which roles may VIEW, CREATE and CHANGE (objects they can see).
EXPECTED = {
    Municipality: {
        "view": {"administrator", "planner", "viewer"},
        "create": {"administrator"},
        "change": {"administrator"},
    },
    Committee: {
        "view": {"administrator", "planner", "viewer"},
        "create": {"administrator"},
        "change": {"administrator"},
    },
    Administration: {
        "view": {"administrator", "planner", "viewer"},
        "create": {"administrator"},
        "change": {"administrator"},
    },
    Organisation: {
        "view": {"administrator", "planner", "viewer", "partner_a"},
        "create": {"administrator", "planner"},
        "change": {"administrator", "planner"},
    },
    Contact: {
        "view": {"administrator", "planner", "viewer", "partner_a"},
        "create": {"administrator", "planner"},
        "change": {"administrator", "planner"},
    },
    User: {"view": {"administrator"}, "create": {"administrator"}, "change": {"administrator"}},
}


@pytest.fixture
def objects(committee_x, organisation_a, planner):
    return {
        Municipality: committee_x.municipality,
        Committee: committee_x,
        Administration: AdministrationFactory(),
        Organisation: organisation_a,
        Contact: ContactFactory(organisation=organisation_a),
        User: planner,
    }


@pytest.mark.parametrize("model", list(EXPECTED), ids=lambda model: model.__name__)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["view", "create", "change"])
def test_every_role_and_action_on_own_objects(people, objects, model, role, action):
    user = people[role]
    allowed = role in EXPECTED[model][action]
    target = model if action == "create" else objects[model]
    assert access.can(user, action, target) is allowed
    if action == "view":
        assert (objects[model] in access.visible(user, model)) is allowed


def test_partner_sees_only_the_organisations_they_represent(partner_a, organisation_a, organisation_b):
    assert list(access.visible(partner_a, Organisation)) == [organisation_a]
    assert not access.can(partner_a, access.VIEW, organisation_b)


def test_partner_sees_only_contacts_of_their_own_organisations(partner_a, organisation_a, organisation_b):
    own = ContactFactory(organisation=organisation_a)
    ContactFactory(organisation=organisation_b)
    assert list(access.visible(partner_a, Contact)) == [own]


def test_partner_does_not_see_committee_contacts(partner_a, committee_x):
    ContactFactory(organisation=None, committee=committee_x)
    assert not access.visible(partner_a, Contact).exists()


def test_access_gives_404_to_an_outsider(partner_a, organisation_b):
    with pytest.raises(Http404):
        access.access(partner_a, access.VIEW, Organisation, pk=organisation_b.pk)


def test_access_gives_403_to_a_reader_who_may_not_write(viewer, organisation_a):
    with pytest.raises(PermissionDenied):
        access.access(viewer, access.CHANGE, Organisation, pk=organisation_a.pk)


def test_access_returns_the_object_to_someone_allowed(planner, organisation_a):
    assert access.access(planner, access.CHANGE, Organisation, pk=organisation_a.pk) == organisation_a


def test_a_model_without_a_policy_is_visible_to_no_one(administrator):
    from django.contrib.auth.models import Group

    Group.objects.create(name="any")
    assert not access.visible(administrator, Group).exists()
    assert not access.can(administrator, access.VIEW, Group)


def test_an_unknown_action_is_a_programming_error(administrator, organisation_a):
    with pytest.raises(ValueError):
        access.can(administrator, "delete", organisation_a)


def test_superuser_without_role_counts_as_administrator(db):
    root = User.objects.create(username="root", is_superuser=True, role="viewer")
    assert access.can(root, access.CHANGE, Committee)


@pytest.fixture
def agreement_of_x(committee_x, organisation_a):
    from agreements.tests.factories import make_agreement

    return make_agreement(committee=committee_x, partners=[organisation_a])


@pytest.mark.parametrize(
    "persona, may_view, may_change",
    [
        ("administrator", True, True),
        ("planner", True, True),  # planner of the agreement's committee
        ("planner_y", True, False),  # planner of another committee reads, does not change
        ("viewer", True, False),
        ("partner_a", True, False),  # party to the agreement: reads it
        ("partner_b", False, False),  # not a party: it does not exist for them
    ],
)
def test_agreement_access_by_persona(request, agreement_of_x, persona, may_view, may_change):
    from agreements.models import Agreement, Section

    user = request.getfixturevalue(persona)
    version = agreement_of_x.versions.get()
    assert (agreement_of_x in access.visible(user, Agreement)) is may_view
    assert access.can(user, access.CHANGE, agreement_of_x) is may_change
    assert access.can(user, access.CHANGE, version) is may_change
    assert (version in access.visible(user, type(version))) is may_view
    section = Section.objects.create(version=version, heading="Rådgivning")
    assert (section in access.visible(user, Section)) is may_view


def test_only_administrators_and_planners_create_agreements(administrator, planner, viewer, partner_a):
    from agreements.models import Agreement

    assert [access.can(user, access.CREATE, Agreement) for user in (administrator, planner, viewer, partner_a)] == [
        True,
        True,
        False,
        False,
    ]
