"""The yearly follow-up material: compiled from the money, the hours, the meetings and what
the parties record; as a page, a PDF read back as text, and a CSV."""

import csv
import datetime
import io
import subprocess
from decimal import Decimal

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements import services as agreement_services
from agreements.tests.factories import make_agreement
from finance import services as finance_services
from finance.models import ContributionKind, IndexStatus
from finance.tests.factories import _sign, add_contribution, refreshed, set_terms
from followup.hours import services
from followup.hours.services import agreement_activities
from followup.meetings import services as meetings
from followup.meetings.material import agreements_for_material, yearly_material
from followup.meetings.models import Convener, MeetingKind, YearlyFollowUp, YearlyNarrative
from followup.tests.factories import approver_for
from partners.tests.factories import CommitteeFactory, OrganisationFactory

NBSP = "\xa0"
TODAY = timezone.localdate()
LAST_MONTH = (TODAY.replace(day=1) - datetime.timedelta(days=1)).replace(day=10)
YEAR = LAST_MONTH.year
D = datetime.date


def approved_hours(agreement, organisation, reporter, approver, *, hours=Decimal("12.5"), count=1):
    """`count` entries of `hours` each in last month, submitted and approved."""
    activity = agreement_activities(agreement).first()
    for day in range(count):
        entry = services.hours_log(
            by=reporter,
            agreement=agreement,
            organisation=organisation,
            activity=activity,
            date=LAST_MONTH.replace(day=1 + day % 28),
            hours=hours,
            volunteers=3,
        )
    report = entry.report
    services.hours_submit_month(by=reporter, report=report)
    services.hours_approve_months(by=approver, reports=[report])


def money_agreement():
    """933 000 kr a year from the committee, raised by a preliminary OPI of 3.5 % this
    year, paid in January; 40 planned participants."""
    organisation = OrganisationFactory(name="Linköpings stadsmission")
    agreement = make_agreement(
        committee=CommitteeFactory(name="Omsorgsnämnden"),
        partners=[organisation],
        registry_number="ON 2025-7",
        start=D(TODAY.year - 1, 1, 1),
        end=D(TODAY.year + 1, 12, 31),
    )
    version = agreement.versions.get()
    agreement_services.version_update(
        by=None,
        version=version,
        lock_version=version.lock_version,
        objectives="Fler äldre deltar i meningsfulla aktiviteter.",
        planned_participants=40,
        participants_note="fyrtio äldre i veckan",
    )
    committee_party, _partner = refreshed(version).parties.order_by("order")
    add_contribution(version, committee_party, ContributionKind.MONEY, amount=Decimal("933000"))
    set_terms(version, indexation_from_year=TODAY.year, payment_months="1")
    _sign(version, decision=D(TODAY.year - 2, 11, 20), signed=D(TODAY.year - 2, 12, 16))
    finance_services.index_value_save(
        by=None, year=TODAY.year, percent=Decimal("3.5"), status=IndexStatus.PRELIMINARY, published="2025-10"
    )
    for date, amount in [(D(TODAY.year - 1, 1, 20), "933000"), (D(TODAY.year, 1, 20), "965655")]:
        finance_services.payment_register(
            by=None, agreement=agreement, recipient=organisation, date=date, amount=Decimal(amount)
        )
    return agreement


def material_of(agreement, year=YEAR):
    """The material as the municipality reads it (every party's hours)."""
    return yearly_material(agreements_for_material().get(pk=agreement.pk), year, user=approver_for(agreement))


def url(name, agreement, year=YEAR):
    return reverse(f"followup:{name}", args=[agreement.pk, year])


def text(response):
    return response.content.decode().replace(NBSP, " ").replace("&nbsp;", " ")


# --- The material ----------------------------------------------------------------------------


def test_the_material_shows_the_approved_hours_their_value_and_the_commitment(
    agreement, organisation, reporter, approver
):
    approved_hours(agreement, organisation, reporter, approver)
    material = material_of(agreement)
    assert material.hours.totals.approved == Decimal("12.5")
    assert material.hours.approved_value == Decimal("2675")  # 12.5 h × 214 kr
    assert material.hours.commitment == Decimal("18000")
    assert material.commitment_value == Decimal("3852000")
    assert material.version == agreement.versions.get()


