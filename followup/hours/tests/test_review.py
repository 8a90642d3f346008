"""Planners review the months partners hand in; everyone follows hours against the
commitment on the progress page and in its exports, each seeing only their own."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from followup.hours import services
from followup.hours.models import MonthReport, MonthStatus
from followup.hours.services import agreement_activities
from followup.tests.factories import approver_for, hours_agreement, reporter_for
from iop.accounts.models import Role
from iop.accounts.tests.factories import UserFactory
from partners.tests.factories import OrganisationFactory

LAST_YEAR = timezone.localdate().year - 1  # within the agreement's period, and past
REVIEW = "followup:hours-review"
PROGRESS = "followup:hours-progress"
EXPORT = "followup:hours-progress-export"


@pytest.fixture
def other_agreement(db):
    """Another committee's agreement with another organisation."""
    return hours_agreement(organisation=OrganisationFactory(), committee_name="Omsorgsnämnden", registry_number="ON 1")


def partner_of(agreement):
    return agreement.versions.get().parties.get(organisation__isnull=False).organisation


def log(agreement, by, *, month=1, day=10, hours=Decimal("5"), activity=None):
    return services.hours_log(
        by=by,
        agreement=agreement,
        organisation=partner_of(agreement),
        activity=activity or agreement_activities(agreement).first(),
        date=datetime.date(LAST_YEAR, month, day),
        hours=hours,
        volunteers=2,
    )


def submitted(agreement, by, *, month=1, **fields):
    entry = log(agreement, by, month=month, **fields)
    return services.hours_submit_month(by=by, report=entry.report)


def errors(response):
    return [message.message for message in get_messages(response.wsgi_request) if message.level_tag == "error"]


def queries(function):
    with CaptureQueriesContext(connection) as context:
        function()
    return len(context.captured_queries)


# --- Review ----------------------------------------------------------------------------------


def test_a_planner_sees_the_submitted_months_of_their_committee_only(
    client_as, agreement, reporter, approver, other_agreement
):
    mine = submitted(agreement, reporter, hours=Decimal("7.5"))
    log(agreement, reporter, month=2)  # open: not handed in, not listed
    theirs = submitted(other_agreement, reporter_for(partner_of(other_agreement)))

    response = client_as(approver).get(reverse(REVIEW))
    assert response.status_code == 200
    assert [report.pk for report in response.context["page"]] == [mine.pk]
    assert response.context["page"][0].hours == Decimal("7.5")
    html = response.content.decode()
    assert agreement.get_absolute_url() in html and other_agreement.get_absolute_url() not in html
    assert f'name="reports" value="{mine.pk}"' in html
    assert reverse("followup:hours-return", args=[mine.pk]) in html
    assert reverse("followup:hours-approve") in html
    assert f"{LAST_YEAR}-01" in html

    response = client_as(approver_for(other_agreement)).get(reverse(REVIEW))
    assert [report.pk for report in response.context["page"]] == [theirs.pk]


def test_an_administrator_reviews_every_committees_months(
    client_as, administrator, agreement, reporter, other_agreement
):
    submitted(agreement, reporter)
    submitted(other_agreement, reporter_for(partner_of(other_agreement)))
    response = client_as(administrator).get(reverse(REVIEW))
    assert len(response.context["page"]) == 2


def test_a_planner_approves_several_months_at_once_and_the_history_says_who(client_as, agreement, reporter, approver):
    reports = [submitted(agreement, reporter, month=month) for month in (1, 2, 3)]
    client = client_as(approver)
    response = client.post(reverse("followup:hours-approve"), {"reports": [reports[0].pk, reports[1].pk]})
    assert response.status_code == 302 and response.url == reverse(REVIEW)
    statuses = dict(MonthReport.objects.values_list("pk", "status"))
    assert statuses == {
        reports[0].pk: MonthStatus.APPROVED,
        reports[1].pk: MonthStatus.APPROVED,
        reports[2].pk: MonthStatus.SUBMITTED,
    }
    approved = MonthReport.objects.get(pk=reports[0].pk)
    assert approved.decided_by == approver and approved.decided_at is not None
    latest = approved.history.first()
    assert latest.history_user == approver and latest.status == MonthStatus.APPROVED
    assert approved.history.get(status=MonthStatus.SUBMITTED).history_user == reporter

    listed = client.get(reverse(REVIEW), {"status": "approved"}).context["page"]
    assert {report.pk for report in listed} == {reports[0].pk, reports[1].pk}


