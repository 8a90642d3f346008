"""Committees and administrations belong to one municipality: an administrator's are their
own municipality's (not a free choice), an administration serves only its own
municipality's committees, and a municipality with agreements cannot be removed."""

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from agreements.tests.factories import make_agreement
from iop.accounts.models import Role
from iop.accounts.tests.factories import UserFactory
from partners import services
from partners.forms import AdministrationForm, CommitteeForm
from partners.models import Administration, Committee, Municipality
from partners.tests.factories import AdministrationFactory, CommitteeFactory, MunicipalityFactory, org_number


@pytest.fixture
def linkoping(db):
    return MunicipalityFactory()


@pytest.fixture
def norrkoping(db):
    return MunicipalityFactory(name="Norrköpings kommun", org_number=org_number(900))


@pytest.fixture
def our_admin(linkoping):
    return UserFactory(role=Role.ADMINISTRATOR, municipality=linkoping)


@pytest.fixture
def root(db):
    return UserFactory(username="root", role=Role.ADMINISTRATOR, is_superuser=True, is_staff=True, municipality=None)


def test_an_administrators_new_committee_is_of_their_municipality_whatever_is_posted(
    client_as, our_admin, linkoping, norrkoping
):
    form = CommitteeForm(user=our_admin)
    assert form.fields["municipality"].disabled and list(form.fields["municipality"].queryset) == [linkoping]
    response = client_as(our_admin).post(
        reverse("partners:committee-create"), {"municipality": norrkoping.pk, "name": "Kulturnämnden", "active": "on"}
    )
    assert response.status_code == 302
    assert Committee.objects.get(name="Kulturnämnden").municipality == linkoping


def test_the_superuser_chooses_the_municipality_of_a_committee(root, norrkoping):
    form = CommitteeForm({"municipality": norrkoping.pk, "name": "Kulturnämnden", "active": "on"}, user=root)
    assert not form.fields["municipality"].disabled and form.is_valid()
    assert services.committee_create(by=root, **form.cleaned_data).municipality == norrkoping


def test_the_service_refuses_an_administrator_a_committee_of_another_municipality(our_admin, norrkoping):
    with pytest.raises(PermissionDenied):
        services.committee_create(by=our_admin, municipality=norrkoping, name="Kulturnämnden")
    own = CommitteeFactory(municipality=our_admin.municipality, name="Äldrenämnden")
    with pytest.raises(PermissionDenied):
        services.committee_update(by=our_admin, committee=own, municipality=norrkoping)
    assert not Committee.objects.filter(municipality=norrkoping).exists()


def test_an_administration_serves_only_committees_of_its_municipality(client_as, our_admin, linkoping, norrkoping):
    ours = CommitteeFactory(municipality=linkoping, name="Äldrenämnden")
    theirs = CommitteeFactory(municipality=norrkoping, name="Omsorgsnämnden")
    assert list(AdministrationForm(user=our_admin).fields["committees"].queryset) == [ours]
    response = client_as(our_admin).post(
        reverse("partners:administration-create"),
        {"municipality": linkoping.pk, "name": "Socialförvaltningen", "committees": [ours.pk, theirs.pk]},
    )
    assert response.status_code == 200 and "committees" in response.context["form"].errors
    assert not Administration.objects.exists()
    with pytest.raises(ValidationError) as raised:
        services.administration_create(by=None, municipality=linkoping, name="Socialförvaltningen", committees=[theirs])
    assert "committees" in raised.value.message_dict
    assert not Administration.objects.exists()


def test_the_superusers_administration_form_refuses_a_mix_at_the_field(root, linkoping, norrkoping):
    theirs = CommitteeFactory(municipality=norrkoping, name="Omsorgsnämnden")
    form = AdministrationForm(
        {"municipality": linkoping.pk, "name": "Förvaltningen", "committees": [theirs.pk]}, user=root
    )
    assert not form.is_valid() and form.errors["committees"]
    labels = [label for _value, label in form.fields["committees"].choices]
    assert labels == ["Omsorgsnämnden (Norrköpings kommun)"]


def test_an_administration_cannot_be_moved_away_from_its_committees(linkoping, norrkoping):
    ours = CommitteeFactory(municipality=linkoping, name="Äldrenämnden")
    administration = AdministrationFactory(municipality=linkoping)
    administration.committees.set([ours])
    with pytest.raises(ValidationError) as raised:
        services.administration_update(
            by=None, administration=administration, municipality=norrkoping, committees=[ours]
        )
    assert "committees" in raised.value.message_dict
    assert Administration.objects.get(pk=administration.pk).municipality == linkoping


def test_a_committee_cannot_be_moved_away_from_the_administrations_that_serve_it(linkoping, norrkoping):
    committee = CommitteeFactory(municipality=linkoping, name="Äldrenämnden")
    AdministrationFactory(municipality=linkoping).committees.set([committee])
    with pytest.raises(ValidationError) as raised:
        services.committee_update(by=None, committee=committee, municipality=norrkoping)
    assert "municipality" in raised.value.message_dict
    assert Committee.objects.get(pk=committee.pk).municipality == linkoping


def test_a_municipality_with_agreements_cannot_be_removed(client_as, root, linkoping):
    make_agreement(committee=CommitteeFactory(municipality=linkoping, name="Äldrenämnden"))
    client = client_as(root)
    # The back office offers no deletion of a municipality (a kept record): refused, not an error.
    assert client.get(reverse("admin:partners_municipality_delete", args=[linkoping.pk])).status_code == 403
    response = client.post(reverse("admin:partners_municipality_delete", args=[linkoping.pk]), {"post": "yes"})
    assert response.status_code == 403
    # And underneath, its agreements protect it.
    with pytest.raises((ProtectedError, IntegrityError, DatabaseError)), transaction.atomic():
        Municipality.objects.filter(pk=linkoping.pk).delete()
    assert Municipality.objects.filter(pk=linkoping.pk).exists()
