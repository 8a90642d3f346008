"""Life-cycle writes that race: each one locks the row it reads, so no save is reported and
then lost, and a loser gets a clear refusal, never a database error."""

import datetime

import pytest

from django.core.exceptions import ValidationError

from agreements import services
from agreements.models import Agreement, AgreementVersion, Extension, Section, Signature, Status, Termination
from agreements.tests.factories import answer_all_criteria, make_agreement
from iop.core.tests.race import at_once
from partners.tests.factories import CommitteeFactory, OrganisationFactory

D = datetime.date
ROUNDS = 5
SAVERS = 4

pytestmark = [pytest.mark.race, pytest.mark.django_db(transaction=True)]


def refusal_codes(outcomes):
    """The codes of the refusals; anything but a ValidationError fails the test."""
    for outcome in outcomes:
        if not outcome.ok and not isinstance(outcome.error, ValidationError):
            raise AssertionError(f"a racer got {outcome.error!r}, not a refusal")
    return {outcome.error.code for outcome in outcomes if not outcome.ok}


def stored(version):
    return AgreementVersion.objects.get(pk=version.pk)


def _save_purpose(session, lock, text):
    return lambda: services.version_update(by=None, version=session, lock_version=lock, purpose=text)


def _submit(session):
    return lambda: services.version_submit(by=None, version=session)


def test_a_draft_saved_while_it_is_sent_to_decision_is_either_refused_or_kept():
    version = make_agreement().versions.get()
    answer_all_criteria(version)
    for round_number in range(ROUNDS):
        before = stored(version)
        assert before.status == Status.DRAFT
        lock = before.lock_version
        # Each session opened the page before the race: their instances are as they read them.
        texts = [f"Syfte {round_number}.{number}" for number in range(SAVERS)]
        savers = [_save_purpose(stored(version), lock, text) for text in texts]
        outcomes = at_once(_submit(stored(version)), *savers)

        after = stored(version)
        submitted, saves = outcomes[0], outcomes[1:]
        saved = [text for text, outcome in zip(texts, saves, strict=True) if outcome.ok]
        assert submitted.ok, submitted
        assert after.status == Status.READY
        assert len(saved) <= 1, "two saves with the same lock number went through"
        # "Saved" means kept: the text the user was told was saved is the one sent to decision.
        assert after.purpose == (saved[0] if saved else before.purpose)
        assert refusal_codes(saves) <= {"conflict", "not_draft"}
        assert after.lock_version > lock, "the lock number went back"
        services.version_return(by=None, version=stored(version))


def _add_chapter(version, lock, heading):
    return lambda: services.item_add(by=None, version=version, lock_version=lock, kind="section", heading=heading)


def test_a_chapter_added_while_the_draft_is_sent_to_decision_is_either_refused_or_sent_with_it():
    version = make_agreement().versions.get()
    answer_all_criteria(version)
    for round_number in range(ROUNDS):
        lock = stored(version).lock_version
        heading = f"Kapitel {round_number}"
        outcomes = at_once(_submit(stored(version)), _add_chapter(stored(version), lock, heading))
        refusal_codes(outcomes)
        assert Section.objects.filter(version=version, heading=heading).exists() == outcomes[1].ok
        assert stored(version).lock_version > lock
        if stored(version).status == Status.READY:
            services.version_return(by=None, version=stored(version))


def _sign(party):
    return lambda: services.version_sign(
        by=None, party=party, signatory_name="Ordförande", signatory_title="", place="Linköping", date=D(2019, 12, 16)
    )


