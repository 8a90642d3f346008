"""The smaller rules users met in everyday work: the last day for notice, the decision date
after an extension, what an amendment and a renewal carry over, and a missing organisation
number named before the decision."""

import datetime

import pytest

from django.urls import reverse

from agreements import services
from agreements.models import Judgement, Status
from agreements.state import last_notice_day, notice_end, state
from agreements.tests.factories import answer_all_criteria, make_agreement
from partners.models import Organisation
from partners.tests.factories import ContactFactory, OrganisationFactory

D = datetime.date
ONE_DAY = datetime.timedelta(days=1)


# --- The last day for notice ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("end", "months", "last"),
    [
        (D(2026, 6, 30), 3, D(2026, 3, 31)),  # a 30-day month: counting back gave 2026-03-30
        (D(2026, 9, 30), 1, D(2026, 8, 31)),  # 30 days after 31
        (D(2026, 12, 31), 6, D(2026, 6, 30)),  # 31 days after 30
        (D(2027, 2, 28), 6, D(2026, 8, 31)),  # 28-day February: the 29th, 30th and 31st end on it too
        (D(2028, 2, 29), 12, D(2027, 2, 28)),  # a leap day
        (D(2026, 4, 30), 2, D(2026, 2, 28)),  # back into February
        (D(2026, 6, 15), 3, D(2026, 3, 15)),  # mid-month: nothing to step over
    ],
)
def test_the_last_day_for_notice_is_the_last_whose_notice_ends_by_the_end(end, months, last):
    assert last_notice_day(end, months) == last
    assert notice_end(last, months) <= end < notice_end(last + ONE_DAY, months)


def test_the_last_day_for_notice_agrees_with_the_termination_rule_on_every_end_of_a_year():
    for offset in range(366):
        end = D(2026, 1, 1) + datetime.timedelta(days=offset)
        for months in (1, 3, 6, 12):
            last = last_notice_day(end, months)
            assert notice_end(last, months) <= end < notice_end(last + ONE_DAY, months), (end, months)


# --- An extension moves the decision date ---------------------------------------------------


def signed_with_deadline(deadline, **kwargs):
    agreement = make_agreement(**kwargs)
    version = agreement.versions.get()
    services.version_update(by=None, version=version, lock_version=version.lock_version, decision_deadline=deadline)
    answer_all_criteria(version)
    services.version_submit(by=None, version=version)
    services.version_decide(by=None, version=version, decision_body="Äldrenämnden", decision_date=D(2019, 11, 20))
    for party in version.parties.all():
        services.version_sign(
            by=None, party=party, signatory_name="N", signatory_title="", place="Linköping", date=D(2019, 12, 16)
        )
    return agreement


@pytest.mark.parametrize(
    ("deadline", "moved"),
    [
        (D(2022, 6, 30), D(2025, 6, 30)),  # a month end stays a month end
        (D(2022, 9, 15), D(2025, 9, 15)),
        (D(2022, 2, 28), D(2025, 2, 28)),
    ],
)
def test_an_extension_moves_the_decision_date_by_its_length(db, deadline, moved):
    agreement = signed_with_deadline(deadline, start=D(2020, 1, 1), end=D(2022, 12, 31), extension_months=36)
    assert state(agreement, D(2022, 1, 1)).decision_deadline == deadline

    services.agreement_extend(
        by=None, agreement=agreement, decision_body="Äldrenämnden", decision_date=D(2022, 1, 10), today=D(2022, 1, 15)
    )
    current = state(agreement, D(2022, 1, 15))
    assert current.end == D(2025, 12, 31)
    assert current.decision_deadline == moved


# --- What an amendment and a renewal carry over ---------------------------------------------


def test_an_amendment_keeps_the_public_party_s_signatory_and_contact(db):
    agreement = make_agreement(state="draft")
    version = agreement.versions.get()
    public = version.parties.get(committee__isnull=False)
    chair = ContactFactory(organisation=None, committee=public.committee, name="Anna Ordförande", is_signatory=True)
    officer = ContactFactory(organisation=None, committee=public.committee, name="Per Handläggare")
    partner = version.parties.get(organisation__isnull=False)
    partner_signatory = ContactFactory(organisation=partner.organisation, name="Kim Firmatecknare", is_signatory=True)
    services.item_update(
        by=None, item=public, lock_version=version.lock_version, signatory=chair, contact=officer, description="Nämnden"
    )
    version.refresh_from_db()
    services.item_update(by=None, item=partner, lock_version=version.lock_version, signatory=partner_signatory)
    answer_all_criteria(version)
    services.version_submit(by=None, version=version)
    services.version_decide(by=None, version=version, decision_body="Äldrenämnden", decision_date=D(2019, 11, 20))
    for party in version.parties.all():
        services.version_sign(
            by=None, party=party, signatory_name="N", signatory_title="", place="Linköping", date=D(2019, 12, 16)
        )

    amendment = services.agreement_amend(by=None, agreement=agreement, today=D(2021, 1, 1))

    copied = amendment.parties.get(committee__isnull=False)
    assert (copied.signatory, copied.contact, copied.description) == (chair, officer, "Nämnden")
    assert amendment.parties.get(organisation__isnull=False).signatory == partner_signatory


def test_a_renewal_asks_for_a_fresh_judgement_of_the_criteria(db):
    old = make_agreement(state="signed")
    assert old.versions.get().assessments.filter(judgement=Judgement.MET).count() == 8

    renewal = services.agreement_renew(by=None, agreements=[old], registry_number="ÄN 2022-9", today=D(2021, 1, 1))

    draft = renewal.versions.get()
    assert not draft.assessments.exclude(judgement="").exists()
    assert "Kriterier som ännu inte bedömts: 1, 2, 3, 4, 5, 6, 7, 8." in services.readiness_problems(draft)
    # the amendment of a signed agreement still carries its judgement: it is the same agreement
    amendment = services.agreement_amend(by=None, agreement=old, today=D(2021, 1, 1))
    assert amendment.assessments.filter(judgement=Judgement.MET).count() == 8


# --- A missing organisation number ----------------------------------------------------------


def test_a_partner_without_org_number_is_named_before_the_decision(client_as, planner, committee_x):
    nameless = OrganisationFactory(name="Föreningen utan nummer", org_number=None)
    agreement = make_agreement(committee=committee_x, partners=[nameless])
    version = agreement.versions.get()
    answer_all_criteria(version)

    problems = services.readiness_problems(version)
    assert "Föreningen utan nummer saknar organisationsnummer i registret." in problems
    page = client_as(planner).get(agreement.get_absolute_url()).text
    assert page.count("Föreningen utan nummer saknar organisationsnummer") == 1
    with pytest.raises(services.ValidationError):
        services.version_submit(by=None, version=version)
    assert agreement.versions.get().status == Status.DRAFT


def test_the_signing_error_is_shown_once(client_as, planner, committee_x):
    organisation = OrganisationFactory(name="Föreningen utan nummer")
    agreement = make_agreement(committee=committee_x, partners=[organisation], state="decided")
    Organisation.objects.filter(pk=organisation.pk).update(org_number=None)  # removed after the decision
    party = agreement.versions.get().parties.get(organisation__isnull=False)

    page = (
        client_as(planner)
        .post(
            reverse("agreements:version-sign", args=[agreement.pk, party.pk]),
            {"signatory_name": "N", "signatory_title": "", "place": "Linköping", "date": "2019-12-01"},
        )
        .text
    )
    assert page.count("Föreningen utan nummer saknar organisationsnummer") == 1
