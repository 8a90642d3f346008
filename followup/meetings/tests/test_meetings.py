"""The follow-up of an agreement on screen: rules and the plan they make, meeting records
with minutes and action items, and the parties' material. Planners keep it, viewers and
partners read it, partners add their own material and mark their own actions done, and
to partners of other organisations none of it exists."""

import datetime

import pytest

from django.urls import reverse
from django.utils import timezone

from agreements.tests.factories import make_agreement
from followup.meetings import services as meetings
from followup.meetings.models import ActionItem, Convener, FollowUpMeeting, FollowUpRule, MeetingKind, MeetingMaterial
from followup.tests.factories import approver_for, hours_agreement, reporter_for
from partners.tests.factories import CommitteeFactory, OrganisationFactory

TODAY = timezone.localdate()
D = datetime.date


@pytest.fixture
def agreement(db):
    return hours_agreement()  # in force from 1 January last year to 31 December next year


@pytest.fixture
def partner(organisation):
    return reporter_for(organisation)


@pytest.fixture
def planner(agreement):
    return approver_for(agreement)


@pytest.fixture
def meeting(agreement):
    return meetings.meeting_save(
        by=None,
        agreement=agreement,
        kind=MeetingKind.FOLLOW_UP,
        date=TODAY,
        place="Stadshuset",
        convened_by=Convener.ADMINISTRATION,
        participants="Resurspoolen och förvaltningen",
        agenda="- Året som gått",
        minutes="Verksamheten har nått 58 deltagare.",
        decisions="Fortsätt som planerat.",
    )


@pytest.fixture
def other_meeting(db):
    """A meeting of another organisation's agreement."""
    other = make_agreement(
        committee=CommitteeFactory(name="Bildningsnämnden"),
        partners=[OrganisationFactory(name="Stadsmissionen")],
        registry_number="BN 2019-12",
        state="signed",
    )
    meeting = meetings.meeting_save(
        by=None,
        agreement=other,
        kind=MeetingKind.FOLLOW_UP,
        date=D(2021, 10, 5),
        convened_by=Convener.ADMINISTRATION,
        minutes="Hemligt protokoll",
    )
    meetings.action_item_add(by=None, meeting=meeting, text="Skicka rapporten", owner="Kim", due_date=D(2021, 11, 1))
    return meeting


def meeting_data(**changes):
    return {
        "kind": MeetingKind.FOLLOW_UP,
        "date": TODAY.isoformat(),
        "place": "Stadshuset",
        "convened_by": Convener.ADMINISTRATION,
        "participants": "",
        "agenda": "",
        "minutes": "Protokoll",
        "decisions": "",
        **changes,
    }


def test_the_rules_and_the_plan_are_shown_with_the_years_without_a_follow_up(client_as, agreement, planner):
    meetings.rule_save(
        by=None, agreement=agreement, kind=MeetingKind.FOLLOW_UP, months="12", convened_by=Convener.ADMINISTRATION
    )
    meetings.rule_save(
        by=None, agreement=agreement, kind=MeetingKind.STRATEGIC, months="4,10", convened_by=Convener.PARTNERS
    )
    held = meetings.meeting_save(
        by=None, agreement=agreement, kind=MeetingKind.FOLLOW_UP, date=TODAY, convened_by=Convener.ADMINISTRATION
    )

    response = client_as(planner).get(reverse("followup:follow-up", args=[agreement.pk]))

    assert response.status_code == 200
    assert response.context["missing_years"] == [TODAY.year - 1]
    statuses = [(item.kind, item.due.year, status) for item, status in response.context["plan"]]
    assert (MeetingKind.FOLLOW_UP, TODAY.year - 1, "overdue") in statuses
    assert (MeetingKind.FOLLOW_UP, TODAY.year, "held") in statuses
    assert (MeetingKind.FOLLOW_UP, TODAY.year + 1, "to_come") in statuses
    assert sum(kind == MeetingKind.STRATEGIC for kind, _year, _status in statuses) == 6  # April and October, 3 years
    html = response.content.decode()
    assert reverse("followup:meeting-detail", args=[held.pk]) in html
    assert 'class="alert alert-warning missing-follow-up"' in html
    assert reverse("followup:rule-save", args=[agreement.pk]) in html
    assert reverse("followup:meeting-create", args=[agreement.pk]) in html
    assert agreement.get_absolute_url() in html
    for year in (TODAY.year - 1, TODAY.year):
        assert reverse("followup:yearly", args=[agreement.pk, year]) in html
    assert reverse("followup:yearly", args=[agreement.pk, TODAY.year + 1]) not in html


