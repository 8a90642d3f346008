"""The agreement state's names for its versions and its period."""

import datetime

from agreements import services
from agreements.state import Phase, state
from agreements.tests.factories import make_agreement

D = datetime.date
TODAY = D(2021, 6, 1)


def test_a_draft_only_agreement_shows_its_draft_and_the_draft_s_period(db):
    agreement = make_agreement(state="draft", start=D(2020, 1, 1), end=D(2022, 12, 31))
    current = state(agreement, TODAY)
    draft = agreement.versions.get()
    assert current.in_force is None
    assert current.draft == draft and current.shown == draft
    assert current.start == D(2020, 1, 1) and current.period == (D(2020, 1, 1), D(2022, 12, 31))
    assert current.last_notice_day is None and current.decision_deadline is None
    assert not current.in_force_on(TODAY)


def test_a_draft_without_dates_has_no_period(db):
    agreement = make_agreement(state="draft", start=None, end=None)
    current = state(agreement, TODAY)
    assert current.shown == current.draft and current.start is None and current.period is None


def test_an_amended_agreement_shows_the_version_in_force_not_the_amendment(db):
    agreement = make_agreement(state="signed", start=D(2020, 1, 1), end=D(2022, 12, 31))
    signed = agreement.versions.get()
    amendment = services.agreement_amend(by=None, agreement=agreement, today=TODAY)
    services.version_update(
        by=None,
        version=amendment,
        lock_version=amendment.lock_version,
        start_date=D(2021, 7, 1),
        end_date=D(2024, 6, 30),
    )
    current = state(agreement, TODAY)
    assert current.phase == Phase.IN_FORCE
    assert current.in_force == signed and current.draft == amendment and current.shown == signed
    # the period is the version in force's, not the amendment's planned one
    assert current.start == D(2020, 1, 1) and current.period == (D(2020, 1, 1), D(2022, 12, 31))
    assert current.last_notice_day == D(2022, 6, 30)


def test_an_ended_agreement_still_names_its_last_version_in_force_and_its_period(db):
    agreement = make_agreement(state="signed", start=D(2020, 1, 1), end=D(2022, 12, 31))
    signed = agreement.versions.get()
    party = signed.parties.first()
    services.agreement_terminate(
        by=None, agreement=agreement, party=party, notice_date=D(2021, 3, 1), today=D(2021, 3, 1)
    )
    current = state(agreement, D(2023, 1, 1))
    assert current.phase == Phase.TERMINATED and current.ended
    assert current.in_force == signed and current.draft is None and current.shown == signed
    assert current.period == (D(2020, 1, 1), D(2021, 9, 1))  # ended by the notice
    assert not current.in_force_on(D(2021, 9, 2)) and current.in_force_on(D(2021, 9, 1))