def test_approved_months_are_locked(client_as, agreement, reporter, approver):
    report = submitted(agreement, reporter, month=4)
    client_as(approver).post(reverse("followup:hours-approve"), {"reports": [report.pk]})
    with pytest.raises(ValidationError) as raised:
        log(agreement, reporter, month=4, day=20)
    assert raised.value.code == "month_locked"
    assert MonthReport.objects.get().entries.count() == 1


def test_months_of_another_committee_are_refused_and_nothing_is_half_done(
    client_as, agreement, reporter, approver, other_agreement
):
    mine = submitted(agreement, reporter)
    theirs = submitted(other_agreement, reporter_for(partner_of(other_agreement)))
    response = client_as(approver).post(reverse("followup:hours-approve"), {"reports": [mine.pk, theirs.pk]})
    assert response.status_code == 302
    assert errors(response)
    assert set(MonthReport.objects.values_list("status", flat=True)) == {MonthStatus.SUBMITTED}

    response = client_as(approver).post(reverse("followup:hours-return", args=[theirs.pk]), {"comment": "Fel"})
    assert response.status_code == 302 and errors(response)
    assert MonthReport.objects.get(pk=theirs.pk).status == MonthStatus.SUBMITTED


def test_approving_nothing_or_twice_is_a_message_not_an_error(client_as, agreement, reporter, approver):
    report = submitted(agreement, reporter)
    client = client_as(approver)
    response = client.post(reverse("followup:hours-approve"), {"reports": ["x"]})
    assert response.status_code == 302 and errors(response)
    client.post(reverse("followup:hours-approve"), {"reports": [report.pk]})
    response = client.post(reverse("followup:hours-approve"), {"reports": [report.pk]})
    assert response.status_code == 302 and errors(response)
    response = client.post(reverse("followup:hours-approve"), {"reports": [report.pk + 1000]})
    assert response.status_code == 302 and errors(response)


def test_a_month_a_colleague_decided_meanwhile_is_refused_naming_them(client_as, agreement, reporter, approver):
    colleague = UserFactory(
        role=Role.PLANNER, committees=[agreement.versions.get().committee], first_name="Bo", last_name="Berg"
    )
    returned = submitted(agreement, reporter, month=1)
    approved = submitted(agreement, reporter, month=2)
    stale = {report.pk: MonthReport.objects.get(pk=report.pk) for report in (returned, approved)}  # read as submitted
    services.hours_return_month(by=colleague, report=returned, comment="Fel datum")
    services.hours_approve_months(by=colleague, reports=[approved])

    with pytest.raises(ValidationError) as raised:
        services.hours_approve_months(by=approver, reports=[stale[returned.pk]])
    assert raised.value.code == "already_decided"
    with pytest.raises(ValidationError) as raised:
        services.hours_return_month(by=approver, report=stale[approved.pk], comment="Rätta")
    assert raised.value.code == "already_decided"

    client = client_as(approver)
    response = client.post(reverse("followup:hours-approve"), {"reports": [returned.pk]})
    assert errors(response) == [f"{returned} har redan återlämnats av Bo Berg."]
    response = client.post(reverse("followup:hours-return", args=[approved.pk]), {"comment": "Rätta"})
    assert errors(response)[-1] == f"{approved} har redan godkänts av Bo Berg."  # after the one above
    decided = {report.pk: (report.status, report.decided_by, report.comment) for report in MonthReport.objects.all()}
    assert decided == {
        returned.pk: (MonthStatus.RETURNED, colleague, "Fel datum"),
        approved.pk: (MonthStatus.APPROVED, colleague, ""),
    }


def test_a_planner_returns_a_month_with_a_required_comment_and_the_partner_resubmits(
    client_as, agreement, reporter, approver
):
    report = submitted(agreement, reporter)
    client = client_as(approver)
    back = reverse(REVIEW) + "?status=all&page=1"
    url = reverse("followup:hours-return", args=[report.pk])

    response = client.post(url, {"comment": "  ", "next": back})
    assert response.status_code == 302 and response.url == back
    assert MonthReport.objects.get().status == MonthStatus.SUBMITTED
    assert "Skriv vad som behöver rättas" in client.get(back).content.decode()  # at the field

    response = client.post(url, {"comment": "Dubbelregistrerat den 10:e", "next": "https://example.com/"})
    assert response.url == reverse(REVIEW)  # never away from the site
    report = MonthReport.objects.get()
    assert (report.status, report.comment, report.decided_by) == (
        MonthStatus.RETURNED,
        "Dubbelregistrerat den 10:e",
        approver,
    )
    assert report.history.first().history_user == approver
    assert "Dubbelregistrerat den 10:e" in client.get(reverse(REVIEW), {"status": "returned"}).content.decode()

    log(agreement, reporter, day=11)  # a returned month can be corrected
    services.hours_submit_month(by=reporter, report=report)
    assert MonthReport.objects.get().status == MonthStatus.SUBMITTED


