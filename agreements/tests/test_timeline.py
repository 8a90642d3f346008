"""The history of an agreement: who did what and when, told as one list, newest first."""

import datetime

import pytest

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from agreements import services
from agreements.tests.factories import make_agreement
from agreements.timeline import agreement_history
from agreements.urls import HistoryPart
from agreements.views.compare import agreement_history_view
from iop.core import history as history_engine

D = datetime.date
TODAY = D(2021, 6, 1)


@pytest.fixture(autouse=True)
def english():
    # The strings introduced here are not translated yet; read them as written.
    with translation.override("en"):
        yield


@pytest.fixture
def signed(committee_x, organisation_a):
    return make_agreement(state="signed", committee=committee_x, partners=[organisation_a])


def whats(agreement, **kwargs):
    return [entry.what for entry in agreement_history(agreement, **kwargs)]


def test_the_life_cycle_is_told_newest_first(signed):
    entries = agreement_history(signed)

    assert [entry.when for entry in entries] == sorted((entry.when for entry in entries), reverse=True)
    statuses = [entry.what for entry in entries if "status" in entry.what]
    assert statuses == [
        "Version 1: status Decided → Signed",
        "Version 1: status Ready for decision → Decided",
        "Version 1: status Draft → Ready for decision",
    ]
    assert "Version 1: signed for Resurspoolen by Firmatecknare för Resurspoolen" in whats(signed)
    assert entries[-1].what == "Agreement created"
    assert all(entry.who is None for entry in entries)  # built by the system


def test_the_decision_is_shown_with_what_was_recorded(signed):
    [decided] = [entry for entry in agreement_history(signed) if entry.what.endswith("→ Decided")]
    assert ("Decision date", "", "2019-11-20") in decided.changes
    assert ("Decided by", "", "Äldrenämnden") in decided.changes


def test_the_history_names_who_did_what(signed, planner):
    draft = services.agreement_amend(by=planner, agreement=signed, today=TODAY)
    services.version_update(
        by=planner, version=draft, lock_version=draft.lock_version, purpose="Fler ska bryta ensamheten."
    )
    services.item_add(
        by=planner, version=draft, lock_version=draft.lock_version, kind="section", heading="Rådgivning", body="Stöd."
    )

    newest, purpose_changed, *_older = agreement_history(signed)

    assert (newest.who, newest.kind, newest.what) == (planner, "+", "Version 2: Chapter “Rådgivning” added")
    assert (purpose_changed.who, purpose_changed.what) == (planner, "Version 2 changed")
    assert purpose_changed.changes == [("Purpose", "", "Fler ska bryta ensamheten.")]
    assert "Version 2 created" in whats(signed)


def test_a_removed_chapter_and_a_changed_responsibility_are_told_by_name(signed, planner):
    draft = services.agreement_amend(by=planner, agreement=signed, today=TODAY)
    chapter = services.item_add(
        by=planner, version=draft, lock_version=draft.lock_version, kind="section", heading="Rådgivning"
    )
    duty = services.item_add(
        by=planner,
        version=draft,
        lock_version=draft.lock_version,
        kind="responsibility",
        text="Kommunen upplåter lokaler.",
    )
    services.item_update(
        by=planner, item=duty, lock_version=draft.lock_version, party=draft.parties.get(committee__isnull=False)
    )
    services.item_remove(by=planner, item=chapter, lock_version=draft.lock_version)

    removed, changed, *_older = agreement_history(signed)

    assert (removed.kind, removed.what) == ("-", "Version 2: Chapter “Rådgivning” removed")
    assert changed.what == "Version 2: Responsibility “Kommunen upplåter lokaler.” changed"
    assert changed.changes == [("Whose", "Joint", "Äldrenämnden")]


def test_an_extension_and_a_termination_are_recorded(signed, planner):
    services.agreement_extend(
        by=planner, agreement=signed, decision_body="Äldrenämnden", decision_date=TODAY, today=TODAY
    )
    partner = signed.versions.get().parties.get(organisation__isnull=False)
    services.agreement_terminate(by=planner, agreement=signed, party=partner, notice_date=TODAY, today=TODAY)

    terminated, extended, *_older = agreement_history(signed)

    assert (extended.who, extended.what) == (planner, "Extension recorded: end date 2022-12-31 → 2025-12-31")
    assert terminated.what == "Notice of termination given by Resurspoolen: the agreement ends on 2021-12-01"


