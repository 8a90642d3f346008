"""Two municipalities in one installation: the overviews never add their money together.

Linköping's committee pays 100 000 kr in 2024, Norrköping's 250 000 kr: every total a
municipality's staff see is their own, and the installation's superuser chooses one
municipality at a time (?kommun=<slug>)."""

import datetime
from decimal import Decimal

import pytest

from django.urls import reverse

from finance.tests.factories import money_agreement
from iop.accounts.models import Role
from iop.accounts.tests.factories import UserFactory
from partners.tests.factories import CommitteeFactory, MunicipalityFactory, OrganisationFactory, org_number

D = datetime.date
YEAR = 2024


@pytest.fixture
def linkoping(db):
    return MunicipalityFactory()


@pytest.fixture
def norrkoping(db):
    return MunicipalityFactory(name="Norrköpings kommun", org_number=org_number(900))


@pytest.fixture
def money(linkoping, norrkoping):
    # One partner shared by both: organisations are shared, money is not.
    shared = OrganisationFactory(name="Delad förening")
    ours = CommitteeFactory(municipality=linkoping, name="Bildningsnämnden")
    theirs = CommitteeFactory(municipality=norrkoping, name="Bildningsnämnden")
    money_agreement(
        start=D(YEAR, 1, 1),
        end=D(YEAR, 12, 31),
        yearly=100_000,
        committee=ours,
        organisation=shared,
        registry_number="BN 2024-1",
    )
    money_agreement(
        start=D(YEAR, 1, 1),
        end=D(YEAR, 12, 31),
        yearly=250_000,
        committee=theirs,
        organisation=shared,
        registry_number="BN 2024-1",
    )
    return ours, theirs


def superuser():
    return UserFactory(username="root", role=Role.ADMINISTRATOR, is_superuser=True, municipality=None)


def staff_of(committee, role):
    if role == Role.PLANNER:
        return UserFactory(role=role, committees=[committee])
    return UserFactory(role=role, municipality=committee.municipality)


def committee_overview(client, **query):
    response = client.get(reverse("finance:committee-overview"), {"year": YEAR, "committee": "", **query})
    assert response.status_code == 200
    return response.context["overview"]


def municipality_overview(client, **query):
    response = client.get(reverse("finance:municipality-overview"), {"year": YEAR, **query})
    assert response.status_code == 200
    return response.context


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.VIEWER, Role.PLANNER])
def test_each_municipalitys_staff_see_only_their_own_money(client_as, money, role):
    ours, theirs = money
    for committee, expected in ((ours, Decimal("100000")), (theirs, Decimal("250000"))):
        client = client_as(staff_of(committee, role))
        overview = committee_overview(client)
        assert [row.version.committee for row in overview.rows] == [committee]
        assert overview.totals.cost == expected
        context = municipality_overview(client)
        assert [line.committee for line in context["overview"].lines] == [committee]
        assert context["overview"].totals.cost == expected
        assert list(context["chart"].series) == [committee]
        assert context["chart"].series[committee][YEAR] == expected


def test_the_superuser_chooses_one_municipality_at_a_time(client_as, money, linkoping, norrkoping):
    ours, theirs = money
    client = client_as(superuser())
    for municipality, committee, expected in (
        (linkoping, ours, Decimal("100000")),
        (norrkoping, theirs, Decimal("250000")),
    ):
        overview = committee_overview(client, kommun=municipality.slug)
        page = client.get(reverse("finance:committee-overview"), {"year": YEAR, "kommun": municipality.slug})
        assert f'<p class="lead overview-municipality">{municipality.name}</p>' in page.content.decode()
        assert [row.version.committee for row in overview.rows] == [committee]
        assert overview.totals.cost == expected
        context = municipality_overview(client, kommun=municipality.slug)
        assert context["overview"].totals.cost == expected
        assert list(context["chart"].series) == [committee]
        assert context["municipality"] == municipality


def test_the_superuser_starts_with_the_first_municipality_by_name(client_as, money):
    ours, _theirs = money
    client = client_as(superuser())
    assert committee_overview(client).totals.cost == Decimal("100000")  # Linköping before Norrköping
    page = client.get(reverse("finance:municipality-overview"), {"year": YEAR})
    assert page.context["overview"].totals.cost == Decimal("100000")
    assert "Linköpings kommun" in page.content.decode()


def test_the_superusers_committee_list_is_the_chosen_municipalitys(client_as, money, norrkoping):
    ours, theirs = money
    client = client_as(superuser())
    response = client.get(reverse("finance:committee-overview"), {"kommun": norrkoping.slug})
    assert list(response.context["form"].fields["committee"].queryset) == [theirs]
    # Another municipality's committee is not a choice: the page says so, and shows no figures.
    response = client.get(reverse("finance:committee-overview"), {"kommun": norrkoping.slug, "committee": ours.pk})
    assert response.context["overview"] is None and "committee" in response.context["form"].errors


def test_staff_are_offered_no_choice_of_municipality_and_cannot_ask_for_another(client_as, money, norrkoping):
    ours, _theirs = money
    client = client_as(staff_of(ours, Role.ADMINISTRATOR))
    response = client.get(reverse("finance:committee-overview"), {"year": YEAR, "kommun": norrkoping.slug})
    assert "kommun" not in response.context["form"].fields
    assert response.context["overview"].totals.cost == Decimal("100000")


def test_the_exports_hold_the_chosen_municipalitys_rows_only(client_as, money, norrkoping):
    client = client_as(superuser())
    response = client.get(
        reverse("finance:committee-overview-export", args=["csv"]),
        {"year": YEAR, "committee": "", "kommun": norrkoping.slug},
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "250000" in text.replace(" ", "").replace("\xa0", "") and "100000" not in text.replace(" ", "")
    assert norrkoping.slug in response["Content-Disposition"]
    # The page's download links carry the choice.
    page = client.get(reverse("finance:committee-overview"), {"year": YEAR, "committee": "", "kommun": norrkoping.slug})
    assert f"kommun={norrkoping.slug}" in page.context["query"]


def test_an_unknown_municipality_is_wrong_input(client_as, money):
    response = client_as(superuser()).get(reverse("finance:committee-overview-export", args=["csv"]), {"kommun": "x"})
    assert response.status_code == 400