@pytest.mark.parametrize("persona", ["reporter", "viewer"])
def test_partners_and_viewers_may_not_review(client_as, agreement, reporter, viewer, persona):
    report = submitted(agreement, reporter)
    client = client_as({"reporter": reporter, "viewer": viewer}[persona])
    assert client.get(reverse(REVIEW)).status_code == 403
    assert client.post(reverse("followup:hours-approve"), {"reports": [report.pk]}).status_code == 403
    return_url = reverse("followup:hours-return", args=[report.pk])
    assert client.post(return_url, {"comment": "Nej"}).status_code == 403
    assert MonthReport.objects.get().status == MonthStatus.SUBMITTED


def test_approve_and_return_take_posts_only(client_as, agreement, reporter, approver):
    report = submitted(agreement, reporter)
    client = client_as(approver)
    assert client.get(reverse("followup:hours-approve")).status_code == 405
    assert client.get(reverse("followup:hours-return", args=[report.pk])).status_code == 405


def test_the_review_list_pages_by_fifty(client_as, agreement, reporter, approver):
    organisation = partner_of(agreement)
    for month in range(1, 13):
        submitted(agreement, reporter, month=month)
    # The page size is what is tested, not how the months came to be.
    reports = [
        MonthReport(
            agreement=agreement,
            organisation=organisation,
            month=datetime.date(LAST_YEAR - 10 - n // 12, n % 12 + 1, 1),
            status=MonthStatus.SUBMITTED,
        )
        for n in range(45)
    ]
    MonthReport.objects.bulk_create(reports)
    client = client_as(approver)
    first = client.get(reverse(REVIEW))
    assert len(first.context["page"]) == 50 and first.context["page"].paginator.num_pages == 2
    assert "page=2" in first.content.decode()
    assert len(client.get(reverse(REVIEW), {"page": 2}).context["page"]) == 7


def test_the_review_list_takes_the_same_queries_for_few_and_many_months(
    client_as, agreement, reporter, approver, other_agreement, django_assert_num_queries
):
    other_reporter = reporter_for(partner_of(other_agreement))
    for month in (1, 2):
        submitted(agreement, reporter, month=month)
    client = client_as(approver)
    few = queries(lambda: client.get(reverse(REVIEW)))
    for month in range(3, 12):
        for day in (3, 4, 5):
            log(agreement, reporter, month=month, day=day)
        services.hours_submit_month(
            by=reporter, report=MonthReport.objects.get(month__month=month, agreement=agreement)
        )
        submitted(other_agreement, other_reporter, month=month)
    with django_assert_num_queries(few):
        response = client.get(reverse(REVIEW))
    assert len(response.context["page"]) == 11


# --- Progress --------------------------------------------------------------------------------


def progress(client, **params):
    return client.get(reverse(PROGRESS), {"year": LAST_YEAR, **params})


def test_a_partner_sees_only_their_own_organisations_hours(client_as, agreement, reporter, other_agreement):
    log(agreement, reporter, hours=Decimal("10"))
    log(other_agreement, reporter_for(partner_of(other_agreement)), hours=Decimal("7"))
    client = client_as(reporter)

    response = progress(client)
    assert response.status_code == 200
    result = response.context["summary"]
    assert not result.municipality_wide
    assert [(line.label, line.tally.total) for line in result.lines] == [(agreement, Decimal("10"))]
    assert result.total.tally.total == Decimal("10")
    assert list(response.context["form"].fields["agreement"].queryset) == [agreement]
    assert other_agreement.registry_number not in response.content.decode()

    response = progress(client, agreement=other_agreement.pk)  # not theirs: a form error, no figures
    assert response.status_code == 200
    assert response.context["form"].errors["agreement"] and response.context["detail"] is None

    response = progress(client, agreement=agreement.pk)
    assert response.context["detail"].progress.totals.total == Decimal("10")


def test_a_partner_does_not_see_another_organisations_hours_on_the_same_agreement(client_as, agreement, reporter):
    log(agreement, reporter, hours=Decimal("3"))
    stranger = reporter_for(OrganisationFactory())
    response = progress(client_as(stranger))
    assert response.context["summary"].lines == []
    assert list(response.context["form"].fields["agreement"].queryset) == []


def test_a_planner_follows_their_committees_agreements(client_as, agreement, reporter, approver, other_agreement):
    log(agreement, reporter, hours=Decimal("4"))
    log(other_agreement, reporter_for(partner_of(other_agreement)), hours=Decimal("9"))
    response = progress(client_as(approver))
    assert [line.label for line in response.context["summary"].lines] == [agreement]


def test_viewers_and_administrators_see_a_municipality_wide_summary(
    client_as, viewer, administrator, agreement, reporter, approver, other_agreement
):
    first = submitted(agreement, reporter, hours=Decimal("10"))
    services.hours_approve_months(by=approver, reports=[first])
    submitted(agreement, reporter, month=2, hours=Decimal("4"))
    log(agreement, reporter, month=3, hours=Decimal("1.5"))
    log(other_agreement, reporter_for(partner_of(other_agreement)), hours=Decimal("7"))
    for user in (viewer, administrator):
        result = progress(client_as(user)).context["summary"]
        assert result.municipality_wide
        lines = {line.label.registry_number: line.tally for line in result.lines}
        assert set(lines) == {agreement.registry_number, other_agreement.registry_number}
        mine = lines[agreement.registry_number]
        assert (mine.approved, mine.submitted, mine.not_submitted) == (10, 4, Decimal("1.5"))
        assert result.total.tally.total == Decimal("22.5")


def test_the_progress_of_an_agreement_in_hours_and_kronor(client_as, agreement, reporter, approver):
    first, second = list(agreement_activities(agreement))[:2]
    report = submitted(agreement, reporter, month=1, hours=Decimal("10"), activity=first)
    services.hours_approve_months(by=approver, reports=[report])
    submitted(agreement, reporter, month=2, hours=Decimal("4"), activity=second)
    log(agreement, reporter, month=3, hours=Decimal("1"), activity=second)

    response = progress(client_as(approver), agreement=agreement.pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert "2\xa0140\xa0kr" in html  # 10 approved hours at 214 kr
    assert "3\xa0210\xa0kr" in html  # all 15 hours
    assert "18\xa0000" in html  # the commitment per year
    assert html.count("<h1") == 1
    assert 'role="img"' in html and "<title" in html and "<desc" in html
    detail = response.context["detail"]
    assert (detail.progress.totals.approved, detail.progress.totals.submitted) == (10, 4)
    assert detail.progress.expected_to_date == Decimal("18000.0")  # the whole of last year is due
    assert len(detail.by_month) == 12 and detail.by_month[0].tally.approved == 10
    assert [line.label for line in detail.by_activity] == sorted([first.name, second.name])
    assert len(detail.chart.segments) == 3  # January approved, February submitted, March not submitted
    assert {segment.color for segment in detail.chart.segments} == {"#009E73", "#0072B2", "#E69F00"}
    month_table, activity_table = response.context["tables"]
    assert month_table.rows[0][0] == f"{LAST_YEAR}-01" and month_table.rows[-1][-1] == Decimal("2140")
    assert {row[0] for row in activity_table.rows[:-1]} == {first.name, second.name}


def test_the_exports_hold_exactly_the_filtered_rows(client_as, agreement, reporter, approver):
    first, second = list(agreement_activities(agreement))[:2]
    report = submitted(agreement, reporter, month=1, hours=Decimal("10"), activity=first)
    services.hours_approve_months(by=approver, reports=[report])
    log(agreement, reporter, month=2, hours=Decimal("2.5"), activity=first)
    log(agreement, reporter, month=2, day=11, hours=Decimal("8"), activity=second)
    client = client_as(approver)
    params = {"agreement": agreement.pk, "year": LAST_YEAR, "activity": first.name}

    page = client.get(reverse(PROGRESS), params)
    assert second.name not in [row[0] for table in page.context["tables"] for row in table.rows]

    response = client.get(reverse(EXPORT, args=["csv"]), params)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    assert first.name in cells and second.name not in cells
    assert [f"{LAST_YEAR}-01", "10", "0", "0", "10", "2140"] in rows
    assert [f"{LAST_YEAR}-02", "0", "0", "2,5", "2,5", "0"] in rows
    assert [first.name, "10", "0", "2,5", "12,5", "2140"] in rows
    month_rows = [row for row in rows if row and row[0].startswith(f"{LAST_YEAR}-")]
    assert len(month_rows) == 12

    response = client.get(reverse(EXPORT, args=["xlsx"]), params)
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    by_month, by_activity, _commitment = workbook.worksheets
    month_rows = list(by_month.iter_rows(values_only=True))
    assert len(month_rows) == 1 + 12 + 1  # headers, the months, the total
    assert month_rows[1][:6] == (f"{LAST_YEAR}-01", 10, 0, 0, 10, 2140)
    activity_rows = list(by_activity.iter_rows(values_only=True))
    assert [row[0] for row in activity_rows[1:-1]] == [first.name]
    assert activity_rows[-1][4] == 12.5
    everything = {cell for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row}
    assert second.name not in everything


def test_the_summary_export_has_one_row_per_agreement(client_as, viewer, agreement, reporter, other_agreement):
    log(agreement, reporter, hours=Decimal("3"))
    log(other_agreement, reporter_for(partner_of(other_agreement)), hours=Decimal("7"))
    client = client_as(viewer)
    response = client.get(reverse(EXPORT, args=["csv"]), {"year": LAST_YEAR})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, *lines, total = rows
    assert len(header) == 9  # Dnr, agreement, committee, commitment, due to date, four of hours
    assert sorted(line[0] for line in lines) == sorted([agreement.registry_number, other_agreement.registry_number])
    assert total[-1] == "10"
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(reverse(EXPORT, args=["xlsx"]), {"year": LAST_YEAR}).content))
    assert sheet.active.max_row == 4


