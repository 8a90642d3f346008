"""A municipality's default follow-up rules: kept by its administrators on a page of its
settings; each new agreement of its committees starts with them."""

import datetime

import pytest

from django.urls import reverse

from agreements import services as agreement_services
from agreements.tests.factories import make_agreement
from followup.meetings import services
from followup.meetings.models import Convener, DefaultFollowUpRule, FollowUpRule, MeetingKind
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
    return reverse("followup:default-rules", args=[municipality.pk])


def posted(**changes):
    data = {}
    for kind in MeetingKind.values:
        data[f"{kind}_months"] = ""
        data[f"{kind}_convened_by"] = Convener.ADMINISTRATION
    data.update(changes)
    return data


def rules_of(agreement):
    return {(rule.kind, rule.months, rule.convened_by) for rule in FollowUpRule.objects.filter(agreement=agreement)}


def test_a_new_agreement_starts_with_its_municipalitys_follow_up_rules(client_as, own_administrator, linkoping):
    response = client_as(own_administrator).post(
        url(linkoping),
        posted(
            follow_up_months="12",
            operational_months="3, 6,9,12",
            operational_convened_by=Convener.PARTNERS,
        ),
    )
    assert response.status_code == 302
    agreement = make_agreement(committee=CommitteeFactory(name="Äldrenämnden"))
    assert rules_of(agreement) == {
        (MeetingKind.FOLLOW_UP, "12", Convener.ADMINISTRATION),
        (MeetingKind.OPERATIONAL, "3,6,9,12", Convener.PARTNERS),
    }
    rule = DefaultFollowUpRule.objects.get(municipality=linkoping, kind=MeetingKind.OPERATIONAL)
    assert rule.history.first().history_user == own_administrator


def test_emptying_a_kinds_months_removes_its_default(linkoping):
    rules = {MeetingKind.FOLLOW_UP: ("12", Convener.ADMINISTRATION), MeetingKind.STRATEGIC: ("4,10", "committee")}
    services.default_rules_save(by=None, municipality=linkoping, rules=rules)
    services.default_rules_save(
        by=None,
        municipality=linkoping,
        rules={MeetingKind.FOLLOW_UP: None, MeetingKind.STRATEGIC: ("4,10", "committee")},
    )
    assert list(DefaultFollowUpRule.objects.values_list("kind", flat=True)) == [MeetingKind.STRATEGIC]


def test_the_neighbours_rules_do_not_reach_this_municipalitys_agreements(linkoping):
    other = MunicipalityFactory(name="Exempelby kommun", org_number=municipal_org_number(41))
    services.default_rules_save(by=None, municipality=other, rules={MeetingKind.FOLLOW_UP: ("6", "administration")})
    assert rules_of(make_agreement(committee=CommitteeFactory(name="Äldrenämnden", municipality=linkoping))) == set()


@pytest.mark.parametrize("months", ["13", "mars", "0", ","])
def test_bad_months_are_refused_at_the_field(client_as, own_administrator, linkoping, months):
    response = client_as(own_administrator).post(url(linkoping), posted(strategic_months=months))
    assert response.status_code == 200 and response.context["form"].errors["strategic_months"]
    assert not DefaultFollowUpRule.objects.exists()


def test_only_the_municipalitys_own_administrators_keep_them(client_as, linkoping):
    other = MunicipalityFactory(name="Exempelby kommun", org_number=municipal_org_number(41))
    for user, status in (
        (UserFactory(role=Role.PLANNER, municipality=linkoping), 403),
        (UserFactory(role=Role.VIEWER, municipality=linkoping), 403),
        (UserFactory(role=Role.ADMINISTRATOR, municipality=other), 404),
    ):
        assert client_as(user).post(url(linkoping), posted(follow_up_months="12")).status_code == status
    assert not DefaultFollowUpRule.objects.exists()


def test_a_renewal_is_a_new_agreement_and_starts_with_the_rules_too(linkoping):
    old = make_agreement(committee=CommitteeFactory(name="Äldrenämnden", municipality=linkoping), state="signed")
    services.default_rules_save(by=None, municipality=linkoping, rules={MeetingKind.FOLLOW_UP: ("11", "committee")})
    renewal = agreement_services.agreement_renew(
        by=None, agreements=[old], registry_number="ÄN 2023-1", today=datetime.date(2021, 6, 1)
    )
    assert rules_of(renewal) == {(MeetingKind.FOLLOW_UP, "11", Convener.COMMITTEE)}
    assert rules_of(old) == set()  # an agreement already made keeps its own


@pytest.mark.race
@pytest.mark.django_db(transaction=True)
def test_first_saves_of_the_default_rules_at_once_keep_one_rule_per_kind_and_refuse_none():
    from iop.core.tests.race import at_once

    municipality = MunicipalityFactory()
    outcomes = at_once(
        *[
            lambda months=months: services.default_rules_save(
                by=None, municipality=municipality, rules={MeetingKind.FOLLOW_UP: (months, Convener.ADMINISTRATION)}
            )
            for months in ("12", "6", "3", "9")
        ]
    )
    assert all(outcome.ok for outcome in outcomes), outcomes
    assert DefaultFollowUpRule.objects.filter(municipality=municipality).count() == 1
