"""Nothing is destroyed by one click: removing a responsibility, an activity, a chapter or a
party asks first on a page of its own; a notice shows the end date it gives before it is
recorded; a criterion judged "not met" is confirmed before the agreement goes to decision."""

import datetime

import pytest

from django.urls import reverse
from django.utils import timezone

from agreements import services
from agreements.models import Activity, Agreement, Judgement, Party, Responsibility, Section, Status
from agreements.tests.factories import answer_all_criteria, make_agreement
from iop.core.dates import add_months
from partners.tests.factories import OrganisationFactory

D = datetime.date
TODAY = timezone.localdate()


@pytest.fixture
def draft(committee_x, organisation_a):
    return make_agreement(committee=committee_x, partners=[organisation_a])


def version(agreement):
    return agreement.versions.order_by("-number").first()


def remove_url(agreement, kind, item):
    return reverse("agreements:item-remove", args=[agreement.pk, kind, item.pk])


def add(draft, kind, **fields):
    current = version(draft)
    return services.item_add(by=None, version=current, lock_version=current.lock_version, kind=kind, **fields)


@pytest.mark.parametrize(
    ("kind", "service_kind", "fields", "question", "name"),
    [
        ("responsibilities", "responsibility", {"text": "Rekryterar volontärer"}, "Ta bort ansvaret?", "Rekryterar"),
        ("activities", "activity", {"name": "Språkcafé"}, "Ta bort aktiviteten?", "Språkcafé"),
        ("chapters", "section", {"heading": "Uppsökande verksamhet"}, "Ta bort kapitlet?", "Uppsökande"),
    ],
)
def test_an_item_is_removed_only_after_the_question(
    client_as, planner, draft, kind, service_kind, fields, question, name
):
    item = add(draft, service_kind, **fields)
    model = type(item)
    client = client_as(planner)
    listing = client.get(reverse("agreements:items", args=[draft.pk, kind])).content.decode()
    assert f'href="{remove_url(draft, kind, item)}"' in listing  # a link to the question, no form that removes

    asked = client.get(remove_url(draft, kind, item))
    page = asked.content.decode()
    assert asked.status_code == 200
    assert question in page and name in page and "tas bort ur utkastet" in page
    assert f'href="{reverse("agreements:items", args=[draft.pk, kind])}"' in page  # Avbryt
    assert model.objects.filter(pk=item.pk).exists()

    response = client.post(remove_url(draft, kind, item), {"lock_version": version(draft).lock_version})
    assert response.status_code == 302
    assert response.url == reverse("agreements:items", args=[draft.pk, kind])
    assert not model.objects.filter(pk=item.pk).exists()


def test_a_party_is_removed_only_after_the_question_that_says_what_goes_with_it(client_as, planner, draft):
    other = OrganisationFactory(name="Hjärta till hjärta")
    party = add(draft, "party", organisation=other)
    add(draft, "responsibility", party=party, text="Håller i träffarna")
    client = client_as(planner)
    assert (
        f'href="{remove_url(draft, "parties", party)}"'
        in client.get(reverse("agreements:parties", args=[draft.pk])).content.decode()
    )

    page = client.get(remove_url(draft, "parties", party)).content.decode()
    assert "Ta bort parten?" in page and "Hjärta till hjärta" in page and "ansvar och bidrag" in page
    assert Party.objects.filter(pk=party.pk).exists()

    client.post(remove_url(draft, "parties", party), {"lock_version": version(draft).lock_version})
    assert not Party.objects.filter(pk=party.pk).exists()
    assert not Responsibility.objects.filter(text="Håller i träffarna").exists()


def test_a_confirmation_opened_before_someone_else_saved_removes_nothing(client_as, planner, draft):
    activity = add(draft, "activity", name="Språkcafé")
    stale = version(draft).lock_version
    add(draft, "section", heading="Ett nytt kapitel")  # someone else saves meanwhile

    client_as(planner).post(remove_url(draft, "activities", activity), {"lock_version": stale})
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_only_those_who_may_change_the_draft_are_asked(client_as, draft, viewer, partner_a, planner_y):
    chapter = add(draft, "section", heading="Uppsökande verksamhet")
    for user in (viewer, partner_a, planner_y):
        client = client_as(user)
        assert client.get(remove_url(draft, "chapters", chapter)).status_code in (403, 404)
        assert client.post(remove_url(draft, "chapters", chapter), {"lock_version": 0}).status_code in (403, 404)
    assert Section.objects.filter(pk=chapter.pk).exists()


def test_moving_an_item_stays_one_click(client_as, planner, draft):
    add(draft, "section", heading="Ett")
    second = add(draft, "section", heading="Två")
    client = client_as(planner)
    client.post(
        reverse("agreements:item-action", args=[draft.pk, "chapters", second.pk, "up"]),
        {"lock_version": version(draft).lock_version},
    )
    assert list(version(draft).sections.values_list("heading", flat=True)) == ["Två", "Ett"]


# --- Ending an agreement --------------------------------------------------------------------


@pytest.fixture
def signed(committee_x, organisation_a):
    # in force today, ending on the last day of next year, six months' notice
    return make_agreement(
        committee=committee_x,
        partners=[organisation_a],
        state="signed",
        registry_number="ÄN 1",
        start=D(TODAY.year - 1, 1, 1),
        end=D(TODAY.year + 1, 12, 31),
        decision_date=D(TODAY.year - 2, 11, 20),
        signed_on=D(TODAY.year - 2, 12, 16),
    )


