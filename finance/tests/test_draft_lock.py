"""The money part of a draft obeys the draft's lock like every other part: a save from a
page opened before someone else saved is refused, and nothing of it is kept."""

import datetime
from decimal import Decimal

import pytest

from agreements.services import ConflictError
from finance import services
from finance.models import Contribution, ContributionKind, Distribution, FinanceTerms, PeriodAmount
from finance.tests.factories import money_agreement

D = datetime.date


@pytest.fixture
def stale(db):
    """A draft as one planner opened it, after which a colleague saved a change."""
    agreement = money_agreement(start=D(2024, 7, 1), end=D(2025, 12, 31), yearly="240000", state="draft")
    version = agreement.versions.get()
    opened = version.lock_version
    services.finance_terms_save(
        by=None, version=version, lock_version=opened, indexation_from_year=None, payment_months="1,7"
    )
    version.refresh_from_db()
    return version, opened


def test_a_contribution_from_a_stale_page_is_refused(stale):
    version, opened = stale
    party = version.parties.get(organisation__isnull=False)
    with pytest.raises(ConflictError):
        services.contribution_add(
            by=None, version=version, lock_version=opened, party=party, kind=ContributionKind.IN_KIND, amount=Decimal(1)
        )
    assert Contribution.objects.filter(version=version).count() == 1


def test_terms_from_a_stale_page_are_refused(stale):
    version, opened = stale
    with pytest.raises(ConflictError):
        services.finance_terms_save(
            by=None, version=version, lock_version=opened, indexation_from_year=2025, payment_months="1"
        )
    assert FinanceTerms.objects.get(version=version).payment_months == "1,7"


def test_a_stated_amount_or_a_split_from_a_stale_page_is_refused(stale):
    version, opened = stale
    with pytest.raises(ConflictError):
        services.period_amount_save(
            by=None, version=version, lock_version=opened, period_start=D(2024, 7, 1), amount=Decimal(1)
        )
    party = version.parties.get(organisation__isnull=False)
    with pytest.raises(ConflictError):
        services.distribution_add(
            by=None,
            version=version,
            lock_version=opened,
            party=party,
            period_start=D(2024, 7, 1),
            period_end=D(2024, 12, 31),
            amount=Decimal(1),
        )
    assert not PeriodAmount.objects.exists() and not Distribution.objects.exists()


def test_removing_a_contribution_from_a_stale_page_is_refused(stale):
    version, opened = stale
    with pytest.raises(ConflictError):
        services.draft_item_remove(by=None, item=Contribution.objects.get(version=version), lock_version=opened)
    assert Contribution.objects.filter(version=version).exists()


def test_the_money_page_says_so_and_keeps_nothing(stale, client_as, administrator):
    version, opened = stale
    party = version.parties.get(organisation__isnull=False)
    response = client_as(administrator).post(
        f"/ekonomi/overenskommelse/{version.agreement_id}/utkast/",
        {"form": "contribution", "lock_version": opened, "party": party.pk, "kind": "in_kind", "amount": "1000"},
    )
    assert response.status_code == 200
    assert "Någon annan har sparat" in response.content.decode()
    assert Contribution.objects.filter(version=version).count() == 1
