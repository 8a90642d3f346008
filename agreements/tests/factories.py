"""Agreements in named life-cycle states, built through the services as users build them."""

import datetime

from agreements import services
from agreements.models import CRITERIA, Judgement
from partners.tests.factories import CommitteeFactory, OrganisationFactory

D = datetime.date


def make_agreement(
    *,
    committee=None,
    partners=None,
    registry_number="ÄN 2019-878",
    title="Idéburet offentligt partnerskap",
    start=D(2020, 1, 1),
    end=D(2022, 12, 31),
    extension_months=36,
    extension_count=1,
    notice_months=6,
    state="draft",
    decision_date=D(2019, 11, 20),
    signed_on=D(2019, 12, 16),
):
    """state: "draft", "ready", "decided" or "signed"."""
    committee = committee or CommitteeFactory(name="Äldrenämnden")
    partners = partners if partners is not None else [OrganisationFactory(name="Resurspoolen")]
    agreement = services.agreement_create(by=None, committee=committee, title=title, registry_number=registry_number)
    version = agreement.versions.get()
    services.version_update(
        by=None,
        version=version,
        lock_version=version.lock_version,
        start_date=start,
        end_date=end,
        extension_months=extension_months,
        extension_count=extension_count,
        notice_months=notice_months,
        signing_place="Linköping",
    )
    for organisation in partners:
        services.item_add(
            by=None, version=version, lock_version=version.lock_version, kind="party", organisation=organisation
        )
    if state == "draft":
        return agreement
    answer_all_criteria(version)
    services.version_submit(by=None, version=version)
    if state == "ready":
        return agreement
    services.version_decide(
        by=None, version=version, decision_body=committee.name, decision_date=decision_date, decision_reference="§ 1"
    )
    if state == "decided":
        return agreement
    for party in version.parties.all():
        services.version_sign(
            by=None,
            party=party,
            signatory_name=f"Firmatecknare för {party}",
            signatory_title="Ordförande",
            place="Linköping",
            date=signed_on,
        )
    return agreement


def answer_all_criteria(version, judgement=Judgement.MET):
    services.assessments_save(
        by=None,
        version=version,
        lock_version=version.lock_version,
        answers={number: (judgement, "Bedömt vid beredningen.") for number in CRITERIA},
        legal_review="Ingen upphandlingspliktig tjänst; inget otillåtet statsstöd.",
    )