def terminate_url(agreement):
    return reverse("agreements:agreement-terminate", args=[agreement.pk])


def notice(agreement, **extra):
    party = agreement.versions.get(number=1).parties.get(organisation__isnull=False)
    return {"party": party.pk, "notice_date": f"{TODAY:%Y-%m-%d}", **extra}


def test_a_notice_shows_the_computed_end_before_it_is_recorded(client_as, planner, signed):
    client = client_as(planner)
    asked = client.post(terminate_url(signed), notice(signed))
    page = asked.content.decode()
    end = add_months(TODAY, 6)
    assert asked.status_code == 200
    assert "Säga upp överenskommelsen?" in page
    assert f"Uppsägningstiden är 6 månader: överenskommelsen upphör {end:%Y-%m-%d}." in page
    assert not hasattr(Agreement.objects.get(pk=signed.pk), "termination")  # nothing recorded yet

    response = client.post(terminate_url(signed), notice(signed, confirmed="1"))
    assert response.status_code == 302
    assert Agreement.objects.get(pk=signed.pk).termination.end_date == end


def test_a_typed_end_date_replaced_by_the_notice_rule_is_explained(client_as, planner, signed):
    typed = add_months(TODAY, 1)
    page = client_as(planner).post(terminate_url(signed), notice(signed, end_date=f"{typed:%Y-%m-%d}")).text
    assert f"Datumet du angav ({typed:%Y-%m-%d}) gäller inte" in page
    assert f"överenskommelsen upphör {add_months(TODAY, 6):%Y-%m-%d}" in page


def test_changing_the_notice_goes_back_to_the_form_with_what_was_typed(client_as, planner, signed):
    page = client_as(planner).post(terminate_url(signed), notice(signed, reason="Flyttar", change="1")).text
    assert "Flyttar" in page and 'name="notice_date"' in page
    assert not hasattr(Agreement.objects.get(pk=signed.pk), "termination")


def test_a_notice_the_service_refuses_shows_the_form_not_the_question(client_as, planner, signed):
    tomorrow = TODAY + datetime.timedelta(days=1)
    response = client_as(planner).post(terminate_url(signed), notice(signed, notice_date=f"{tomorrow:%Y-%m-%d}"))
    assert "kan inte ligga i framtiden" in response.text and "Registrera uppsägningen" not in response.text


def test_the_agreement_s_own_end_before_the_notice_period_is_said(client_as, planner, committee_x, organisation_a):
    soon = add_months(TODAY, 2)
    agreement = make_agreement(
        committee=committee_x,
        partners=[organisation_a],
        state="signed",
        start=D(TODAY.year - 1, 1, 1),
        end=soon,
        decision_date=D(TODAY.year - 2, 11, 20),
        signed_on=D(TODAY.year - 2, 12, 16),
    )
    page = client_as(planner).post(terminate_url(agreement), notice(agreement)).text
    assert f"Överenskommelsens period slutar redan {soon:%Y-%m-%d}" in page
    assert f"överenskommelsen upphör {soon:%Y-%m-%d}" in page


def test_others_may_not_terminate(client_as, signed, viewer, partner_a):
    for user in (viewer, partner_a):
        assert client_as(user).post(terminate_url(signed), notice(signed, confirmed="1")).status_code == 403
    assert not hasattr(Agreement.objects.get(pk=signed.pk), "termination")


# --- A criterion not met --------------------------------------------------------------------


def submit_url(agreement):
    return reverse("agreements:version-submit", args=[agreement.pk])


def judge_criterion_3_not_met(agreement):
    current = version(agreement)
    answers = {number: (Judgement.MET, "Bedömt.") for number in range(1, 9)}
    answers[3] = (Judgement.NOT_MET, "Ingen lokal förankring.")
    services.assessments_save(
        by=None, version=current, lock_version=current.lock_version, answers=answers, legal_review="Granskad."
    )


def test_a_criterion_not_met_is_named_and_confirmed_before_decision(client_as, planner, draft):
    judge_criterion_3_not_met(draft)
    client = client_as(planner)

    asked = client.post(submit_url(draft))
    assert asked.status_code == 200
    assert "Ingen lokal förankring." in asked.text and 'name="confirm_not_met"' in asked.text
    assert version(draft).status == Status.DRAFT

    unticked = client.post(submit_url(draft), {"confirm_page": "1"})
    assert "Kryssa i rutan" in unticked.text and version(draft).status == Status.DRAFT

    response = client.post(submit_url(draft), {"confirm_page": "1", "confirm_not_met": "on"})
    assert response.status_code == 302 and version(draft).status == Status.READY


def test_criteria_all_met_go_to_decision_at_once(client_as, planner, draft):
    answer_all_criteria(version(draft))
    assert client_as(planner).post(submit_url(draft)).status_code == 302
    assert version(draft).status == Status.READY


def test_the_service_refuses_a_criterion_not_met_unconfirmed(draft):
    judge_criterion_3_not_met(draft)
    with pytest.raises(services.ValidationError) as refused:
        services.version_submit(by=None, version=version(draft))
    assert refused.value.code == "not_met_unconfirmed"
    services.version_submit(by=None, version=version(draft), not_met_confirmed=True)
    assert version(draft).status == Status.READY