def test_the_material_shows_the_money_of_the_year_indexed_and_paid(client_as, db):
    agreement = money_agreement()
    material = material_of(agreement, TODAY.year)
    row = material.money
    assert row.year == TODAY.year and row.amount.base == Decimal("933000")
    assert row.amount.amount == Decimal("965655") and row.amount.preliminary
    assert row.paid == Decimal("965655")
    assert material.objectives.startswith("Fler äldre")
    assert (material.planned_participants, material.participants_note) == (40, "fyrtio äldre i veckan")
    page = text(client_as(approver_for(agreement)).get(url("yearly", agreement, TODAY.year)))
    assert "965 655 kr" in page and "933 000 kr" in page and "3,5 %" in page
    assert "Fler äldre deltar" in page and "fyrtio äldre i veckan" in page


def test_the_page_shows_hours_and_their_value_in_kronor(client_as, agreement, organisation, reporter, approver):
    approved_hours(agreement, organisation, reporter, approver)
    response = client_as(reporter).get(url("yearly", agreement))
    assert response.status_code == 200
    page = text(response)
    assert "12,5 h" in page and "2 675 kr" in page
    assert "18 000 h" in page and "3 852 000 kr" in page
    assert 'media="print"' in page and "css/print.css" in page
    assert url("yearly-pdf", agreement) in page and url("yearly-export", agreement) in page


def test_a_planner_records_participants_reached_and_indicators(client_as, agreement, approver):
    client = client_as(approver)
    assert client.get(url("yearly-edit", agreement)).status_code == 200
    response = client.post(
        url("yearly-edit", agreement),
        {"participants_reached": "58", "indicators": "58, varav 5 gick vidare till arbete"},
    )
    assert response.status_code == 302
    record = YearlyFollowUp.objects.get(agreement=agreement, year=YEAR)
    assert record.participants_reached == 58
    assert record.history.first().history_user == approver
    page = text(client.get(url("yearly", agreement)))
    assert "58, varav 5 gick vidare till arbete" in page and url("yearly-edit", agreement) in page


def test_a_partner_and_a_viewer_cannot_record_participants(client_as, agreement, reporter, viewer):
    for user in (reporter, viewer):
        client = client_as(user)
        assert client.get(url("yearly-edit", agreement)).status_code == 403
        assert client.post(url("yearly-edit", agreement), {"participants_reached": "3"}).status_code == 403
        page = client.get(url("yearly", agreement))
        assert page.status_code == 200 and url("yearly-edit", agreement) not in text(page)
    assert not YearlyFollowUp.objects.exists()


def test_meetings_held_are_counted_against_those_planned(client_as, agreement, approver):
    meetings.rule_save(
        by=None, agreement=agreement, kind=MeetingKind.OPERATIONAL, months="6,12", convened_by="partners"
    )
    held = meetings.meeting_save(
        by=None, agreement=agreement, kind=MeetingKind.OPERATIONAL, date=D(YEAR, 5, 12), convened_by=Convener.PARTNERS
    )
    material = material_of(agreement)
    assert [item.due for item in material.meetings] == [D(YEAR, 6, 30), D(YEAR, 12, 31)]
    assert (material.held_count, material.planned_count) == (1, 2)
    assert material.meetings_held == [held]
    page = text(client_as(approver).get(url("yearly", agreement)))
    assert f"{YEAR}-05-12" in page and f"{YEAR}-06-30" in page and f"{YEAR}-12-31" in page


def test_open_action_items_are_listed_and_done_ones_are_not(client_as, agreement, organisation, approver):
    meeting = meetings.meeting_save(
        by=None,
        agreement=agreement,
        kind=MeetingKind.FOLLOW_UP,
        date=D(YEAR, 3, 3),
        convened_by=Convener.ADMINISTRATION,
    )
    meetings.action_item_add(
        by=None,
        meeting=meeting,
        text="Ta fram en rekryteringsplan",
        owner="Anna",
        due_date=D(YEAR, 12, 1),
        owner_organisation=organisation,
    )
    done = meetings.action_item_add(by=None, meeting=meeting, text="Boka lokal", owner="Bo", due_date=D(YEAR, 4, 1))
    meetings.action_item_done(by=None, item=done)
    assert [item.text for item in material_of(agreement).open_actions] == ["Ta fram en rekryteringsplan"]
    page = text(client_as(approver).get(url("yearly", agreement)))
    assert "Ta fram en rekryteringsplan" in page and "Boka lokal" not in page


