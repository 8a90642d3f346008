"""`working_on` and `following`: of what a user may see, what they work on and follow."""

import datetime
from decimal import Decimal

import pytest

from agreements import services as agreement_services
from agreements.models import Agreement
from agreements.tests.factories import make_agreement
from finance.tests.factories import _sign
from followup.models import HourEntry, MonthReport
from iop.accounts import access
from iop.accounts.models import Role, User

D = datetime.date


@pytest.fixture
def two_agreements(committee_x, committee_y, organisation_a, organisation_b):
    """An agreement of committee X with organisation A and one of committee Y with B, each
    with a month of hours."""
    made = []
    for committee, organisation, number in ((committee_x, organisation_a, "X 1"), (committee_y, organisation_b, "Y 1")):
        agreement = make_agreement(committee=committee, partners=[organisation], registry_number=number)
        version = agreement.versions.get()
        agreement_services.item_add(
            by=None, version=version, lock_version=version.lock_version, kind="activity", name="Café"
        )
        _sign(version)
        report = MonthReport.objects.create(agreement=agreement, organisation=organisation, month=D(2021, 3, 1))
        HourEntry.objects.create(
            report=report, activity=version.activities.get(), date=D(2021, 3, 4), hours=Decimal(3), volunteers=1
        )
        made.append(agreement)
    return tuple(made)


def _agreements(queryset):
    return set(queryset.values_list("registry_number", flat=True))


def _reports(queryset):
    return set(queryset.values_list("agreement__registry_number", flat=True))


def _entries(queryset):
    return set(queryset.values_list("report__agreement__registry_number", flat=True))


def test_an_administrator_works_on_everything(administrator, two_agreements):
    assert _agreements(access.working_on(administrator, Agreement)) == {"X 1", "Y 1"}
    assert _reports(access.working_on(administrator, MonthReport)) == {"X 1", "Y 1"}
    assert _entries(access.working_on(administrator, HourEntry)) == {"X 1", "Y 1"}


def test_a_planner_works_on_their_committees_agreements_only(planner, two_agreements):
    assert _agreements(access.working_on(planner, Agreement)) == {"X 1"}
    assert _reports(access.working_on(planner, MonthReport)) == {"X 1"}
    assert _entries(access.working_on(planner, HourEntry)) == {"X 1"}
    # though they read every agreement
    assert _agreements(access.visible(planner, Agreement)) == {"X 1", "Y 1"}


def test_a_planner_works_on_an_agreement_once_one_of_its_versions_is_under_their_committee(
    planner, planner_y, committee_y, two_agreements
):
    _ours, theirs = two_agreements
    amendment = agreement_services.agreement_amend(by=None, agreement=theirs, today=D(2021, 6, 1))
    agreement_services.version_update(
        by=None, version=amendment, lock_version=amendment.lock_version, committee=planner.committees.get()
    )
    assert _agreements(access.working_on(planner, Agreement)) == {"X 1", "Y 1"}
    assert _agreements(access.working_on(planner_y, Agreement)) == {"Y 1"}


def test_a_planner_works_on_the_given_queryset_narrowed(planner, two_agreements):
    ours, theirs = two_agreements
    assert _agreements(access.working_on(planner, Agreement.objects.filter(pk=theirs.pk))) == set()
    assert _agreements(access.working_on(planner, Agreement.objects.filter(pk=ours.pk))) == {"X 1"}


def test_a_partner_works_on_their_organisations_agreements_and_hours(partner_a, two_agreements):
    assert _agreements(access.working_on(partner_a, Agreement)) == {"X 1"}
    assert _reports(access.working_on(partner_a, MonthReport)) == {"X 1"}
    assert _entries(access.working_on(partner_a, HourEntry)) == {"X 1"}


def test_a_viewer_works_on_nothing_but_follows_everything(viewer, two_agreements):
    assert not access.working_on(viewer, Agreement).exists()
    assert not access.working_on(viewer, MonthReport).exists()
    assert _agreements(access.following(viewer, Agreement)) == {"X 1", "Y 1"}
    assert _entries(access.following(viewer, HourEntry)) == {"X 1", "Y 1"}


def test_the_others_follow_what_they_work_on(administrator, planner, partner_a, two_agreements):
    for user in (administrator, planner, partner_a):
        assert _agreements(access.following(user, Agreement)) == _agreements(access.working_on(user, Agreement))
        assert _entries(access.following(user, HourEntry)) == _entries(access.working_on(user, HourEntry))


def test_an_inactive_user_works_on_and_follows_nothing(two_agreements):
    gone = User.objects.create(username="gone", role=Role.ADMINISTRATOR, is_active=False)
    assert not access.working_on(gone, Agreement).exists()
    assert not access.following(gone, Agreement).exists()
