"""The life cycle of an agreement, every transition allowed and refused, in the domain layer."""

import datetime

import pytest

from django.core.exceptions import PermissionDenied, ValidationError

from agreements import services
from agreements.models import AgreementVersion, Status
from agreements.state import Phase, state
from agreements.tests.factories import answer_all_criteria, make_agreement
from partners.models import Organisation
from partners.tests.factories import OrganisationFactory

D = datetime.date
TODAY = D(2021, 6, 1)


def version_of(agreement):
    return agreement.versions.order_by("-number").first()


def test_a_new_agreement_is_a_draft_with_the_committee_as_party(db):
    agreement = make_agreement()
    version = version_of(agreement)
    assert version.status == Status.DRAFT
    assert [party.is_public for party in version.parties.all()] == [True, False]
    assert state(agreement).phase == Phase.DRAFT


def test_draft_cannot_go_to_decision_with_a_criterion_unanswered(db):
    version = version_of(make_agreement())
    with pytest.raises(ValidationError) as raised:
        services.version_submit(by=None, version=version)
    assert "1, 2, 3, 4, 5, 6, 7, 8" in str(raised.value)
    assert AgreementVersion.objects.get(pk=version.pk).status == Status.DRAFT


def test_draft_without_registry_number_or_partner_cannot_go_to_decision(db):
    version = version_of(make_agreement(registry_number="", partners=[]))
    answer_all_criteria(version)
    with pytest.raises(ValidationError) as raised:
        services.version_submit(by=None, version=version)
    assert len(raised.value.messages) == 2


def test_the_whole_way_from_draft_to_in_force(db):
    agreement = make_agreement(state="signed")
    version = version_of(agreement)
    assert version.status == Status.SIGNED and version.signed_on == D(2019, 12, 16)
    assert state(agreement, D(2019, 12, 20)).phase == Phase.SIGNED
    assert state(agreement, D(2020, 1, 1)).phase == Phase.IN_FORCE
    assert state(agreement, D(2023, 1, 1)).phase == Phase.EXPIRED


def test_a_ready_agreement_can_be_sent_back_to_draft_and_edited(db):
    version = version_of(make_agreement(state="ready"))
    with pytest.raises(ValidationError):
        services.version_update(by=None, version=version, lock_version=version.lock_version, title="Nytt")
    services.version_return(by=None, version=version)
    services.version_update(by=None, version=version, lock_version=version.lock_version, title="Nytt")
    assert AgreementVersion.objects.get(pk=version.pk).title == "Nytt"


@pytest.mark.parametrize(
    "start_state, transition",
    [
        ("draft", "decide"),
        ("draft", "sign"),
        ("draft", "return"),
        ("ready", "submit"),
        ("ready", "sign"),
        ("decided", "submit"),
        ("decided", "decide"),
        ("decided", "return"),
        ("signed", "submit"),
        ("signed", "decide"),
        ("signed", "return"),
    ],
)
def test_transitions_out_of_order_are_refused(db, start_state, transition):
    agreement = make_agreement(state=start_state)
    version = version_of(agreement)
    before = version.status
    actions = {
        "submit": lambda: services.version_submit(by=None, version=version),
        "return": lambda: services.version_return(by=None, version=version),
        "decide": lambda: services.version_decide(
            by=None, version=version, decision_body="ÄN", decision_date=D(2019, 11, 1)
        ),
        "sign": lambda: services.version_sign(
            by=None,
            party=version.parties.first(),
            signatory_name="X",
            signatory_title="",
            place="Linköping",
            date=D(2019, 12, 1),
        ),
    }
    with pytest.raises(ValidationError):
        actions[transition]()
    assert AgreementVersion.objects.get(pk=version.pk).status == before


def test_decision_date_in_the_future_is_refused(db):
    version = version_of(make_agreement(state="ready"))
    with pytest.raises(ValidationError) as raised:
        services.version_decide(
            by=None, version=version, decision_body="ÄN", decision_date=D(2019, 1, 2), today=D(2019, 1, 1)
        )
    assert "decision_date" in raised.value.error_dict