def test_one_move_is_told_once_and_saves_without_change_not_at_all(signed, planner):
    draft = services.agreement_amend(by=planner, agreement=signed, today=TODAY)
    for heading in ("Första", "Andra", "Tredje"):
        services.item_add(by=planner, version=draft, lock_version=draft.lock_version, kind="section", heading=heading)
    before = whats(signed)
    services.item_move(
        by=planner, item=draft.sections.get(heading="Tredje"), lock_version=draft.lock_version, direction=-1
    )
    services.version_update(by=planner, version=draft, lock_version=draft.lock_version, title=draft.title)

    assert whats(signed) == ["Version 2: order of chapters changed", *before]


def test_a_renewal_tells_which_agreement_it_replaces(signed, planner):
    renewal = services.agreement_renew(by=planner, agreements=[signed], registry_number="ÄN 2022-1")

    replaced = [change for entry in agreement_history(renewal) for change in entry.changes if change[0] == "Replaces"]

    assert replaced == [("Replaces", "", str(signed))]


def test_the_limit_keeps_the_newest(signed):
    assert whats(signed, limit=3) == whats(signed)[:3]


def test_the_history_costs_the_same_number_of_queries_however_long_it_is(
    signed, planner, committee_x, organisation_a, django_assert_max_num_queries
):
    short = make_agreement(committee=committee_x, partners=[organisation_a], registry_number="ÄN 2")
    with CaptureQueriesContext(connection) as short_history:
        agreement_history(short)

    draft = services.agreement_amend(by=planner, agreement=signed, today=TODAY)
    for number in range(10):
        services.item_add(
            by=planner, version=draft, lock_version=draft.lock_version, kind="section", heading=f"{number}"
        )
        services.item_add(by=planner, version=draft, lock_version=draft.lock_version, kind="activity", name=f"{number}")
    services.agreement_extend(
        by=planner, agreement=signed, decision_body="Äldrenämnden", decision_date=TODAY, today=TODAY
    )

    with django_assert_max_num_queries(len(short_history.captured_queries)):
        entries = agreement_history(signed)
    assert len(entries) > 3 * len(agreement_history(short))


# --- The page --------------------------------------------------------------------------------


def get(rf, user, agreement):
    request = rf.get("/")
    request.user = user
    return agreement_history_view(request, pk=agreement.pk, part_words=HistoryPart)


def test_municipal_users_read_the_history_as_a_table(rf, signed, planner, viewer):
    draft = services.agreement_amend(by=planner, agreement=signed, today=TODAY)
    services.version_update(by=planner, version=draft, lock_version=draft.lock_version, purpose="Nytt syfte.")

    response = get(rf, viewer, signed)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1>") == 1
    assert '<caption class="visually-hidden">' in html
    assert str(planner) in html and "the system" in html
    assert "Version 1: status Draft → Ready for decision" in html
    assert "Purpose: – → Nytt syfte." in html
    assert signed.get_absolute_url() in html


def test_a_partner_of_the_agreement_gets_403(rf, signed, partner_a):
    with pytest.raises(PermissionDenied):
        get(rf, partner_a, signed)


def test_a_partner_of_another_organisation_gets_404(rf, signed, partner_b):
    with pytest.raises(Http404):
        get(rf, partner_b, signed)


def test_administrators_and_planners_of_other_committees_read_it_too(rf, signed, administrator, planner_y):
    assert get(rf, administrator, signed).status_code == 200
    assert get(rf, planner_y, signed).status_code == 200


def test_the_register_and_the_agreement_tell_their_history_through_one_engine(
    client_as, administrator, signed, organisation_a, monkeypatch
):
    told = []  # (source class, entries) for every table the engine read
    read = history_engine.Source.entries

    def spy(source, context):
        entries = read(source, context)
        told.append((type(source), entries))
        return entries

    monkeypatch.setattr(history_engine.Source, "entries", spy)
    client = client_as(administrator)
    assert client.get(organisation_a.get_absolute_url()).status_code == 200
    assert any(source is history_engine.ObjectSource and entries for source, entries in told)
    told.clear()
    assert client.get(reverse("agreements:agreement-history", args=[signed.pk])).status_code == 200
    assert any(source is not history_engine.ObjectSource and entries for source, entries in told)
