"""Two municipalities' hours are never added together on the progress page and its exports:
staff see their own municipality's, the installation's superuser one chosen municipality."""

import datetime
from decimal import Decimal

import pytest

from django.urls import reverse
from django.utils import timezone

from followup.hours import services
from followup.hours.services import agreement_activities
from followup.tests.factories import hours_agreement, reporter_for
from iop.accounts.models import Role
from iop.accounts.tests.factories import UserFactory
from partners.tests.factories import MunicipalityFactory, OrganisationFactory, org_number

LAST_YEAR = timezone.localdate().year - 1


def log(agreement, hours):
    organisation = agreement.versions.get().parties.get(organisation__isnull=False).organisation
    services.hours_log(
        by=reporter_for(organisation),
        agreement=agreement,
        organisation=organisation,
        activity=agreement_activities(agreement).first(),
        date=datetime.date(LAST_YEAR, 3, 10),
        hours=Decimal(hours),
        volunteers=2,
    )


@pytest.fixture
def norrkoping(db):
    return MunicipalityFactory(name="Norrköpings kommun", org_number=org_number(900))


@pytest.fixture
def two(norrkoping):
    ours = hours_agreement(registry_number="ÄN 1")
    theirs = hours_agreement(
        organisation=OrganisationFactory(),
        registry_number="ÄN 1",
        municipality=norrkoping,
        committee_name="Äldrenämnden",
    )
    log(ours, "3")
    log(theirs, "5")
    return ours, theirs


def summary(client, **params):
    response = client.get(reverse("followup:hours-progress"), {"year": LAST_YEAR, **params})
    assert response.status_code == 200
    return response.context["summary"]


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.VIEWER])
def test_staff_follow_only_their_own_municipalitys_hours(client_as, two, role):
    for agreement, total in zip(two, (Decimal("3"), Decimal("5")), strict=True):
        user = UserFactory(role=role, municipality=agreement.municipality)
        result = summary(client_as(user))
        assert [line.label.pk for line in result.lines] == [agreement.pk]
        assert result.total.tally.total == total


def test_the_superuser_follows_one_chosen_municipality_at_a_time(client_as, two, norrkoping):
    ours, theirs = two
    client = client_as(UserFactory(username="root", role=Role.ADMINISTRATOR, is_superuser=True, municipality=None))
    first = summary(client)  # Linköping, first by name
    assert [line.label.pk for line in first.lines] == [ours.pk] and first.total.tally.total == Decimal("3")
    chosen = summary(client, kommun=norrkoping.slug)
    assert [line.label.pk for line in chosen.lines] == [theirs.pk] and chosen.total.tally.total == Decimal("5")
    response = client.get(
        reverse("followup:hours-progress-export", args=["csv"]), {"year": LAST_YEAR, "kommun": norrkoping.slug}
    )
    assert response.status_code == 200 and norrkoping.slug in response["Content-Disposition"]
    assert "ÄN 1" in response.content.decode("utf-8-sig")
    assert list(
        client.get(reverse("followup:hours-progress"), {"kommun": norrkoping.slug})
        .context["form"]
        .fields["agreement"]
        .queryset
    ) == [theirs]
