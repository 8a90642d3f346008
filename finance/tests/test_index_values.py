"""The OPI pages: everyone reads the index, administrators keep it, the model's limits hold,
and every change is in the history with the user who made it."""

from decimal import Decimal

import pytest

from django.urls import reverse

from finance import figures
from finance.models import IndexStatus, IndexValue

LIST = reverse("finance:index-list")
CREATE = reverse("finance:index-create")
SKR = "https://skr.se/skr/ekonomijuridik/ekonomi/budgetochplanering/prisindex/opi.1333.html"


def form_data(**changes):
    return {
        "year": "2024",
        "percent": "3,1",
        "status": IndexStatus.PRELIMINARY,
        "published": "2023-12",
        "source": SKR,
    } | changes


def seeded_2023_preliminary():
    return IndexValue.objects.get(year=2023, status=IndexStatus.PRELIMINARY)


def test_administrator_enters_a_value_with_a_swedish_decimal_comma(client_as, administrator):
    response = client_as(administrator).post(CREATE, form_data())
    assert response.status_code == 302 and response.url == LIST
    value = IndexValue.objects.get(year=2024)
    assert (value.percent, value.status, value.published, value.source) == (
        Decimal("3.1"),
        IndexStatus.PRELIMINARY,
        "2023-12",
        SKR,
    )
    assert [(entry.history_type, entry.history_user) for entry in value.history.all()] == [("+", administrator)]


def test_administrator_corrects_a_value_and_the_history_says_who(client_as, administrator):
    client = client_as(administrator)
    client.post(CREATE, form_data())
    value = IndexValue.objects.get(year=2024)
    form = client.get(reverse("finance:index-update", args=[value.pk]))
    assert form.status_code == 200 and form.context["form"]["percent"].value() == Decimal("3.1")
    assert 'value="3,10"' in form.content.decode()  # shown as it is typed
    response = client.post(reverse("finance:index-update", args=[value.pk]), form_data(percent="3,2 %"))
    assert response.status_code == 302
    value.refresh_from_db()
    assert value.percent == Decimal("3.2")
    history = value.history.order_by("history_date")
    assert [(entry.history_type, entry.percent, entry.history_user) for entry in history] == [
        ("+", Decimal("3.1"), administrator),
        ("~", Decimal("3.2"), administrator),
    ]


@pytest.mark.parametrize("persona", ["planner", "viewer", "partner_a"])
def test_others_read_the_index_but_may_not_enter_or_change_it(db, client_as, request, persona):
    client = client_as(request.getfixturevalue(persona))
    value = seeded_2023_preliminary()
    update = reverse("finance:index-update", args=[value.pk])
    before = (IndexValue.objects.count(), IndexValue.history.count())

    listing = client.get(LIST)
    assert listing.status_code == 200
    assert len(listing.context["rows"]) == IndexValue.objects.count()
    assert CREATE not in listing.content.decode() and update not in listing.content.decode()
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, form_data()).status_code == 403
    assert client.get(update).status_code == 403
    assert client.post(update, form_data(year="2023", percent="9")).status_code == 403

    value.refresh_from_db()
    assert value.percent == Decimal("3.5")
    assert (IndexValue.objects.count(), IndexValue.history.count()) == before


def test_the_index_is_not_shown_to_anyone_logged_out(client, db):
    response = client.get(LIST)
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_administrator_sees_where_to_enter_and_edit_values(client_as, administrator):
    content = client_as(administrator).get(LIST).content.decode()
    assert CREATE in content
    assert reverse("finance:index-update", args=[seeded_2023_preliminary().pk]) in content


def test_the_list_is_newest_first_with_decimal_commas_and_the_value_in_force(client_as, viewer):
    response = client_as(viewer).get(LIST)
    rows = [(row["value"].year, row["value"].status, row["in_force"]) for row in response.context["rows"]]
    assert rows[:3] == [
        (2023, IndexStatus.DEFINITIVE, True),
        (2023, IndexStatus.PRELIMINARY, False),  # replaced by the outcome of April 2023
        (2022, IndexStatus.DEFINITIVE, True),
    ]
    assert [year for year, _status, _in_force in rows] == sorted((year for year, _s, _i in rows), reverse=True)
    content = response.content.decode()
    assert "4,6&nbsp;%" in content and "3,5&nbsp;%" in content and "1,5&nbsp;%" in content
    assert 'scope="col"' in content and "<caption>" in content


@pytest.mark.parametrize("percent", ["25", "20,01", "-10,5", "\u221211"])
def test_an_opi_outside_minus_10_to_20_percent_is_refused(client_as, administrator, percent):
    before = IndexValue.objects.count()
    response = client_as(administrator).post(CREATE, form_data(percent=percent))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["percent"]
    assert IndexValue.objects.count() == before


