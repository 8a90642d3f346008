"""A municipality's default payment terms: kept by its administrators on a page of its
settings; each new agreement of its committees starts with them."""

import pytest

from django.urls import reverse

from agreements import services as agreement_services
from agreements.tests.factories import make_agreement
from finance import services
from finance.models import DefaultTerms, FinanceTerms, PeriodKind
from iop.accounts.models import Role
from iop.accounts.tests.factories import UserFactory
from partners.orgnr import luhn_check_digit
from partners.tests.factories import CommitteeFactory, MunicipalityFactory


def municipal_org_number(n):
    body = f"212000{n:04d}"[:9]
    return f"{body[:6]}-{body[6:]}{luhn_check_digit(body)}"


@pytest.fixture
def linkoping(db):
    return MunicipalityFactory()


@pytest.fixture
def own_administrator(linkoping):
    return UserFactory(username="admin-lkpg", role=Role.ADMINISTRATOR, municipality=linkoping)


def url(municipality):
    return reverse("finance:default-terms", args=[municipality.pk])


def test_a_new_draft_starts_with_its_municipalitys_payment_terms(client_as, own_administrator, linkoping):
    response = client_as(own_administrator).post(
        url(linkoping), {"period_kind": PeriodKind.AGREEMENT_YEAR, "payment_months": "1, 7"}
    )
    assert response.status_code == 302
    assert DefaultTerms.objects.get(municipality=linkoping).history.first().history_user == own_administrator
    version = make_agreement(committee=CommitteeFactory(name="Äldrenämnden")).versions.get()
    terms = FinanceTerms.objects.get(version=version)
    assert (terms.period_kind, terms.months, terms.indexation_from_year) == (PeriodKind.AGREEMENT_YEAR, [1, 7], None)


def test_another_municipalitys_defaults_do_not_reach_its_neighbours_drafts(linkoping):
    other = MunicipalityFactory(name="Exempelby kommun", org_number=municipal_org_number(31))
    services.default_terms_save(by=None, municipality=other, period_kind=PeriodKind.CALENDAR, payment_months="7")
    own = make_agreement(committee=CommitteeFactory(name="Äldrenämnden", municipality=linkoping)).versions.get()
    theirs = make_agreement(committee=CommitteeFactory(name="Omsorgsnämnden", municipality=other)).versions.get()
    assert not FinanceTerms.objects.filter(version=own).exists()  # no defaults: as before, no terms
    assert FinanceTerms.objects.get(version=theirs).months == [7]


def test_a_copied_agreement_keeps_the_terms_of_its_source(linkoping):
    committee = CommitteeFactory(name="Äldrenämnden", municipality=linkoping)
    source = make_agreement(committee=committee)
    version = source.versions.get()
    services.finance_terms_save(
        by=None, version=version, lock_version=version.lock_version, indexation_from_year=2021, payment_months="3"
    )
    services.default_terms_save(by=None, municipality=linkoping, period_kind=PeriodKind.CALENDAR, payment_months="7")
    copy = agreement_services.agreement_create(by=None, committee=committee, title="Kopia", copy_from=source)
    assert FinanceTerms.objects.get(version=copy.versions.get()).months == [3]


def test_bad_payment_months_are_refused_at_the_field(client_as, own_administrator, linkoping):
    response = client_as(own_administrator).post(url(linkoping), {"period_kind": "calendar", "payment_months": "13"})
    assert response.status_code == 200 and response.context["form"].errors["payment_months"]
    assert not DefaultTerms.objects.exists()


def test_only_the_municipalitys_own_administrators_keep_them(client_as, linkoping):
    other = MunicipalityFactory(name="Exempelby kommun", org_number=municipal_org_number(31))
    data = {"period_kind": "calendar", "payment_months": "7"}
    for user, status in (
        (UserFactory(role=Role.PLANNER, municipality=linkoping), 403),
        (UserFactory(role=Role.VIEWER, municipality=linkoping), 403),
        (UserFactory(role=Role.ADMINISTRATOR, municipality=other), 404),
    ):
        assert client_as(user).post(url(linkoping), data).status_code == status
    assert not DefaultTerms.objects.exists()


def test_the_settings_page_links_to_the_default_terms(client_as, own_administrator, linkoping):
    page = client_as(own_administrator).get(reverse("partners:municipality-settings", args=[linkoping.pk]))
    assert url(linkoping) in page.content.decode()


@pytest.mark.race
@pytest.mark.django_db(transaction=True)
def test_first_saves_of_the_default_terms_at_once_keep_one_row_and_refuse_none():
    from iop.core.tests.race import at_once

    municipality = MunicipalityFactory()
    outcomes = at_once(
        *[
            lambda months=months: services.default_terms_save(
                by=None, municipality=municipality, period_kind=PeriodKind.CALENDAR, payment_months=months
            )
            for months in ("1", "7", "1,7", "4")
        ]
    )
    assert all(outcome.ok for outcome in outcomes), outcomes
    assert DefaultTerms.objects.filter(municipality=municipality).count() == 1
