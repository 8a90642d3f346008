"""What changed between two versions: the comparison itself, and the page as each persona sees it."""

import datetime

import pytest

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import translation

from agreements import services
from agreements.compare import compare_versions, line_diff
from agreements.models import Judgement
from agreements.tests.factories import answer_all_criteria, make_agreement
from agreements.views.compare import version_compare

D = datetime.date
TODAY = D(2021, 6, 1)
PURPOSE = (
    "Fler äldre ska bryta ensamheten.\n\nAktiviteterna ska vara öppna för alla.\n\nVerksamheten följs upp varje år."
)


@pytest.fixture(autouse=True)
def english():
    # The strings introduced here are not translated yet; read them as written.
    with translation.override("en"):
        yield


def sign(version):
    """A complete draft through decision and every party's signature."""
    answer_all_criteria(version)
    services.version_submit(by=None, version=version)
    services.version_decide(by=None, version=version, decision_body="Äldrenämnden", decision_date=D(2019, 11, 20))
    for party in version.parties.all():
        services.version_sign(
            by=None,
            party=party,
            signatory_name="Firmatecknare",
            signatory_title="",
            place="Linköping",
            date=D(2019, 12, 16),
        )


@pytest.fixture
def versions(committee_x, organisation_a):
    """Version 1 (signed: a purpose, the committee's and the partner's responsibilities)
    and version 2, an amendment that is still an unchanged copy."""
    agreement = make_agreement(committee=committee_x, partners=[organisation_a])
    first = agreement.versions.get()
    services.version_update(by=None, version=first, lock_version=first.lock_version, purpose=PURPOSE)
    committee_party, partner = first.parties.all()
    for party, text in [(committee_party, "Kommunen upplåter lokaler."), (partner, "Resurspoolen leder grupperna.")]:
        services.item_add(
            by=None, version=first, lock_version=first.lock_version, kind="responsibility", party=party, text=text
        )
    sign(first)
    second = services.agreement_amend(by=None, agreement=agreement, today=TODAY)
    return first, second


def fresh(version):
    return type(version).objects.get(pk=version.pk)


def test_line_diff_keeps_what_stayed_and_marks_what_went_and_came():
    assert line_diff(["a", "b", "c"], ["a", "B", "c", "d"]) == [
        ("equal", "a"),
        ("delete", "b"),
        ("insert", "B"),
        ("equal", "c"),
        ("insert", "d"),
    ]


def test_identical_versions_have_no_changes(versions):
    first, second = versions
    assert compare_versions(fresh(first), fresh(second)) == []


def test_a_changed_paragraph_of_the_purpose_is_struck_through_and_the_new_one_added(versions, planner):
    first, second = versions
    purpose = PURPOSE.replace("öppna för alla", "öppna för alla över 65 år")
    services.version_update(by=planner, version=second, lock_version=second.lock_version, purpose=purpose)

    [change] = compare_versions(fresh(first), fresh(second))

    assert (change.key, change.title, change.kind) == ("purpose", "Purpose", "changed")
    assert change.lines == [
        ("equal", "Fler äldre ska bryta ensamheten."),
        ("delete", "Aktiviteterna ska vara öppna för alla."),
        ("insert", "Aktiviteterna ska vara öppna för alla över 65 år."),
        ("equal", "Verksamheten följs upp varje år."),
    ]


def test_changes_come_under_their_sections_in_the_order_the_agreement_reads(versions, planner, organisation_a):
    first, second = versions
    # Changed in an order of its own, to show that the comparison puts them in reading order.
    answers = {number: (Judgement.MET, "Bedömt vid beredningen.") for number in range(1, 9)}
    answers[3] = (Judgement.PARTLY, "Bara delvis lokalt förankrat.")
    services.assessments_save(
        by=planner, version=second, lock_version=second.lock_version, answers=answers, legal_review=first.legal_review
    )
    services.item_add(
        by=planner,
        version=second,
        lock_version=second.lock_version,
        kind="section",
        heading="Rådgivning",
        body="Stöd i vardagen.",
    )
    committee_duty = second.responsibilities.get(party__committee__isnull=False)
    services.item_update(
        by=planner,
        item=committee_duty,
        lock_version=second.lock_version,
        text="Kommunen upplåter lokaler och städning.",
    )
    services.item_remove(
        by=planner, item=second.parties.get(organisation=organisation_a), lock_version=second.lock_version
    )
    services.version_update(by=planner, version=second, lock_version=second.lock_version, end_date=D(2023, 6, 30))

    changes = compare_versions(fresh(first), fresh(second))

    assert [(change.key, change.kind) for change in changes] == [
        ("basic", "changed"),
        ("parties", "changed"),
        ("responsibilities:committee", "changed"),
        (f"responsibilities:organisation:{organisation_a.pk}", "removed"),
        ("chapter:Rådgivning", "added"),
        ("criterion:3", "changed"),
    ]
    basic, parties, committee_duties, partner_duties, chapter, criterion = changes
    assert basic.lines == [("delete", "End date: 2022-12-31"), ("insert", "End date: 2023-06-30")]
    assert parties.title == "Parties"
    assert parties.lines == [("equal", "Äldrenämnden"), ("delete", "Resurspoolen")]
    assert committee_duties.title == "Responsibilities of Äldrenämnden"
    assert committee_duties.lines == [
        ("delete", "Kommunen upplåter lokaler."),
        ("insert", "Kommunen upplåter lokaler och städning."),
    ]
    assert partner_duties.lines == [("delete", "Resurspoolen leder grupperna.")]
    assert chapter.title == "Chapter “Rådgivning”"
    assert chapter.lines == [("insert", "Stöd i vardagen.")]
    assert criterion.title == "Criterion 3"
    assert criterion.lines == [
        ("delete", "Judgement: Met"),
        ("delete", "Bedömt vid beredningen."),
        ("insert", "Judgement: Partly met"),
        ("insert", "Bara delvis lokalt förankrat."),
    ]