def test_the_limits_themselves_are_accepted(client_as, administrator):
    client = client_as(administrator)
    assert client.post(CREATE, form_data(percent="20")).status_code == 302
    assert client.post(CREATE, form_data(year="2025", percent="\u221210,0")).status_code == 302
    assert IndexValue.objects.get(year=2025).percent == Decimal("-10")


@pytest.mark.parametrize("percent", ["tre", "3,123", "1,2,3"])
def test_a_percent_that_is_not_a_number_with_two_decimals_is_refused(client_as, administrator, percent):
    response = client_as(administrator).post(CREATE, form_data(percent=percent))
    assert response.status_code == 200 and "percent" in response.context["form"].errors
    assert not IndexValue.objects.filter(year=2024).exists()


def test_a_second_value_with_the_same_status_for_a_year_is_refused(client_as, administrator):
    before = (IndexValue.objects.count(), IndexValue.history.count())
    response = client_as(administrator).post(
        CREATE, form_data(year="2023", percent="3,6", status=IndexStatus.PRELIMINARY, published="2022-12-09")
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() & {"__all__", "year", "status"}
    assert (IndexValue.objects.count(), IndexValue.history.count()) == before
    assert seeded_2023_preliminary().percent == Decimal("3.5")


def test_a_value_cannot_be_changed_into_a_duplicate_either(client_as, administrator):
    value = seeded_2023_preliminary()
    response = client_as(administrator).post(
        reverse("finance:index-update", args=[value.pk]),
        form_data(year="2023", percent="3,5", status=IndexStatus.DEFINITIVE, published="2022-12-09"),
    )
    assert response.status_code == 200 and response.context["form"].errors
    value.refresh_from_db()
    assert value.status == IndexStatus.PRELIMINARY


def test_a_definitive_value_beside_the_preliminary_one_is_accepted_and_in_force(client_as, administrator):
    client = client_as(administrator)
    assert client.post(CREATE, form_data()).status_code == 302
    assert figures.index_table()[2024].status == IndexStatus.PRELIMINARY
    response = client.post(CREATE, form_data(percent="3,4", status=IndexStatus.DEFINITIVE, published="2024-04-17"))
    assert response.status_code == 302
    assert IndexValue.objects.filter(year=2024).count() == 2
    in_force = figures.index_table()[2024]
    assert (in_force.status, in_force.percent) == (IndexStatus.DEFINITIVE, Decimal("3.4"))
    rows = {(row["value"].year, row["value"].status): row["in_force"] for row in client.get(LIST).context["rows"]}
    assert rows[(2024, IndexStatus.DEFINITIVE)] and not rows[(2024, IndexStatus.PRELIMINARY)]
    assert {entry.history_user for entry in IndexValue.history.filter(year=2024)} == {administrator}


@pytest.mark.parametrize("published", ["december 2023", "2023-12-1", "23-12-01", "2023/12/01"])
def test_a_publication_date_in_another_format_is_refused(client_as, administrator, published):
    response = client_as(administrator).post(CREATE, form_data(published=published))
    assert response.status_code == 200 and list(response.context["form"].errors) == ["published"]
    assert not IndexValue.objects.filter(year=2024).exists()


def test_a_month_alone_or_a_whole_date_is_a_publication_date(client_as, administrator):
    client = client_as(administrator)
    assert client.post(CREATE, form_data(published="2023-12")).status_code == 302
    assert client.post(CREATE, form_data(status=IndexStatus.DEFINITIVE, published="2024-04-17")).status_code == 302


def test_the_form_page_has_a_title_and_a_way_back(client_as, administrator):
    response = client_as(administrator).get(CREATE)
    assert response.status_code == 200
    assert response.context["cancel_url"] == LIST and response.context["title"]
    assert set(response.context["form"].fields) == {"year", "percent", "status", "published", "source"}


def test_with_several_municipalities_only_the_installations_superuser_keeps_the_opi(client_as, administrator, db):
    from iop.accounts.models import Role
    from iop.accounts.tests.factories import UserFactory
    from partners.tests.factories import MunicipalityFactory, org_number

    own = UserFactory(role=Role.ADMINISTRATOR)  # Linköping's administrator, not a superuser
    assert client_as(own).post(CREATE, form_data()).status_code == 302  # the installation's one municipality

    MunicipalityFactory(name="Exempelby kommun", org_number=org_number(990_001))
    assert client_as(own).post(CREATE, form_data(year="2025")).status_code == 403
    assert not IndexValue.objects.filter(year=2025).exists()
    assert client_as(administrator).post(CREATE, form_data(year="2025")).status_code == 302