def test_every_party_has_a_place_for_its_account(agreement):
    names = [narrative.party_name for narrative in material_of(agreement).narratives]
    assert names == [party.name for party in agreement.versions.get().parties.order_by("order", "pk")]


# --- Accounts of the year --------------------------------------------------------------------


def test_a_partner_writes_their_own_organisations_account(client_as, agreement, organisation, reporter, approver):
    meetings.yearly_follow_up_save(by=approver, agreement=agreement, year=YEAR, participants_reached=58)
    client = client_as(reporter)
    edit = url("narrative-edit", agreement)
    assert edit in text(client.get(url("yearly", agreement)))
    assert client.get(edit, {"party": organisation.name}).status_code == 200
    response = client.post(edit, {"party": organisation.name, "text": "Ett år med många nya volontärer."})
    assert response.status_code == 302
    narrative = YearlyNarrative.objects.get()
    assert (narrative.party_name, narrative.organisation, narrative.follow_up.year) == (
        organisation.name,
        organisation,
        YEAR,
    )
    assert "Ett år med många nya volontärer." in text(client.get(url("yearly", agreement)))


def test_a_partner_cannot_write_the_committees_account(client_as, agreement, reporter, approver):
    meetings.yearly_follow_up_save(by=approver, agreement=agreement, year=YEAR)
    committee = agreement.versions.get().committee.name
    response = client_as(reporter).post(url("narrative-edit", agreement), {"party": committee, "text": "Nej"})
    assert response.status_code == 403
    assert not YearlyNarrative.objects.exists()


def test_a_partner_waits_until_the_year_is_opened(client_as, agreement, organisation, reporter):
    client = client_as(reporter)
    response = client.post(url("narrative-edit", agreement), {"party": organisation.name, "text": "För tidigt"})
    assert response.status_code == 302 and response.url == url("yearly", agreement)
    assert not YearlyFollowUp.objects.exists() and not YearlyNarrative.objects.exists()
    assert url("narrative-edit", agreement) not in text(client.get(url("yearly", agreement)))


def test_a_planner_writes_any_partys_account_and_opens_the_year(client_as, agreement, approver):
    committee = agreement.versions.get().committee.name
    response = client_as(approver).post(
        url("narrative-edit", agreement), {"party": committee, "text": "Nämndens bild."}
    )
    assert response.status_code == 302
    assert YearlyNarrative.objects.get(follow_up__year=YEAR, party_name=committee).text == "Nämndens bild."


def test_an_unknown_party_is_404(client_as, agreement, approver):
    response = client_as(approver).get(url("narrative-edit", agreement), {"party": "Okänd förening"})
    assert response.status_code == 404


def test_a_partner_of_another_organisation_gets_404_everywhere(client_as, agreement, organisation, partner_b):
    meetings.yearly_follow_up_save(by=None, agreement=agreement, year=YEAR)
    client = client_as(partner_b)
    for name in ("yearly", "yearly-pdf", "yearly-export", "yearly-edit"):
        assert client.get(url(name, agreement)).status_code == 404, name
    response = client.post(url("narrative-edit", agreement), {"party": organisation.name, "text": "Inte vår"})
    assert response.status_code == 404
    assert not YearlyNarrative.objects.exists()


def test_anonymous_users_are_sent_to_log_in(client, agreement):
    assert client.get(url("yearly", agreement)).status_code == 302


@pytest.mark.parametrize("year", [TODAY.year - 2, TODAY.year + 2])
def test_a_year_outside_the_period_is_404(client_as, agreement, approver, year):
    client = client_as(approver)
    for name in ("yearly", "yearly-pdf", "yearly-export", "yearly-edit"):
        assert client.get(url(name, agreement, year)).status_code == 404, name
    assert client.get(url("narrative-edit", agreement, year), {"party": "x"}).status_code == 404


