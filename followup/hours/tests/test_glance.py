"""Hours at a glance: the share of the commitment due to date and how far ahead or behind,
on the progress page, the partner's hours page and in the progress exports."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone, translation

from followup.hours import services
from followup.hours.models import MonthReport
from followup.hours.progress import agreement_hours, ahead_by, expected_to_date, share_to_date
from followup.hours.services import agreement_activities
from followup.tests.factories import approver_for, hours_agreement, reporter_for
from partners.tests.factories import OrganisationFactory

D = datetime.date
TODAY = timezone.localdate()
LAST_YEAR = TODAY.year - 1


@pytest.mark.parametrize(
    ("year", "today", "expected"),
    [
        (2026, D(2026, 6, 30), Decimal("0")),  # before the start nothing is due
        (2026, D(2026, 7, 1), Decimal("3.2")),  # one day of July's 31: 1 200 × (1/31) / 12 = 3,23
        (2026, D(2026, 9, 15), Decimal("250.0")),  # July, August and half of September: 1 200 × 2,5 / 12
        (2026, D(2026, 9, 30), Decimal("300.0")),  # three whole months: 1 200 × 3 / 12
        (2026, D(2027, 2, 1), Decimal("600.0")),  # the year's part of the agreement, July–December
        (2027, D(2027, 3, 31), Decimal("300.0")),  # January–March of the next year
        (2027, D(2027, 12, 31), Decimal("600.0")),  # the agreement ends on 30 June
        (2025, D(2027, 12, 31), None),  # the agreement does not run in 2025
    ],
)
def test_the_commitment_due_to_date_of_a_mid_year_agreement(year, today, expected):
    assert expected_to_date(Decimal("1200"), year, D(2026, 7, 1), D(2027, 6, 30), today) == expected


def test_the_share_and_how_far_ahead_or_behind():
    assert (share_to_date(Decimal("270"), Decimal("300.0")), ahead_by(Decimal("270"), Decimal("300.0"))) == (
        90,
        Decimal("-30.0"),
    )
    assert (share_to_date(Decimal("315.5"), Decimal("300.0")), ahead_by(Decimal("315.5"), Decimal("300.0"))) == (
        105,
        Decimal("15.5"),
    )
    assert share_to_date(Decimal("10"), Decimal("0")) is None  # nothing due yet: no share
    assert ahead_by(Decimal("10"), Decimal("0")) == Decimal("10.0")
    assert share_to_date(Decimal("10"), None) is None and ahead_by(Decimal("10"), None) is None


@pytest.fixture
def mid_year(db):
    """18 000 h a year from 1 July last year: last year 9 000 h are due (July–December), and
    the partner reported 8 100 of them, 90 %, 900 h behind."""
    organisation = OrganisationFactory(name="Resurspoolen")
    agreement = hours_agreement(organisation=organisation, start=D(LAST_YEAR, 7, 1))
    reporter = reporter_for(organisation)
    services.hours_log(
        by=reporter,
        agreement=agreement,
        organisation=organisation,
        activity=agreement_activities(agreement).first(),
        date=D(LAST_YEAR, 9, 10),
        hours=Decimal("8100"),
        volunteers=400,
    )
    return agreement, reporter


def test_the_progress_page_shows_the_share_and_the_hours_behind(client_as, mid_year):
    agreement, reporter = mid_year
    for user in (reporter, approver_for(agreement)):
        response = client_as(user).get(
            reverse("followup:hours-progress"), {"agreement": agreement.pk, "year": LAST_YEAR}
        )
        progress = response.context["detail"].progress
        assert (progress.commitment, progress.expected_to_date) == (Decimal("18000"), Decimal("9000.0"))
        assert (progress.share_to_date, progress.ahead_by, progress.behind_by) == (
            90,
            Decimal("-900.0"),
            Decimal("900.0"),
        )
        html = response.content.decode()
        assert "90 % av åtagandet hittills" in html and "900 h efter" in html


def test_the_summary_shows_each_agreements_share(client_as, mid_year):
    agreement, _reporter = mid_year
    response = client_as(approver_for(agreement)).get(reverse("followup:hours-progress"), {"year": LAST_YEAR})
    (line,) = response.context["summary"].lines
    assert (line.commitment, line.expected_to_date, line.share_to_date) == (Decimal("18000"), Decimal("9000.0"), 90)
    assert "90&nbsp;%" in response.content.decode()


def test_the_exports_hold_the_commitment_and_what_is_due_to_date(client_as, mid_year):
    agreement, _reporter = mid_year
    client = client_as(approver_for(agreement))
    export = "followup:hours-progress-export"
    params = {"agreement": agreement.pk, "year": LAST_YEAR}

    rows = list(
        csv.reader(
            io.StringIO(client.get(reverse(export, args=["csv"]), params).content.decode("utf-8-sig")), delimiter=";"
        )
    )
    at = rows.index(["Åtagande"])
    assert rows[at + 1] == [
        "Åtagande per år (h)",
        "Ska vara utfört hittills, proportionellt (h)",
        "Totalt (h)",
        "Före (+) eller efter (−) (h)",
        "Andel av åtagandet hittills",
    ] or rows[at + 1][3:] == ["Före (+) eller efter (−) (h)", "Andel av åtagandet hittills"]
    assert rows[at + 2] == ["18000", "9000", "8100", "-900", "90,0"]

    workbook = openpyxl.load_workbook(io.BytesIO(client.get(reverse(export, args=["xlsx"]), params).content))
    sheet = workbook.worksheets[-1]
    assert list(sheet.iter_rows(values_only=True))[1] == (18000, 9000, 8100, -900, 0.9)

    summary = list(
        csv.reader(
            io.StringIO(client.get(reverse(export, args=["csv"]), {"year": LAST_YEAR}).content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    header, line, total = summary
    assert len(header) == 9 and line[0] == agreement.registry_number
    assert line[3:5] == ["18000", "9000"] and total[3:5] == ["18000", "9000"]
    assert line[-1] == total[-1] == "8100"


def test_the_partners_hours_page_shows_this_years_share(client_as, mid_year):
    agreement, reporter = mid_year
    organisation = reporter.organisations.get()
    services.hours_log(
        by=reporter,
        agreement=agreement,
        organisation=organisation,
        activity=agreement_activities(agreement).first(),
        date=TODAY.replace(day=1),
        hours=Decimal("10"),
        volunteers=1,
    )
    progress = agreement_hours(user=reporter, agreement=agreement, year=TODAY.year)
    # on 1 January already 18 000 × (1/31) / 12 = 48,4 h are due: 10 h are behind, whatever the day
    assert progress.totals.total == 10 and progress.behind_by is not None
    html = client_as(reporter).get(reverse("followup:hours-home")).content.decode()
    with translation.override("sv"):
        behind = floatformat(progress.behind_by, "-1g")
    glance = html[html.index('<p class="hours-glance">') :].split("</p>")[0]
    assert (
        f"{TODAY.year}: {progress.share_to_date} % av åtagandet hittills: <strong>{behind} h efter</strong>" in glance
    )


def test_the_review_list_links_each_month_to_its_rows(client_as, mid_year):
    agreement, reporter = mid_year
    organisation = reporter.organisations.get()
    report = MonthReport.objects.get(agreement=agreement)
    services.hours_submit_month(by=reporter, report=report)
    planner = approver_for(agreement)
    html = client_as(planner).get(reverse("followup:hours-review")).content.decode()
    month_page = reverse("followup:hours-month", args=[agreement.pk, organisation.pk, f"{LAST_YEAR}-09"])
    assert f'<a href="{month_page}">{LAST_YEAR}-09<span class="visually-hidden"> Resurspoolen</span></a>' in html
    # the planner reads the month's rows there
    rows = client_as(planner).get(month_page)
    assert rows.status_code == 200 and "8\xa0100" in rows.content.decode()


def test_swedish_excels_semicolon_csv_in_windows_1252_is_previewed_through_the_page(
    client_as, agreement, organisation, reporter
):
    from followup.hours.tests.test_upload_hostile import ROWS, text_file, upload_url

    content = text_file(ROWS, encoding="cp1252", separator=";", name="timmar.csv")
    raw = content.read()
    content.seek(0)
    assert "Café Åsen".encode("cp1252") in raw and "volontärer".encode("cp1252") in raw  # the real bytes: é = 0xE9
    assert b"\xc5sen" in raw  # Å is one byte, not UTF-8's two
    response = client_as(reporter).post(upload_url(agreement, organisation), {"action": "preview", "file": content})
    assert response.status_code == 200
    assert not response.context["errors"] and response.context["preview"]["count"] == 3
    assert "Café Åsen" in response.content.decode()