def test_signed_only_when_every_party_has_signed(db):
    agreement = make_agreement(state="decided", partners=[OrganisationFactory(), OrganisationFactory()])
    version = version_of(agreement)
    parties = list(version.parties.all())
    for party in parties[:-1]:
        services.version_sign(
            by=None, party=party, signatory_name="N", signatory_title="", place="Linköping", date=D(2019, 12, 1)
        )
        assert AgreementVersion.objects.get(pk=version.pk).status == Status.DECIDED
    services.version_sign(
        by=None, party=parties[-1], signatory_name="N", signatory_title="", place="Linköping", date=D(2019, 12, 3)
    )
    version.refresh_from_db()
    assert version.status == Status.SIGNED and version.signed_on == D(2019, 12, 3)


def test_a_partner_without_org_number_cannot_sign(db):
    organisation = OrganisationFactory()
    agreement = make_agreement(state="decided", partners=[organisation])
    # taken out of the register after the decision (the checklist before it names it)
    Organisation.objects.filter(pk=organisation.pk).update(org_number=None)
    party = version_of(agreement).parties.get(organisation__isnull=False)
    with pytest.raises(ValidationError) as raised:
        services.version_sign(
            by=None, party=party, signatory_name="N", signatory_title="", place="Linköping", date=D(2019, 12, 1)
        )
    assert raised.value.code == "org_number_missing"


def test_a_party_signs_once(db):
    agreement = make_agreement(state="decided")
    party = version_of(agreement).parties.first()
    kwargs = dict(signatory_name="N", signatory_title="", place="Linköping", date=D(2019, 12, 1))
    services.version_sign(by=None, party=party, **kwargs)
    with pytest.raises(ValidationError):
        services.version_sign(by=None, party=party, **kwargs)


def test_end_must_come_after_start(db):
    version = version_of(make_agreement())
    with pytest.raises(ValidationError) as raised:
        services.version_update(
            by=None,
            version=version,
            lock_version=version.lock_version,
            start_date=D(2022, 1, 1),
            end_date=D(2021, 12, 31),
        )
    assert "end_date" in raised.value.error_dict


def test_extension_moves_the_end_and_is_refused_when_no_option_remains(db):
    agreement = make_agreement(state="signed")
    extension = services.agreement_extend(
        by=None,
        agreement=agreement,
        decision_body="Äldrenämnden",
        decision_date=D(2022, 5, 19),
        today=TODAY.replace(year=2022, month=6),
    )
    assert (extension.previous_end, extension.new_end) == (D(2022, 12, 31), D(2025, 12, 31))
    assert state(agreement, D(2024, 1, 1)).phase == Phase.IN_FORCE
    with pytest.raises(ValidationError) as raised:
        services.agreement_extend(
            by=None, agreement=agreement, decision_body="Äldrenämnden", decision_date=D(2022, 6, 1), today=D(2022, 6, 1)
        )
    assert raised.value.code == "no_option"


def test_extension_is_refused_for_an_agreement_without_option(db):
    agreement = make_agreement(state="signed", extension_months=None, extension_count=0)
    with pytest.raises(ValidationError):
        services.agreement_extend(
            by=None, agreement=agreement, decision_body="ÄN", decision_date=D(2021, 5, 1), today=TODAY
        )


def test_extension_of_an_ended_agreement_is_refused(db):
    agreement = make_agreement(state="signed")
    with pytest.raises(ValidationError) as raised:
        services.agreement_extend(
            by=None, agreement=agreement, decision_body="ÄN", decision_date=D(2023, 2, 1), today=D(2023, 2, 1)
        )
    assert raised.value.code == "ended"


def test_termination_ends_the_agreement_after_the_notice_period(db):
    agreement = make_agreement(state="signed")
    party = version_of(agreement).parties.get(organisation__isnull=False)
    termination = services.agreement_terminate(
        by=None, agreement=agreement, party=party, notice_date=D(2021, 8, 31), today=D(2021, 9, 1)
    )
    assert termination.end_date == D(2022, 2, 28)
    agreement.refresh_from_db()
    assert state(agreement, D(2022, 2, 28)).phase == Phase.IN_FORCE
    assert state(agreement, D(2022, 3, 1)).phase == Phase.TERMINATED


def test_termination_never_ends_after_the_agreement_would(db):
    agreement = make_agreement(state="signed")
    party = version_of(agreement).parties.first()
    termination = services.agreement_terminate(
        by=None, agreement=agreement, party=party, notice_date=D(2022, 11, 1), today=D(2022, 11, 2)
    )
    assert termination.end_date == D(2022, 12, 31)


