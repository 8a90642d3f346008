"""Removing a follow-up rule from the follow-up page: asked first, then removed and
recorded; only those who may change the agreement may do it."""

import pytest

from django.urls import reverse

from agreements.tests.factories import make_agreement
from followup.meetings import services as meetings
from followup.meetings.models import Convener, FollowUpRule, MeetingKind
from followup.tests.factories import approver_for, hours_agreement, reporter_for
from partners.tests.factories import CommitteeFactory, OrganisationFactory


@pytest.fixture
def agreement(db):
    return hours_agreement()


@pytest.fixture
def rule(agreement):
    return meetings.rule_save(
        by=None, agreement=agreement, kind=MeetingKind.OPERATIONAL, months="3,9", convened_by=Convener.PARTNERS
    )


def remove_url(rule):
    return reverse("followup:rule-remove", args=[rule.agreement_id, rule.pk])


def test_a_planner_is_asked_first_and_then_removes_the_rule(client_as, agreement, rule):
    planner = approver_for(agreement)
    client = client_as(planner)

    page = client.get(reverse("followup:follow-up", args=[agreement.pk])).text
    assert remove_url(rule) in page

    confirm = client.get(remove_url(rule))
    assert confirm.status_code == 200
    assert "Ta bort regeln" in confirm.text and "Operativt samverkansmöte" in confirm.text
    assert FollowUpRule.objects.filter(pk=rule.pk).exists()  # asking removes nothing

    response = client.post(remove_url(rule))
    assert response.status_code == 302
    assert response.url == reverse("followup:follow-up", args=[agreement.pk])
    assert not FollowUpRule.objects.exists()


def test_the_removal_is_recorded_in_the_rules_history(client_as, agreement, rule):
    planner = approver_for(agreement)

    client_as(planner).post(remove_url(rule))

    removal = FollowUpRule.history.filter(id=rule.pk).latest("history_date")
    assert removal.history_type == "-"
    assert removal.history_user == planner


def test_a_rule_of_another_agreement_cannot_be_removed_through_this_one(client_as, agreement, rule):
    other = make_agreement(
        committee=agreement.versions.get().committee,
        partners=[OrganisationFactory(name="Stadsmissionen")],
        registry_number="AMN 2019-99",
        state="signed",
    )
    url = reverse("followup:rule-remove", args=[other.pk, rule.pk])

    assert client_as(approver_for(agreement)).post(url).status_code == 404
    assert FollowUpRule.objects.filter(pk=rule.pk).exists()


def test_those_who_may_only_read_cannot_remove_a_rule(client_as, agreement, organisation, rule, viewer):
    other_committee_s_planner = approver_for(
        make_agreement(committee=CommitteeFactory(name="Bildningsnämnden"), registry_number="BN 2019-12")
    )
    for user in (viewer, reporter_for(organisation), other_committee_s_planner):
        client = client_as(user)
        assert client.get(remove_url(rule)).status_code == 403
        assert client.post(remove_url(rule)).status_code == 403
        page = client.get(reverse("followup:follow-up", args=[agreement.pk])).text
        assert remove_url(rule) not in page
    assert FollowUpRule.objects.filter(pk=rule.pk).exists()


def test_to_a_partner_of_another_organisation_the_rule_does_not_exist(client_as, rule):
    stranger = reporter_for(OrganisationFactory(name="Stadsmissionen"))
    client = client_as(stranger)

    assert client.get(remove_url(rule)).status_code == 404
    assert client.post(remove_url(rule)).status_code == 404
    assert FollowUpRule.objects.filter(pk=rule.pk).exists()
