"""Whose agreements the progress page and its exports show: a planner their own committees'
by default and one of them when chosen; administrators and viewers the whole municipality,
or one committee when chosen; partners their organisations' (no committee to choose)."""

import csv
import datetime
import io
from decimal import Decimal

import pytest

from django.urls import reverse
from django.utils import timezone

from agreements import services as agreement_services
from agreements.tests.factories import make_agreement
from finance.models import ContributionKind
from finance.tests.factories import add_contribution
from followup.hours import services
from followup.hours.services import agreement_activities
from followup.hours.views.progress import ProgressForm
from followup.tests.factories import hours_agreement, reporter_for
from iop.accounts.models import Role
from iop.accounts.tests.factories import UserFactory
from partners.tests.factories import OrganisationFactory

LAST_YEAR = timezone.localdate().year - 1
PROGRESS = "followup:hours-progress"
EXPORT = "followup:hours-progress-export"


def partner_of(agreement):
    return agreement.versions.get().parties.get(organisation__isnull=False).organisation


def committee_of(agreement):
    return agreement.versions.get().committee


def log(agreement, hours):
    services.hours_log(
        by=reporter_for(partner_of(agreement)),
        agreement=agreement,
        organisation=partner_of(agreement),
        activity=agreement_activities(agreement).first(),
        date=datetime.date(LAST_YEAR, 3, 10),
        hours=Decimal(hours),
        volunteers=2,
    )


@pytest.fixture
def three(db):
    """Three committees' agreements, each with hours last year."""
    made = {
        "elderly": hours_agreement(committee_name="Äldrenämnden", registry_number="ÄN 1"),
        "schools": hours_agreement(
            organisation=OrganisationFactory(), committee_name="Bildningsnämnden", registry_number="BN 1"
        ),
        "social": hours_agreement(
            organisation=OrganisationFactory(), committee_name="Socialnämnden", registry_number="SN 1"
        ),
    }
    for hours, agreement in zip(("1", "2", "4"), made.values(), strict=True):
        log(agreement, hours)
    return made


@pytest.fixture
def two_committee_planner(three):
    return UserFactory(role=Role.PLANNER, committees=[committee_of(three["elderly"]), committee_of(three["schools"])])


def summary_of(client, **params):
    response = client.get(reverse(PROGRESS), {"year": LAST_YEAR, **params})
    assert response.status_code == 200
    return response


def lines(response):
    return [line.label.registry_number for line in response.context["summary"].lines]


def csv_rows(client, **params):
    response = client.get(reverse(EXPORT, args=["csv"]), {"year": LAST_YEAR, **params})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    return response, [row[0] for row in rows[1:-1]], rows[-1][-1]


def test_a_planner_sees_their_committees_agreements_by_default_and_may_choose_one(
    client_as, three, two_committee_planner
):
    client = client_as(two_committee_planner)
    form = ProgressForm(None, user=two_committee_planner)
    assert set(form.fields["committee"].queryset) == {committee_of(three["elderly"]), committee_of(three["schools"])}

    response = summary_of(client)
    assert sorted(lines(response)) == ["BN 1", "ÄN 1"]
    assert response.context["summary"].total.tally.total == 3
    assert "SN 1" not in response.content.decode()

    schools = committee_of(three["schools"])
    response = summary_of(client, committee=schools.pk)
    assert lines(response) == ["BN 1"]
    assert response.context["summary"].committee == schools
    assert f"committee={schools.pk}" in response.context["filters"].query  # the export links keep it


def test_a_planner_cannot_choose_another_committee(client_as, three, two_committee_planner):
    client = client_as(two_committee_planner)
    social = committee_of(three["social"])
    response = summary_of(client, committee=social.pk)
    assert response.context["form"].errors["committee"] and response.context["summary"] is None
    assert client.get(reverse(EXPORT, args=["csv"]), {"year": LAST_YEAR, "committee": social.pk}).status_code == 400


def test_a_planners_export_holds_the_same_agreements_as_the_page(client_as, three, two_committee_planner):
    client = client_as(two_committee_planner)
    response, dnrs, total = csv_rows(client)
    assert sorted(dnrs) == ["BN 1", "ÄN 1"] and total == "3"
    assert 'filename="iop-timmar-alla-' in response["Content-Disposition"]

    response, dnrs, total = csv_rows(client, committee=committee_of(three["elderly"]).pk)
    assert dnrs == ["ÄN 1"] and total == "1"
    assert 'filename="iop-timmar-aldrenamnden-' in response["Content-Disposition"]


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.VIEWER])
def test_administrators_and_viewers_see_the_municipality_and_may_choose_a_committee(client_as, three, role):
    client = client_as(UserFactory(role=role))
    response = summary_of(client)
    assert sorted(lines(response)) == ["BN 1", "SN 1", "ÄN 1"]
    assert response.context["summary"].municipality_wide

    social = committee_of(three["social"])
    response = summary_of(client, committee=social.pk)
    assert lines(response) == ["SN 1"]
    assert not response.context["summary"].municipality_wide
    assert "Socialnämnden" in response.content.decode()
    _response, dnrs, total = csv_rows(client, committee=social.pk)
    assert dnrs == ["SN 1"] and total == "4"


def test_a_partner_has_no_committee_to_choose(client_as, three):
    reporter = reporter_for(partner_of(three["elderly"]))
    response = summary_of(client_as(reporter))
    assert "committee" not in response.context["form"].fields
    assert lines(response) == ["ÄN 1"]


def test_the_agreement_choices_are_labelled_as_the_agreements_name_themselves(
    db, three, two_committee_planner, django_assert_num_queries
):
    elderly = three["elderly"]
    # a later version under amendment has another title: the label follows the latest version
    amendment = agreement_services.agreement_amend(by=None, agreement=elderly)
    agreement_services.version_update(by=None, version=amendment, lock_version=amendment.lock_version, title="Ny titel")
    # a draft without Dnr that promises hours is a choice too
    unnumbered = make_agreement(registry_number="", partners=[OrganisationFactory()])
    version = unnumbered.versions.get()
    add_contribution(
        version,
        version.parties.get(organisation__isnull=False),
        ContributionKind.HOURS,
        hours=Decimal("100"),
        hourly_value=Decimal("200"),
    )
    viewer = UserFactory(role=Role.VIEWER)
    field = ProgressForm(None, user=viewer).fields["agreement"]
    with django_assert_num_queries(1):  # the labels come with the choices, not per agreement
        choices = dict([choice for choice in field.choices][1:])  # as the widget reads them
    expected = {agreement.pk: str(agreement) for agreement in field.queryset}
    assert choices == expected
    assert choices[elderly.pk].endswith("Ny titel")
    assert choices[unnumbered.pk] == str(unnumbered)
    assert list(choices) == [agreement.pk for agreement in field.queryset]  # in the queryset's order