def test_amendment_is_a_new_draft_version_and_the_signed_one_stays(db):
    agreement = make_agreement(state="signed")
    amendment = services.agreement_amend(by=None, agreement=agreement, today=TODAY)
    assert amendment.number == 2 and amendment.status == Status.DRAFT
    assert [p.organisation for p in amendment.parties.all()] == [
        p.organisation for p in version_of(agreement).parties.all()
    ]
    current = state(agreement, TODAY)
    assert current.in_force.number == 1 and current.draft == amendment and current.phase == Phase.IN_FORCE
    with pytest.raises(ValidationError):
        services.agreement_amend(by=None, agreement=agreement, today=TODAY)


def test_renewal_replaces_several_agreements_once_in_force(db, committee_x):
    first = make_agreement(state="signed", committee=committee_x)
    second = make_agreement(
        state="signed",
        committee=committee_x,
        registry_number="ÄN 2017-1",
        partners=[OrganisationFactory(name="Annan förening")],
        start=D(2018, 1, 1),
        end=D(2020, 12, 31),
        decision_date=D(2017, 11, 1),
        signed_on=D(2017, 12, 1),
    )
    renewal = services.agreement_renew(by=None, agreements=[first, second], registry_number="ÄN 2022-5")
    version = renewal.versions.get()
    assert set(renewal.predecessors.all()) == {first, second}
    assert version.start_date == D(2023, 1, 1)
    assert version.parties.filter(organisation__isnull=False).count() == 2
    # the renewal is signed and starts: the old ones are replaced from its first day
    services.version_update(by=None, version=version, lock_version=version.lock_version, end_date=D(2025, 12, 31))
    answer_all_criteria(version)
    services.version_submit(by=None, version=version)
    services.version_decide(
        by=None, version=version, decision_body="ÄN", decision_date=D(2022, 11, 1), today=D(2022, 11, 1)
    )
    for party in version.parties.all():
        services.version_sign(
            by=None,
            party=party,
            signatory_name="N",
            signatory_title="",
            place="L",
            date=D(2022, 12, 1),
            today=D(2022, 12, 1),
        )
    assert state(first, D(2022, 12, 31)).phase == Phase.IN_FORCE
    assert state(first, D(2023, 1, 1)).phase == Phase.REPLACED
    assert state(second, D(2023, 1, 1)).phase == Phase.REPLACED


def test_planner_of_another_committee_may_not_change_the_agreement(planner_y, committee_x):
    agreement = make_agreement(committee=committee_x)
    version = version_of(agreement)
    with pytest.raises(PermissionDenied):
        services.version_update(by=planner_y, version=version, lock_version=version.lock_version, title="Kapad")


def test_viewer_may_not_record_a_decision(viewer):
    version = version_of(make_agreement(state="ready"))
    with pytest.raises(PermissionDenied):
        services.version_decide(by=viewer, version=version, decision_body="X", decision_date=D(2019, 1, 1))


def test_a_signature_dated_before_the_decision_is_refused(db):
    agreement = make_agreement(state="decided", decision_date=D(2019, 11, 20))
    with pytest.raises(ValidationError) as raised:
        services.version_sign(
            by=None,
            party=version_of(agreement).parties.first(),
            signatory_name="N",
            signatory_title="",
            place="Linköping",
            date=D(2019, 11, 19),
        )
    assert "date" in raised.value.error_dict


def test_an_agreement_is_renewed_once(db):
    agreement = make_agreement(state="signed")
    services.agreement_renew(by=None, agreements=[agreement], registry_number="ÄN 2022-1", today=TODAY)
    with pytest.raises(ValidationError) as raised:
        services.agreement_renew(by=None, agreements=[agreement], registry_number="ÄN 2022-2", today=TODAY)
    assert raised.value.code == "renewed_twice"


def test_termination_without_a_notice_period_needs_the_end_date(db):
    agreement = make_agreement(state="signed", notice_months=None)
    party = version_of(agreement).parties.first()
    with pytest.raises(ValidationError) as raised:
        services.agreement_terminate(by=None, agreement=agreement, party=party, notice_date=TODAY, today=TODAY)
    assert "end_date" in raised.value.error_dict
    termination = services.agreement_terminate(
        by=None, agreement=agreement, party=party, notice_date=TODAY, end_date=D(2021, 9, 30), today=TODAY
    )
    assert termination.end_date == D(2021, 9, 30)
