"""Several municipalities in one installation: an agreement holds only its own
municipality's committee, administration and committee-party, its forms offer only those,
a renewal replaces only its own municipality's agreements, and an import goes into the
importing administrator's municipality."""

import datetime

import pytest

from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements import services
from agreements.exchange import AgreementImportError, export_document, import_document
from agreements.forms import AgreementCreateForm, AgreementFilterForm, RenewForm, version_part_form
from agreements.models import Agreement, AgreementVersion, Party
from agreements.tests.factories import make_agreement
from iop.accounts.models import Role
from iop.accounts.tests.factories import UserFactory
from partners.models import Municipality
from partners.tests.factories import AdministrationFactory, CommitteeFactory, MunicipalityFactory, org_number

D = datetime.date


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


def draft(committee, registry_number="ÄN 2030-1"):
    agreement = make_agreement(committee=committee, registry_number=registry_number)
    return agreement, agreement.versions.get()


# --- Model rules, refused at the field ---------------------------------------------------------


def test_a_version_cannot_take_a_committee_of_another_municipality(ours, theirs):
    _agreement, version = draft(ours)
    with pytest.raises(ValidationError) as raised:
        services.version_update(by=None, version=version, lock_version=version.lock_version, committee=theirs)
    assert "committee" in raised.value.message_dict
    version.refresh_from_db()
    assert version.committee == ours and version.parties.get(committee__isnull=False).committee == ours


def test_a_version_cannot_take_an_administration_of_another_municipality(ours, norrkoping, linkoping):
    _agreement, version = draft(ours)
    foreign = AdministrationFactory(municipality=norrkoping)
    with pytest.raises(ValidationError) as raised:
        services.version_update(by=None, version=version, lock_version=version.lock_version, administration=foreign)
    assert "administration" in raised.value.message_dict
    version.refresh_from_db()
    assert version.administration is None
    own = AdministrationFactory(municipality=linkoping)
    services.version_update(by=None, version=version, lock_version=version.lock_version, administration=own)
    assert AgreementVersion.objects.get(pk=version.pk).administration == own


def test_the_committee_party_is_of_the_agreements_municipality(ours, theirs):
    _agreement, version = draft(ours)
    party = version.parties.get(committee__isnull=False)
    party.committee = theirs
    with pytest.raises(ValidationError) as raised:
        party.full_clean()
    assert "committee" in raised.value.message_dict
    assert Party.objects.get(pk=party.pk).committee == ours


def test_the_edit_form_shows_the_refusal_next_to_the_administration(client_as, our_admin, ours, norrkoping):
    agreement, version = draft(ours)
    foreign = AdministrationFactory(municipality=norrkoping)
    form = version_part_form("basics")(instance=version, user=our_admin)
    assert foreign not in form.fields["administration"].queryset
    assert list(form.fields["committee"].queryset) == [ours]
    data = {name: "" for name in form.fields} | {
        "lock_version": version.lock_version,
        "title": version.title,
        "committee": ours.pk,
        "administration": foreign.pk,
    }
    response = client_as(our_admin).post(reverse("agreements:version-edit", args=[agreement.pk, "basics"]), data)
    assert response.status_code == 200 and "administration" in response.context["form"].errors
    assert AgreementVersion.objects.get(pk=version.pk).administration is None


# --- Creating: committees and copies of the own municipality -----------------------------------


def test_the_create_form_offers_the_own_municipalitys_committees_and_agreements(our_admin, ours, theirs):
    own, _version = draft(ours, "ÄN 1")
    foreign, _version = draft(theirs, "ON 1")
    form = AgreementCreateForm(user=our_admin)
    assert list(form.fields["committee"].queryset) == [ours]
    assert list(form.fields["copy_from"].queryset) == [own]
    planner = UserFactory(role=Role.PLANNER, committees=[ours])
    assert list(AgreementCreateForm(user=planner).fields["committee"].queryset) == [ours]