# --- The PDF and the CSV ---------------------------------------------------------------------


def pages(pdf_bytes):
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf_bytes, capture_output=True, check=True)
    return result.stdout.decode().replace(NBSP, " ").split("\f")[:-1]


def test_the_pdf_reads_with_the_dnr_the_year_the_hours_and_page_numbers(
    client_as, agreement, organisation, reporter, approver
):
    approved_hours(agreement, organisation, reporter, approver)
    meetings.yearly_follow_up_save(
        by=approver, agreement=agreement, year=YEAR, participants_reached=58, indicators="58, varav 5 till arbete"
    )
    response = client_as(reporter).get(url("yearly-pdf", agreement))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="uppfoljning-an-2022-1-{YEAR}.pdf"'
    text_pages = pages(response.content)
    count = len(text_pages)
    assert count >= 1
    assert f"1 ({count})" in text_pages[0] and f"{count} ({count})" in text_pages[-1]
    assert all("ÄN 2022-1" in page for page in text_pages)
    whole = "\n".join(text_pages)
    assert str(YEAR) in whole
    assert "12,5 h" in whole and "2 675 kr" in whole and "18 000 h" in whole
    assert "58, varav 5 till arbete" in whole and "Resurspoolen" in whole


def csv_rows(response):
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


def test_the_csv_has_the_same_figures(client_as, agreement, organisation, reporter, approver):
    approved_hours(agreement, organisation, reporter, approver)
    meetings.yearly_follow_up_save(
        by=approver, agreement=agreement, year=YEAR, participants_reached=58, indicators="=58, varav 5 till arbete"
    )
    response = client_as(approver).get(url("yearly-export", agreement))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="uppfoljning-an-2022-1-{YEAR}.csv"'
    rows = csv_rows(response)
    assert all(len(row) == 3 for row in rows)
    values = {(section, item): value for section, item, value in rows[1:]}
    hours = _("Volunteer hours")
    assert values[(_("Agreement"), _("Dnr"))] == "ÄN 2022-1"
    assert values[(_("Agreement"), _("Year"))] == str(YEAR)
    assert values[(hours, _("Approved (h)"))] == "12,5"
    assert values[(hours, _("Value of approved hours (kr)"))] == "2675"
    assert values[(hours, _("Commitment per year (h)"))] == "18000"
    participants = _("Participants and other indicators")
    assert values[(participants, _("Participants reached"))] == "58"
    assert values[(participants, _("Other indicators"))] == "'=58, varav 5 till arbete"  # no formula


def test_the_csv_has_the_money_of_the_year(client_as, db):
    agreement = money_agreement()
    response = client_as(approver_for(agreement)).get(url("yearly-export", agreement, TODAY.year))
    values = {(section, item): value for section, item, value in csv_rows(response)[1:]}
    money = _("The committee's money")
    assert values[(money, _("Base (kr)"))] == "933000"
    assert values[(money, _("Indexed amount (kr)"))] == "965655"
    assert values[(money, _("OPI used (%)"))] == "3,5"
    assert values[(money, _("Paid (kr)"))] == "965655"


# --- Cost ------------------------------------------------------------------------------------


def test_the_page_costs_the_same_queries_with_few_and_many_hour_entries(
    client_as, agreement, organisation, reporter, approver, django_assert_num_queries
):
    meetings.rule_save(
        by=None, agreement=agreement, kind=MeetingKind.FOLLOW_UP, months="12", convened_by="administration"
    )
    activity = agreement_activities(agreement).first()

    def log(day):
        services.hours_log(
            by=reporter,
            agreement=agreement,
            organisation=organisation,
            activity=activity,
            date=LAST_MONTH.replace(day=day),
            hours=Decimal("2"),
            volunteers=1,
        )

    log(1)
    client = client_as(approver)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("yearly", agreement)).status_code == 200
    for day in range(2, 29):
        log(day)
    with django_assert_num_queries(len(few)):
        assert client.get(url("yearly", agreement)).status_code == 200
