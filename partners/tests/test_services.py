import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from partners import services
from partners.models import Contact, Organisation
from partners.tests.factories import ContactFactory, OrganisationFactory


def test_organisation_number_is_stored_normalised(planner):
    organisation = services.organisation_create(by=planner, name="Resurspoolen", org_number="16 8220030913")
    organisation.refresh_from_db()
    assert organisation.org_number == "822003-0913"


def test_organisation_without_number_is_stored_as_null_and_many_may_lack_one(planner):
    first = services.organisation_create(by=planner, name="Bilda", org_number="")
    second = services.organisation_create(by=planner, name="IKF", org_number=None)
    assert first.org_number is None and second.org_number is None


def test_duplicate_organisation_number_is_refused_at_the_field(planner, organisation_a):
    with pytest.raises(ValidationError) as raised:
        services.organisation_create(by=planner, name="Kopia", org_number="8220030913")
    assert "org_number" in raised.value.error_dict
    assert Organisation.objects.count() == 1


def test_invalid_number_is_refused_by_the_service(planner):
    with pytest.raises(ValidationError) as raised:
        services.organisation_create(by=planner, name="Felskriven", org_number="822003-0914")
    assert raised.value.error_dict["org_number"][0].code == "invalid_check_digit"
    assert not Organisation.objects.exists()


def test_invalid_number_cannot_be_saved_through_the_orm_either(db):
    with pytest.raises(ValidationError), transaction.atomic():
        Organisation.objects.create(name="Förbi formuläret", org_number="822003-0914")
    assert not Organisation.objects.exists()


def test_duplicate_number_written_past_validation_is_stopped_by_the_database(organisation_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="Dubblett", org_number="822003 0913")


def test_a_viewer_cannot_create_an_organisation_even_through_the_service(viewer):
    with pytest.raises(PermissionDenied):
        services.organisation_create(by=viewer, name="Nej")


def test_changes_are_recorded_with_who_and_when(planner):
    organisation = services.organisation_create(by=planner, name="Bilda")
    services.organisation_update(by=planner, organisation=organisation, city="Linköping")
    records = list(organisation.history.order_by("history_date"))
    assert [record.history_type for record in records] == ["+", "~"]
    assert {record.history_user for record in records} == {planner}
    assert records[1].city == "Linköping"


def test_contact_belongs_to_exactly_one_party(committee_x, organisation_a):
    with pytest.raises(ValidationError):
        Contact(name="Två parter", committee=committee_x, organisation=organisation_a).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.create(name="Ingen part")


def test_contact_create_attaches_the_contact_to_its_party(planner, committee_x):
    contact = services.contact_create(by=planner, party=committee_x, name="Eva Planeringsledare", is_signatory=True)
    assert contact.committee == committee_x and contact.organisation is None


def test_lists_are_in_swedish_order(db):
    for name in ["Östgöta förening", "Ängens vänner", "Zeta", "Åsens IF", "Alfa", "ärlig början"]:
        OrganisationFactory(name=name)
    names = list(Organisation.objects.values_list("name", flat=True))
    assert names == ["Alfa", "Zeta", "Åsens IF", "Ängens vänner", "ärlig början", "Östgöta förening"]


def test_search_finds_by_name_part_and_by_number_with_or_without_hyphen(organisation_a, organisation_b):
    assert list(Organisation.objects.search("resurs")) == [organisation_a]
    assert list(Organisation.objects.search("8220030913")) == [organisation_a]
    assert list(Organisation.objects.search("822003-09")) == [organisation_a]
    assert set(Organisation.objects.search("")) == {organisation_a, organisation_b}


def test_contact_factory_defaults_to_an_organisation(db):
    assert ContactFactory().organisation is not None