def test_an_administrator_cannot_create_an_agreement_under_another_municipalitys_committee(our_admin, theirs):
    with pytest.raises(ValidationError) as raised:
        services.agreement_create(by=our_admin, committee=theirs, title="Fel kommun")
    assert "committee" in raised.value.message_dict
    assert not Agreement.objects.exists()


def test_the_superuser_cannot_copy_another_municipalitys_agreement(root, ours, theirs):
    foreign, _version = draft(theirs, "ON 1")
    data = {"committee": ours.pk, "title": "Kopia", "start": "copy", "copy_from": foreign.pk}
    form = AgreementCreateForm(data, user=root)
    assert not form.is_valid() and "copy_from" in form.errors
    with pytest.raises(ValidationError) as raised:
        services.agreement_create(by=root, committee=ours, title="Kopia", start="copy", copy_from=foreign)
    assert "copy_from" in raised.value.message_dict
    assert Agreement.objects.count() == 1


# --- Renewal: its own municipality's agreements only ------------------------------------------


def test_a_renewal_replaces_only_its_own_municipalitys_agreements(root, ours, theirs):
    own = make_agreement(committee=ours, registry_number="ÄN 1", state="signed")
    own_too = make_agreement(committee=ours, registry_number="ÄN 2", state="signed")
    foreign = make_agreement(committee=theirs, registry_number="ON 1", state="signed")
    form = RenewForm(user=root, agreement=own)
    assert list(form.fields["also_replaces"].queryset) == [own_too]
    with pytest.raises(ValidationError) as raised:
        services.agreement_renew(by=root, agreements=[own, foreign], today=D(2021, 1, 1))
    assert "also_replaces" in raised.value.message_dict
    assert Agreement.objects.count() == 3


# --- Filters --------------------------------------------------------------------------------------


def test_the_list_filter_offers_only_the_own_municipalitys_committees(our_admin, ours, theirs):
    assert list(AgreementFilterForm(user=our_admin).fields["committee"].queryset) == [ours]


# --- Import: into the importing administrator's municipality --------------------------------------


def test_an_administrator_imports_only_into_their_own_municipality(ours, theirs, norrkoping):
    make_agreement(committee=theirs, registry_number="ON 1", state="signed")
    document = export_document(Agreement.objects.all())
    document["agreements"][0]["registry_number"] = "ON 2"
    our_admin = UserFactory(role=Role.ADMINISTRATOR, municipality=ours.municipality)
    with pytest.raises(AgreementImportError) as raised:
        import_document(document, by=our_admin)
    assert "Norrköpings kommun" in " ".join(raised.value.messages)
    assert Agreement.objects.count() == 1
    their_admin = UserFactory(role=Role.ADMINISTRATOR, municipality=norrkoping)
    (imported,) = import_document(document, by=their_admin)
    assert imported.municipality == norrkoping


def test_an_administrator_cannot_create_a_municipality_by_import(ours):
    make_agreement(committee=ours, registry_number="ÄN 1", state="signed")
    document = export_document(Agreement.objects.all())
    document["agreements"][0]["registry_number"] = "ÄN 2"
    document["agreements"][0]["municipality"] = {"name": "Påhittad kommun", "org_number": org_number(901)}
    our_admin = UserFactory(role=Role.ADMINISTRATOR, municipality=ours.municipality)
    with pytest.raises(AgreementImportError) as raised:
        import_document(document, by=our_admin)
    assert "Påhittad kommun" in " ".join(raised.value.messages)
    assert not Municipality.objects.filter(name="Påhittad kommun").exists()


def test_the_superuser_sees_whose_committee_each_is(root, ours, theirs):
    labels = [label for _value, label in AgreementCreateForm(user=root).fields["committee"].choices][1:]
    assert sorted(labels) == ["Omsorgsnämnden (Norrköpings kommun)", "Äldrenämnden (Linköpings kommun)"]