def test_a_planner_saves_a_rule_and_bad_months_are_refused(client_as, agreement, planner):
    client = client_as(planner)
    url = reverse("followup:rule-save", args=[agreement.pk])

    response = client.post(url, {"kind": "operational", "months": "3,6,13", "convened_by": "partners"})
    assert response.status_code == 200
    assert "months" in response.context["rule_form"].errors
    assert not FollowUpRule.objects.exists()

    response = client.post(url, {"kind": "operational", "months": "3,6,9,12", "convened_by": "partners"})
    assert response.status_code == 302
    rule = FollowUpRule.objects.get()
    assert (rule.kind, rule.month_numbers, rule.convened_by) == ("operational", [3, 6, 9, 12], "partners")


def test_a_planner_records_a_meeting_and_sees_its_record(client_as, agreement, planner):
    client = client_as(planner)
    response = client.post(reverse("followup:meeting-create", args=[agreement.pk]), meeting_data())
    meeting = FollowUpMeeting.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("followup:meeting-detail", args=[meeting.pk])
    assert meeting.history.get().history_user == planner

    response = client.post(
        reverse("followup:meeting-update", args=[meeting.pk]), meeting_data(minutes="Rättat protokoll")
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == "Rättat protokoll"


def test_a_meeting_outside_the_period_is_refused_at_the_date_and_nothing_is_saved(client_as, agreement, planner):
    client = client_as(planner)
    late = D(TODAY.year + 2, 1, 15)  # the period ends 31 December next year

    response = client.post(reverse("followup:meeting-create", args=[agreement.pk]), meeting_data(date=late))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["date"]
    assert not FollowUpMeeting.objects.exists()


def test_moving_a_recorded_meeting_outside_the_period_changes_nothing(client_as, meeting, planner):
    url = reverse("followup:meeting-update", args=[meeting.pk])

    response = client_as(planner).post(url, meeting_data(date=D(TODAY.year - 2, 6, 1), minutes="Annat"))

    assert response.status_code == 200
    assert "date" in response.context["form"].errors
    meeting.refresh_from_db()
    assert (meeting.date, meeting.minutes) == (TODAY, "Verksamheten har nått 58 deltagare.")


def test_an_action_item_without_owner_or_due_date_is_refused(client_as, meeting, planner):
    url = reverse("followup:action-create", args=[meeting.pk])

    response = client_as(planner).post(url, {"action-text": "Skicka in verksamhetsberättelsen"})

    assert response.status_code == 200
    assert set(response.context["action_form"].errors) == {"owner", "due_date"}
    assert not ActionItem.objects.exists()


def test_an_action_item_can_only_be_owned_by_a_partner_of_the_agreement(client_as, meeting, planner, other_meeting):
    stranger = other_meeting.agreement.versions.get().parties.get(organisation__isnull=False).organisation
    data = {"action-text": "Rapportera", "action-owner": "Kim", "action-due_date": TODAY.isoformat()}

    response = client_as(planner).post(
        reverse("followup:action-create", args=[meeting.pk]), {**data, "action-owner_organisation": stranger.pk}
    )

    assert response.status_code == 200
    assert "owner_organisation" in response.context["action_form"].errors
    assert not ActionItem.objects.filter(meeting=meeting).exists()


def test_a_planner_adds_an_action_item_for_the_partner(client_as, meeting, planner, organisation):
    due = TODAY + datetime.timedelta(days=14)
    data = {
        "action-text": "Skicka in verksamhetsberättelsen",
        "action-owner": "Verksamhetsledaren",
        "action-owner_organisation": organisation.pk,
        "action-due_date": due.isoformat(),
    }

    response = client_as(planner).post(reverse("followup:action-create", args=[meeting.pk]), data)

    assert response.status_code == 302
    item = ActionItem.objects.get()
    assert (item.meeting, item.owner_organisation, item.due_date, item.done_on) == (meeting, organisation, due, None)


def test_a_partner_reads_the_minutes_of_their_agreement_and_adds_material(client_as, meeting, partner, organisation):
    client = client_as(partner)

    page = client.get(reverse("followup:meeting-detail", args=[meeting.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Verksamheten har nått 58 deltagare." in html
    assert "<li>Året som gått</li>" in html  # the agenda through the prose filter
    assert reverse("followup:material-create", args=[meeting.pk]) in html
    assert reverse("followup:action-create", args=[meeting.pk]) not in html
    assert reverse("followup:meeting-update", args=[meeting.pk]) not in html
    assert client.get(reverse("followup:follow-up", args=[meeting.agreement_id])).status_code == 200

    response = client.post(
        reverse("followup:material-create", args=[meeting.pk]),
        {"material-organisation": organisation.pk, "material-text": "Vår egen rapport om året"},
    )
    assert response.status_code == 302
    material = MeetingMaterial.objects.get()
    assert (material.meeting, material.organisation, material.created_by) == (meeting, organisation, partner)
    assert "Vår egen rapport om året" in client.get(reverse("followup:meeting-detail", args=[meeting.pk])).text


def test_a_partner_adds_material_only_for_their_own_organisation(client_as, meeting, partner, agreement):
    stranger = OrganisationFactory(name="Främlingen")

    response = client_as(partner).post(
        reverse("followup:material-create", args=[meeting.pk]),
        {"material-organisation": stranger.pk, "material-text": "Inte vår"},
    )

    assert response.status_code == 200
    assert "organisation" in response.context["material_form"].errors
    assert not MeetingMaterial.objects.exists()


def test_partners_cannot_read_other_agreements_minutes(client_as, partner, other_meeting):
    client = client_as(partner)
    item = other_meeting.action_items.get()

    assert client.get(reverse("followup:meeting-detail", args=[other_meeting.pk])).status_code == 404
    assert client.get(reverse("followup:follow-up", args=[other_meeting.agreement_id])).status_code == 404
    assert client.get(reverse("followup:meeting-update", args=[other_meeting.pk])).status_code == 404
    material = {"material-organisation": partner.organisations.get().pk, "material-text": "Intrång"}
    assert client.post(reverse("followup:material-create", args=[other_meeting.pk]), material).status_code == 404
    assert client.post(reverse("followup:action-done", args=[item.pk])).status_code == 404
    assert not MeetingMaterial.objects.exists()
    item.refresh_from_db()
    assert item.done_on is None


def test_a_viewer_reads_but_cannot_record(client_as, viewer, meeting):
    client = client_as(viewer)
    agreement = meeting.agreement

    page = client.get(reverse("followup:follow-up", args=[agreement.pk]))
    assert page.status_code == 200
    assert reverse("followup:meeting-create", args=[agreement.pk]) not in page.text
    assert client.get(reverse("followup:meeting-detail", args=[meeting.pk])).status_code == 200
    assert client.get(reverse("followup:meeting-create", args=[agreement.pk])).status_code == 403
    assert client.post(reverse("followup:meeting-create", args=[agreement.pk]), meeting_data()).status_code == 403
    assert client.get(reverse("followup:meeting-update", args=[meeting.pk])).status_code == 403
    rule = {"kind": "operational", "months": "3", "convened_by": "partners"}
    assert client.post(reverse("followup:rule-save", args=[agreement.pk]), rule).status_code == 403
    action = {"action-text": "X", "action-owner": "Y", "action-due_date": TODAY.isoformat()}
    assert client.post(reverse("followup:action-create", args=[meeting.pk]), action).status_code == 403
    material = {"material-text": "X"}
    assert client.post(reverse("followup:material-create", args=[meeting.pk]), material).status_code == 403
    assert FollowUpMeeting.objects.count() == 1
    assert not (FollowUpRule.objects.exists() or ActionItem.objects.exists() or MeetingMaterial.objects.exists())


def test_a_partner_may_not_record_meetings(client_as, partner, meeting):
    response = client_as(partner).post(reverse("followup:meeting-create", args=[meeting.agreement_id]), meeting_data())
    assert response.status_code == 403
    assert FollowUpMeeting.objects.count() == 1


def test_the_owning_partner_marks_their_action_done(client_as, meeting, partner, organisation):
    theirs = meetings.action_item_add(
        by=None, meeting=meeting, text="Rapportera", owner="Kim", owner_organisation=organisation, due_date=TODAY
    )
    municipality_s = meetings.action_item_add(
        by=None, meeting=meeting, text="Betala ut", owner="Förvaltningen", due_date=TODAY
    )
    client = client_as(partner)

    page = client.get(reverse("followup:meeting-detail", args=[meeting.pk])).text
    assert reverse("followup:action-done", args=[theirs.pk]) in page
    assert reverse("followup:action-done", args=[municipality_s.pk]) not in page

    response = client.post(reverse("followup:action-done", args=[theirs.pk]), {"next": "/"})
    assert (response.status_code, response.url) == (302, "/")
    theirs.refresh_from_db()
    assert theirs.done_on == TODAY

    assert client.post(reverse("followup:action-done", args=[municipality_s.pk])).status_code == 403
    municipality_s.refresh_from_db()
    assert municipality_s.done_on is None


def test_a_planner_marks_any_action_of_the_agreement_done(client_as, meeting, planner):
    item = meetings.action_item_add(by=None, meeting=meeting, text="Betala ut", owner="Förvaltningen", due_date=TODAY)

    response = client_as(planner).post(
        reverse("followup:action-done", args=[item.pk]), {"next": "https://evil.example"}
    )

    assert response.url == reverse("followup:meeting-detail", args=[meeting.pk])
    item.refresh_from_db()
    assert item.done_on == TODAY