def test_the_last_of_the_signatures_recorded_at_once_always_completes_the_version():
    committee = CommitteeFactory(name="Omsorgsnämnden")
    for round_number in range(ROUNDS):
        partners = [OrganisationFactory() for _ in range(3)]
        agreement = make_agreement(
            committee=committee, partners=partners, registry_number=f"ON 2018-{round_number}", state="decided"
        )
        version = agreement.versions.get()
        parties = list(version.parties.all())
        outcomes = at_once(*[_sign(party) for party in parties])
        assert all(outcome.ok for outcome in outcomes), outcomes
        after = stored(version)
        assert after.status == Status.SIGNED, f"round {round_number}: every party signed, the version stayed decided"
        assert after.signed_on == D(2019, 12, 16)
        assert Signature.objects.filter(party__version=version).count() == len(parties)


def test_the_same_signature_recorded_twice_at_once_is_kept_once_and_the_other_is_told():
    committee = CommitteeFactory(name="Omsorgsnämnden")
    for round_number in range(ROUNDS):
        agreement = make_agreement(committee=committee, registry_number=f"ON 2019-{round_number}", state="decided")
        party = agreement.versions.get().parties.get(organisation__isnull=False)
        outcomes = at_once(*[_sign(party)] * SAVERS)
        assert sum(outcome.ok for outcome in outcomes) == 1, outcomes
        assert refusal_codes(outcomes) == {"signed_twice"}
        assert Signature.objects.filter(party=party).count() == 1


def _signed_in_force(registry_number):
    return make_agreement(
        registry_number=registry_number,
        state="signed",
        start=D(2024, 1, 1),
        end=D(2030, 12, 31),
        decision_date=D(2023, 11, 20),
        signed_on=D(2023, 12, 16),
    )


def _as_opened(agreement, service, **arguments):
    """Each racer reads the agreement as its own request would."""
    return lambda: service(by=None, agreement=Agreement.objects.get(pk=agreement.pk), today=D(2025, 2, 1), **arguments)


def test_the_extension_option_used_twice_at_once_extends_once():
    for round_number in range(ROUNDS):
        agreement = _signed_in_force(f"ÄN 2024-{round_number}")
        extend = _as_opened(
            agreement, services.agreement_extend, decision_body="Äldrenämnden", decision_date=D(2025, 1, 15)
        )
        outcomes = at_once(*[extend] * SAVERS)
        assert sum(outcome.ok for outcome in outcomes) == 1, outcomes
        assert refusal_codes(outcomes) == {"no_option"}
        assert Extension.objects.filter(agreement=agreement).count() == 1


def test_notice_given_twice_at_once_is_recorded_once():
    for round_number in range(ROUNDS):
        agreement = _signed_in_force(f"ÄN 2025-{round_number}")
        party = agreement.versions.get().parties.get(organisation__isnull=False)
        terminate = _as_opened(agreement, services.agreement_terminate, party=party, notice_date=D(2025, 1, 15))
        outcomes = at_once(*[terminate] * SAVERS)
        assert sum(outcome.ok for outcome in outcomes) == 1, outcomes
        assert refusal_codes(outcomes) == {"terminated_twice"}
        assert Termination.objects.filter(agreement=agreement).count() == 1


def test_an_amendment_started_twice_at_once_is_started_once():
    for round_number in range(ROUNDS):
        agreement = _signed_in_force(f"ÄN 2026-{round_number}")
        outcomes = at_once(*[_as_opened(agreement, services.agreement_amend)] * SAVERS)
        assert sum(outcome.ok for outcome in outcomes) == 1, outcomes
        assert refusal_codes(outcomes) == {"amendment_open"}
        assert agreement.versions.count() == 2


def _renew(agreement):
    return lambda: services.agreement_renew(
        by=None, agreements=[Agreement.objects.get(pk=agreement.pk)], today=D(2025, 2, 1)
    )


def test_an_agreement_renewed_twice_at_once_is_renewed_once():
    for round_number in range(ROUNDS):
        agreement = _signed_in_force(f"ÄN 2027-{round_number}")
        outcomes = at_once(*[_renew(agreement)] * SAVERS)
        assert sum(outcome.ok for outcome in outcomes) == 1, outcomes
        assert refusal_codes(outcomes) == {"renewed_twice"}
        assert agreement.successors.count() == 1
