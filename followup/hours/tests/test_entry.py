"""Partners log hours on the month page and the month sheet, and submit the month; others
cannot; the start page lists the partner's agreements and months."""

import datetime
from decimal import Decimal

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from followup.hours import services
from followup.hours.models import HourEntry, MonthReport, MonthStatus
from followup.hours.services import agreement_activities
from followup.tests.factories import approver_for, reporter_for
from iop.core.dates import add_months
from partners.tests.factories import OrganisationFactory

TODAY = timezone.localdate()
THIS_MONTH = TODAY.replace(day=1)
LAST_MONTH = add_months(THIS_MONTH, -1)
DAY = LAST_MONTH.replace(day=10)


@pytest.fixture
def activities(agreement):
    return list(agreement_activities(agreement))


def url(name, agreement, organisation, month=LAST_MONTH):
    return reverse(f"followup:{name}", args=[agreement.pk, organisation.pk, f"{month:%Y-%m}"])


def log(reporter, agreement, organisation, activity, *, date=DAY, hours=Decimal("3"), volunteers=1):
    return services.hours_log(
        by=reporter,
        agreement=agreement,
        organisation=organisation,
        activity=activity,
        date=date,
        hours=hours,
        volunteers=volunteers,
    )


def entry_data(activity, **overrides):
    return {
        "date": DAY.isoformat(),
        "activity": activity.pk,
        "hours": "2,5",
        "volunteers": "2",
        "place": "Ryd",
        "note": "",
    } | overrides


def test_a_partner_logs_sees_deletes_and_submits_a_month(client_as, agreement, organisation, reporter, activities):
    client = client_as(reporter)
    month_url = url("hours-month", agreement, organisation)
    assert client.get(month_url).context["form"] is not None

    response = client.post(month_url, entry_data(activities[0]))
    assert response.status_code == 302 and response.url == month_url
    entry = HourEntry.objects.get()
    assert (entry.hours, entry.volunteers, entry.date, entry.place) == (Decimal("2.5"), 2, DAY, "Ryd")
    page = client.get(month_url)
    assert list(page.context["entries"]) == [entry] and page.context["total"] == Decimal("2.5")
    assert "2,5" in page.content.decode()

    response = client.post(reverse("followup:hours-entry-delete", args=[entry.pk]))
    assert response.status_code == 302 and not HourEntry.objects.exists()

    client.post(month_url, entry_data(activities[1], hours="4"))
    response = client.post(url("hours-submit", agreement, organisation))
    assert response.status_code == 302 and MonthReport.objects.get().status == MonthStatus.SUBMITTED

    page = client.get(month_url)
    assert page.context["form"] is None
    assert url("hours-submit", agreement, organisation) not in page.content.decode()
    refused = client.post(month_url, entry_data(activities[0]))
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
    assert HourEntry.objects.count() == 1
    locked = HourEntry.objects.get()
    client.post(reverse("followup:hours-entry-delete", args=[locked.pk]))
    assert HourEntry.objects.count() == 1


def test_a_whole_month_needs_no_date(client_as, agreement, organisation, reporter, activities):
    client = client_as(reporter)
    data = entry_data(activities[0], date="", whole_month="on", hours="1 500", volunteers="100")
    assert client.post(url("hours-month", agreement, organisation), data).status_code == 302
    entry = HourEntry.objects.get()
    assert entry.whole_month and entry.date == LAST_MONTH and entry.hours == Decimal("1500")


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"hours": "30", "volunteers": "1"}, "hours"),  # the service: over 24 h for one volunteer
        ({"hours": "två"}, "hours"),
        ({"volunteers": "0"}, "volunteers"),
        ({"date": ""}, "date"),
        ({"date": THIS_MONTH.isoformat()}, "date"),  # not in the month shown
    ],
)
def test_bad_entries_are_shown_at_their_field(
    client_as, agreement, organisation, reporter, activities, overrides, field
):
    response = client_as(reporter).post(
        url("hours-month", agreement, organisation), entry_data(activities[0], **overrides)
    )
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not HourEntry.objects.exists()


