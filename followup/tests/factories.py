"""An agreement in force today with activities and a volunteer-hour commitment, and a
partner user who reports for it."""

import datetime
from decimal import Decimal

from django.utils import timezone

from agreements import services as agreement_services
from agreements.tests.factories import make_agreement
from finance.models import ContributionKind
from finance.tests.factories import _sign, add_contribution
from iop.accounts.models import Role
from iop.accounts.tests.factories import UserFactory
from partners.tests.factories import CommitteeFactory, OrganisationFactory

ACTIVITIES = ["Träffpunktsverksamhet", "Promenadgrupper", "Snickeriverksamhet"]


def hours_agreement(
    *,
    organisation=None,
    others=(),
    committee_name="Äldrenämnden",
    registry_number="ÄN 2022-1",
    start=None,
    committee=None,
    municipality=None,
):
    """others: (organisation, hours per year) of further partners, each promising hours of its own;
    committee (or municipality, for the committee named): of another municipality than Linköping."""
    today = timezone.localdate()
    organisation = organisation or OrganisationFactory(name="Resurspoolen")
    agreement = make_agreement(
        committee=committee
        or CommitteeFactory(name=committee_name, **({"municipality": municipality} if municipality else {})),
        partners=[organisation, *(other for other, _hours in others)],
        registry_number=registry_number,
        start=start or datetime.date(today.year - 1, 1, 1),
        end=datetime.date(today.year + 1, 12, 31),
    )
    version = agreement.versions.get()
    for name in ACTIVITIES:
        version.refresh_from_db()
        agreement_services.item_add(
            by=None, version=version, lock_version=version.lock_version, kind="activity", name=name
        )
    partner = version.parties.get(organisation=organisation)
    add_contribution(version, partner, ContributionKind.HOURS, hours=Decimal("18000"), hourly_value=Decimal("214"))
    for other, hours in others:
        party = version.parties.get(organisation=other)
        add_contribution(version, party, ContributionKind.HOURS, hours=Decimal(hours), hourly_value=Decimal("214"))
    _sign(version, decision=datetime.date(today.year - 2, 11, 20), signed=datetime.date(today.year - 2, 12, 16))
    return agreement


def reporter_for(organisation):
    return UserFactory(role=Role.PARTNER, organisations=[organisation])


def approver_for(agreement):
    return UserFactory(role=Role.PLANNER, committees=[agreement.versions.get().committee])