def test_a_partners_export_holds_only_their_hours(client_as, agreement, reporter, other_agreement):
    log(agreement, reporter, hours=Decimal("3"))
    log(other_agreement, reporter_for(partner_of(other_agreement)), hours=Decimal("7"))
    response = client_as(reporter).get(reverse(EXPORT, args=["csv"]), {"year": LAST_YEAR})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[0] for row in rows[1:-1]] == [agreement.registry_number]
    assert rows[-1][-1] == "3"


@pytest.mark.parametrize("params", [{"year": "nästa"}, {"year": "1800"}, {"agreement": "x"}, {"activity": "Okänd"}])
def test_wrong_filters_are_form_errors_never_a_crash(client_as, viewer, agreement, params):
    client = client_as(viewer)
    response = client.get(reverse(PROGRESS), params)
    assert response.status_code == 200 and response.context["form"].errors
    assert client.get(reverse(EXPORT, args=["csv"]), params).status_code == 400


def test_an_unknown_export_format_is_not_found(client_as, viewer):
    assert client_as(viewer).get(reverse(EXPORT, args=["pdf"]), {"year": LAST_YEAR}).status_code == 404


def test_the_progress_page_takes_the_same_queries_for_few_and_many_entries(
    client_as, agreement, reporter, approver, other_agreement, django_assert_num_queries
):
    other_reporter = reporter_for(partner_of(other_agreement))
    log(agreement, reporter)
    log(other_agreement, other_reporter)
    client = client_as(approver)
    pages = {
        "agreement": lambda: progress(client, agreement=agreement.pk),
        "summary": lambda: progress(client),
        "export": lambda: client.get(reverse(EXPORT, args=["xlsx"]), {"year": LAST_YEAR, "agreement": agreement.pk}),
    }
    few = {name: queries(page) for name, page in pages.items()}
    activities = list(agreement_activities(agreement))
    for month in range(2, 13):
        for day, activity in zip((3, 4, 5), activities, strict=True):
            log(agreement, reporter, month=month, day=day, activity=activity)
        log(other_agreement, other_reporter, month=month)
    services.hours_submit_month(by=reporter, report=MonthReport.objects.filter(agreement=agreement).first())
    for name, page in pages.items():
        with django_assert_num_queries(few[name]):
            response = page()
        assert response.status_code == 200
    assert response.content  # the xlsx
    detail = progress(client, agreement=agreement.pk).context["detail"]
    assert detail.progress.totals.total == Decimal("5") * 34


def test_a_refused_return_comes_back_open_with_its_error_at_the_field(client_as, agreement, reporter, approver):
    report = submitted(agreement, reporter)
    client = client_as(approver)
    back = reverse(REVIEW) + "?status=submitted"

    client.post(reverse("followup:hours-return", args=[report.pk]), {"comment": "   ", "next": back})

    assert MonthReport.objects.get().status == MonthStatus.SUBMITTED
    page = client.get(back).content.decode()
    # The error summary takes the focus (static/js/errors.js) and leads to the comment.
    assert 'data-error-summary tabindex="-1"' in page and f'href="#comment-{report.pk}"' in page
    assert "Skriv vad som behöver rättas" in page and "<details open>" in page and "is-invalid" in page
    # Once shown, it is gone: the next visit starts afresh.
    assert "Skriv vad som behöver rättas" not in client.get(back).content.decode()