def test_submitting_an_empty_month_is_refused(client_as, agreement, organisation, reporter):
    response = client_as(reporter).post(url("hours-submit", agreement, organisation), follow=True)
    assert response.status_code == 200 and [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not MonthReport.objects.filter(status=MonthStatus.SUBMITTED).exists()


def test_a_returned_month_shows_the_comment_and_can_be_corrected(
    client_as, agreement, organisation, reporter, activities
):
    entry = log(reporter, agreement, organisation, activities[0])
    services.hours_submit_month(by=reporter, report=entry.report)
    services.hours_return_month(by=approver_for(agreement), report=entry.report, comment="Fel aktivitet den 10:e")
    page = client_as(reporter).get(url("hours-month", agreement, organisation))
    assert "Fel aktivitet den 10:e" in page.content.decode() and page.context["form"] is not None


def test_a_partner_of_another_organisation_gets_404(client_as, agreement, organisation, reporter, activities):
    entry = log(reporter, agreement, organisation, activities[0])
    client = client_as(reporter_for(OrganisationFactory(name="Annan förening")))
    assert client.get(url("hours-month", agreement, organisation)).status_code == 404
    assert client.post(url("hours-month", agreement, organisation), entry_data(activities[0])).status_code == 404
    assert client.get(url("hours-sheet", agreement, organisation)).status_code == 404
    assert client.post(url("hours-submit", agreement, organisation)).status_code == 404
    assert client.post(reverse("followup:hours-entry-delete", args=[entry.pk])).status_code == 404
    assert HourEntry.objects.count() == 1


def test_an_organisation_not_party_to_the_agreement_has_no_month(client_as, agreement, viewer):
    stranger = OrganisationFactory(name="Ingen part")
    assert client_as(viewer).get(url("hours-month", agreement, stranger)).status_code == 404


def test_a_viewer_sees_the_month_but_cannot_log(client_as, agreement, organisation, reporter, viewer, activities):
    entry = log(reporter, agreement, organisation, activities[0])
    client = client_as(viewer)
    page = client.get(url("hours-month", agreement, organisation))
    assert page.status_code == 200 and page.context["form"] is None
    assert client.post(url("hours-month", agreement, organisation), entry_data(activities[0])).status_code == 403
    assert client.get(url("hours-sheet", agreement, organisation)).status_code == 403
    assert client.post(url("hours-submit", agreement, organisation)).status_code == 403
    assert client.post(reverse("followup:hours-entry-delete", args=[entry.pk])).status_code == 403
    assert HourEntry.objects.count() == 1 and MonthReport.objects.get().status == MonthStatus.OPEN


def test_the_sheet_saves_several_cells_at_once(client_as, agreement, organisation, reporter, activities):
    walks, woodwork = activities[1], activities[2]
    data = {
        f"v-{walks.pk}": "3",
        f"h-{walks.pk}-3": "6",
        f"h-{walks.pk}-17": "4,5",
        f"v-{woodwork.pk}": "2",
        f"h-{woodwork.pk}-3": "8",
    }
    response = client_as(reporter).post(url("hours-sheet", agreement, organisation), data)
    assert response.status_code == 302 and response.url == url("hours-month", agreement, organisation)
    saved = {(e.activity_id, e.date.day, e.hours, e.volunteers) for e in HourEntry.objects.all()}
    assert saved == {
        (walks.pk, 3, Decimal("6"), 3),
        (walks.pk, 17, Decimal("4.5"), 3),
        (woodwork.pk, 3, Decimal("8"), 2),
    }


def test_a_sheet_with_one_bad_cell_saves_nothing_and_shows_the_error(
    client_as, agreement, organisation, reporter, activities
):
    walks = activities[1]
    data = {f"v-{walks.pk}": "1", f"h-{walks.pk}-3": "2", f"h-{walks.pk}-4": "30"}
    response = client_as(reporter).post(url("hours-sheet", agreement, organisation), data)
    assert response.status_code == 200 and not HourEntry.objects.exists()
    sheet = response.context["sheet"]
    row = next(row for row in sheet.rows if row.activity == walks)
    assert row.cells[3].errors and not row.cells[2].errors  # day 4 is wrong, day 3 is fine
    assert [cell.value for cell in row.cells[2:4]] == ["2", "30"]  # what was typed is kept
    assert len(sheet.summary) == 1
    html = response.content.decode()
    assert 'role="alert"' in html and f'href="#h-{walks.pk}-4"' in html and 'value="30"' in html


def test_a_sheet_row_without_volunteers_or_with_bad_hours_is_refused(
    client_as, agreement, organisation, reporter, activities
):
    walks = activities[1]
    data = {f"h-{walks.pk}-3": "2", f"h-{walks.pk}-4": "två"}
    response = client_as(reporter).post(url("hours-sheet", agreement, organisation), data)
    row = next(row for row in response.context["sheet"].rows if row.activity == walks)
    assert row.volunteers.errors and row.cells[3].errors and not HourEntry.objects.exists()
    empty = client_as(reporter).post(url("hours-sheet", agreement, organisation), {})
    assert empty.status_code == 200 and empty.context["sheet"].summary


def test_the_sheet_disables_days_to_come_and_every_input_has_a_label(client_as, agreement, organisation, reporter):
    client = client_as(reporter)
    next_month = client.get(url("hours-sheet", agreement, organisation, add_months(THIS_MONTH, 1)))
    assert all(cell.disabled for row in next_month.context["sheet"].rows for cell in row.cells)
    past = client.get(url("hours-sheet", agreement, organisation))
    html = past.content.decode()
    for row in past.context["sheet"].rows:
        assert not any(cell.disabled for cell in row.cells)
        for sheet_input in row.inputs:
            assert f'<label for="{sheet_input.name}"' in html


def test_a_submitted_month_has_no_sheet_to_fill_in(client_as, agreement, organisation, reporter, activities):
    entry = log(reporter, agreement, organisation, activities[0])
    services.hours_submit_month(by=reporter, report=entry.report)
    client = client_as(reporter)
    assert 'name="h-' not in client.get(url("hours-sheet", agreement, organisation)).content.decode()
    data = {f"v-{activities[0].pk}": "1", f"h-{activities[0].pk}-3": "2"}
    response = client.post(url("hours-sheet", agreement, organisation), data)
    assert response.status_code == 200 and response.context["sheet"].summary
    assert HourEntry.objects.count() == 1


def _log_months(agreement, organisation, reporter, activity, months):
    for month in months:
        log(reporter, agreement, organisation, activity, date=month.replace(day=2), hours=Decimal("5"), volunteers=2)


def test_the_home_page_lists_the_partners_agreement_and_months(
    client_as, agreement, organisation, reporter, activities, django_assert_num_queries
):
    client = client_as(reporter)
    home = reverse("followup:hours-home")
    _log_months(agreement, organisation, reporter, activities[0], [add_months(THIS_MONTH, -n) for n in (1, 2)])
    with CaptureQueriesContext(connection) as few:
        response = client.get(home)
    [item] = response.context["items"]
    assert item.agreement == agreement and item.organisation == organisation
    assert [row.month for row in item.months] == [add_months(THIS_MONTH, -n) for n in range(12)]
    assert [row.hours for row in item.months[:4]] == [0, 5, 5, 0]
    assert url("hours-month", agreement, organisation) in response.content.decode()
    assert reverse("followup:hours-upload", args=[agreement.pk, organisation.pk]) in response.content.decode()

    _log_months(agreement, organisation, reporter, activities[0], [add_months(THIS_MONTH, -n) for n in range(3, 9)])
    report = MonthReport.objects.get(month=add_months(THIS_MONTH, -3))
    services.hours_submit_month(by=reporter, report=report)
    services.hours_return_month(by=approver_for(agreement), report=report, comment="Dubbelt")
    with django_assert_num_queries(len(few)):
        response = client.get(home)
    months = response.context["items"][0].months
    assert sum(1 for row in months if row.hours) == 8
    assert (months[3].status, months[3].comment) == (MonthStatus.RETURNED, "Dubbelt")


def test_the_home_page_shows_municipal_users_the_review_and_progress(client_as, planner, viewer):
    planner_page = client_as(planner).get(reverse("followup:hours-home")).content.decode()
    assert reverse("followup:hours-review") in planner_page and reverse("followup:hours-progress") in planner_page
    viewer_page = client_as(viewer).get(reverse("followup:hours-home")).content.decode()
    assert reverse("followup:hours-review") not in viewer_page and reverse("followup:hours-progress") in viewer_page


def test_the_home_page_leaves_out_other_organisations_agreements(client_as, agreement):
    other = reporter_for(OrganisationFactory(name="Annan förening"))
    response = client_as(other).get(reverse("followup:hours-home"))
    assert response.status_code == 200 and response.context["items"] == []


def test_the_month_page_links_to_the_neighbouring_months(client_as, agreement, organisation, reporter):
    page = client_as(reporter).get(url("hours-month", agreement, organisation)).context["page"]
    assert page.previous == add_months(LAST_MONTH, -1) and page.next == THIS_MONTH
    this = client_as(reporter).get(url("hours-month", agreement, organisation, THIS_MONTH)).context["page"]
    assert this.next is None
    assert datetime.date(TODAY.year - 1, 1, 1) == agreement.versions.get().start_date


def test_a_month_to_come_has_no_form(client_as, agreement, organisation, reporter):
    response = client_as(reporter).get(url("hours-month", agreement, organisation, add_months(THIS_MONTH, 1)))
    assert response.status_code == 200 and response.context["form"] is None
