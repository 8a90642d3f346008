"""The administrator's "Get started" list on the start page."""

from django.urls import reverse

from agreements import services as agreements_services
from followup.desk import getting_started
from iop.accounts.models import Role
from iop.accounts.tests.factories import UserFactory
from partners import services as partners_services
from partners.tests.factories import AdministrationFactory, CommitteeFactory, MunicipalityFactory


def new_municipality():
    return MunicipalityFactory(name="Provby kommun", org_number="212000-9986")


def done(steps):
    return {step.key: step.done for step in steps}


def test_a_new_municipalitys_administrator_sees_every_step_undone(client_as, db):
    administrator = UserFactory(role=Role.ADMINISTRATOR, municipality=new_municipality())
    page = client_as(administrator).get(reverse("desk:start")).content.decode()
    assert 'id="getting-started"' in page and "Kom igång" in page and "Skriv standardtexterna" in page
    for name in ["partners:committee-list", "partners:administration-list", "agreements:default-texts"]:
        assert reverse(name) in page
    assert reverse("accounts:user-list") in page
    assert not any(done(getting_started.steps(administrator)).values())


def test_steps_are_ticked_as_they_are_done(db):
    municipality = new_municipality()
    administrator = UserFactory(role=Role.ADMINISTRATOR, municipality=municipality)
    CommitteeFactory(municipality=municipality, name="Socialnämnden")
    agreements_services.default_text_save(by=None, municipality=municipality, field="signing_place", text="Provby")
    partners_services.municipality_update(by=None, municipality=municipality, guideline_min=30)
    ticks = done(getting_started.steps(administrator))
    assert ticks["committees"] and ticks["default_texts"]
    assert ticks["settings"]
    assert not ticks["administrations"] and not ticks["users"]


def test_another_municipalitys_register_ticks_nothing(db):
    other = MunicipalityFactory()  # Linköping, set up
    CommitteeFactory(municipality=other)
    AdministrationFactory(municipality=other)
    UserFactory(role=Role.VIEWER, municipality=other)
    administrator = UserFactory(role=Role.ADMINISTRATOR, municipality=new_municipality())
    ticks = done(getting_started.steps(administrator))
    assert not ticks["committees"] and not ticks["administrations"]
    assert not ticks["users"]


def test_the_list_goes_away_once_the_municipality_is_set_up(client_as, db):
    municipality = new_municipality()
    administrator = UserFactory(role=Role.ADMINISTRATOR, municipality=municipality)
    committee = CommitteeFactory(municipality=municipality)
    AdministrationFactory(municipality=municipality).committees.set([committee])
    agreements_services.default_text_save(by=None, municipality=municipality, field="signing_place", text="Provby")
    UserFactory(role=Role.PLANNER, committees=[committee])
    assert getting_started.steps(administrator) == []
    assert 'id="getting-started"' not in client_as(administrator).get(reverse("desk:start")).content.decode()


def test_planners_and_the_installations_superuser_get_no_list(db):
    planner = UserFactory(role=Role.PLANNER, committees=[CommitteeFactory(municipality=new_municipality())])
    superuser = UserFactory(role=Role.ADMINISTRATOR, municipality=None, is_superuser=True)
    assert getting_started.steps(planner) == [] and getting_started.steps(superuser) == []
