"""The hours and follow-up tests' common cast: an agreement in force today with activities
and an hours commitment, its partner organisation, a user reporting for it and a planner
approving."""

import pytest

from followup.tests.factories import approver_for, hours_agreement, reporter_for


@pytest.fixture
def agreement(db):
    return hours_agreement()


@pytest.fixture
def organisation(agreement):
    return agreement.versions.get().parties.get(organisation__isnull=False).organisation


@pytest.fixture
def reporter(organisation):
    return reporter_for(organisation)


@pytest.fixture
def approver(agreement):
    return approver_for(agreement)