def test_a_changed_activity_description_and_a_removed_chapter(versions, planner):
    first, second = versions
    # Version 3 builds on a signed version 2 that has an activity and a chapter.
    services.item_add(
        by=None,
        version=second,
        lock_version=second.lock_version,
        kind="activity",
        name="Promenader",
        description="En gång i veckan.",
    )
    services.item_add(
        by=None, version=second, lock_version=second.lock_version, kind="section", heading="Rådgivning", body=""
    )
    sign(second)
    third = services.agreement_amend(by=None, agreement=second.agreement, today=TODAY)
    walks = third.activities.get()
    services.item_update(by=planner, item=walks, lock_version=third.lock_version, description="Två gånger i veckan.")
    services.item_remove(by=planner, item=third.sections.get(), lock_version=third.lock_version)

    changes = compare_versions(fresh(second), fresh(third))

    assert [(change.title, change.kind, change.lines) for change in changes] == [
        ("Activity “Promenader”", "changed", [("delete", "En gång i veckan."), ("insert", "Två gånger i veckan.")]),
        ("Chapter “Rådgivning”", "removed", []),
    ]


def test_comparing_costs_a_fixed_number_of_queries(versions, planner, django_assert_max_num_queries):
    first, second = versions
    for number in range(5):
        services.item_add(
            by=planner, version=second, lock_version=second.lock_version, kind="section", heading=f"Kapitel {number}"
        )
        services.item_add(
            by=planner, version=second, lock_version=second.lock_version, kind="activity", name=f"Aktivitet {number}"
        )
    old, new = fresh(first), fresh(second)
    # 8 for the text, 4 for the money (the finance app's comparison hook: contributions,
    # split, stated period amounts, terms).
    with django_assert_max_num_queries(12):
        changes = compare_versions(old, new)
    assert len(changes) == 10


# --- The page --------------------------------------------------------------------------------


def get(rf, user, agreement, **params):
    request = rf.get("/", params)
    request.user = user
    return version_compare(request, pk=agreement.pk)


def test_planner_sees_the_changes_of_the_latest_version_by_default(rf, versions, planner):
    first, second = versions
    services.version_update(by=planner, version=second, lock_version=second.lock_version, purpose="Ett nytt syfte.")

    response = get(rf, planner, second.agreement)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1>") == 1
    assert '<label for="compare-from"' in html and 'id="compare-from"' in html
    assert '<option value="1" selected>' in html and '<option value="2" selected>' in html
    assert "<h2" in html and "Purpose" in html
    assert '<del><span class="visually-hidden">Removed: </span>Fler äldre ska bryta ensamheten.</del>' in html
    assert '<ins><span class="visually-hidden">Added: </span>Ett nytt syfte.</ins>' in html
    assert second.agreement.get_absolute_url() in html


def test_identical_versions_are_said_to_be_identical(rf, versions, viewer):
    first, second = versions
    html = get(rf, viewer, second.agreement, **{"from": 1, "to": 2}).content.decode()
    assert "The versions are identical." in html
    assert "<del>" not in html and "<ins>" not in html


def test_partner_of_the_agreement_may_compare_its_versions(rf, versions, partner_a):
    first, second = versions
    assert get(rf, partner_a, second.agreement).status_code == 200


def test_partner_of_another_organisation_gets_404(rf, versions, partner_b):
    first, second = versions
    with pytest.raises(Http404):
        get(rf, partner_b, second.agreement)


@pytest.mark.parametrize("params", [{"to": 9}, {"from": 0}, {"from": "ett"}])
def test_a_version_number_that_does_not_exist_gives_404(rf, versions, planner, params):
    first, second = versions
    with pytest.raises(Http404):
        get(rf, planner, second.agreement, **params)


def test_anonymous_visitors_are_sent_to_the_login_page(rf, versions):
    first, second = versions
    response = get(rf, AnonymousUser(), second.agreement)
    assert response.status_code == 302


def test_an_agreement_with_one_version_compares_it_with_itself(rf, planner, committee_x, organisation_a):
    agreement = make_agreement(committee=committee_x, partners=[organisation_a])
    html = get(rf, planner, agreement).content.decode()
    assert "The versions are identical." in html
