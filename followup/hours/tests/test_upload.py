"""Hours from a file: CSV and Excel, a preview with every error by row and column, all or
nothing, the templates, who may upload, and the cost of many rows."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from followup.hours import imports, services
from followup.hours.models import HourEntry, MonthReport
from followup.hours.services import RowsRefused, agreement_activities
from followup.tests.factories import reporter_for
from partners.tests.factories import OrganisationFactory

TODAY = timezone.localdate()
LAST_MONTH = (TODAY.replace(day=1) - datetime.timedelta(days=1)).replace(day=10)
DAY = LAST_MONTH.isoformat()
MONTH = f"{LAST_MONTH:%Y-%m}"
HEADER = ["datum", "aktivitet", "timmar", "volontärer", "plats", "anteckning"]
GOOD_ROWS = [
    [DAY, "Promenadgrupper", "2,5", "1", "Trädgårdsföreningen", ""],
    [DAY, "träffpunktsverksamhet", "6", "3", "", "Fika och samtal"],
    [MONTH, "Snickeriverksamhet", "120", "6", "", ""],
]


def csv_file(rows, *, header=HEADER, separator=";", bom=True, name="timmar.csv"):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerows([header, *rows])
    return SimpleUploadedFile(name, (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8"), "text/csv")


def xlsx_file(rows, *, header=HEADER, name="timmar.xlsx"):
    book = openpyxl.Workbook()
    for line in [header, *rows]:
        book.active.append(line)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def import_file(agreement, organisation, reporter, upload):
    return imports.import_file(by=reporter, agreement=agreement, organisation=organisation, upload=upload)


def upload_url(agreement, organisation):
    return reverse("followup:hours-upload", args=[agreement.pk, organisation.pk])


def problems(raised):
    return [(error.row, error.column) for error in raised.value.errors]


# --- Reading and importing --------------------------------------------------------------


@pytest.mark.parametrize("separator, bom", [(";", True), (";", False), (",", True), (",", False)])
def test_a_csv_file_imports_every_row_with_either_separator(agreement, organisation, reporter, separator, bom):
    entries = import_file(agreement, organisation, reporter, csv_file(GOOD_ROWS, separator=separator, bom=bom))
    assert len(entries) == 3 and HourEntry.objects.count() == 3
    walk = HourEntry.objects.get(activity__name="Promenadgrupper")
    assert (walk.date, walk.hours, walk.volunteers, walk.place) == (
        LAST_MONTH,
        Decimal("2.5"),
        1,
        "Trädgårdsföreningen",
    )
    month = HourEntry.objects.get(activity__name="Snickeriverksamhet")
    assert month.whole_month and month.date == LAST_MONTH.replace(day=1) and month.hours == 120
    assert HourEntry.objects.get(activity__name="Träffpunktsverksamhet").note == "Fika och samtal"


def test_an_excel_file_imports_with_dates_and_numbers_as_cells(agreement, organisation, reporter):
    rows = [
        [LAST_MONTH, "Promenadgrupper", 2.5, 1, "Trädgårdsföreningen", None],  # a date cell, number cells
        [DAY, "PROMENADGRUPPER", "1,5", "2", None, None],  # everything typed as text
        [MONTH, "Snickeriverksamhet", 120, 6, None, None],
    ]
    entries = import_file(agreement, organisation, reporter, xlsx_file(rows, header=[h.upper() for h in HEADER]))
    assert sorted((entry.hours, entry.whole_month) for entry in entries) == [
        (Decimal("1.5"), False),
        (Decimal("2.5"), False),
        (Decimal("120"), True),
    ]
    assert HourEntry.objects.filter(date=LAST_MONTH).count() == 2


def test_an_excel_date_shown_without_its_day_is_a_whole_month(agreement, organisation, reporter):
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append([LAST_MONTH.replace(day=1), "Snickeriverksamhet", 120, 6])
    book.active["A2"].number_format = "yyyy-mm"  # as Excel turns a typed 2026-03 into a date
    out = io.BytesIO()
    book.save(out)
    (entry,) = import_file(agreement, organisation, reporter, SimpleUploadedFile("t.xlsx", out.getvalue()))
    assert entry.whole_month and entry.date == LAST_MONTH.replace(day=1)


def test_the_optional_columns_may_be_left_out_and_blank_rows_are_skipped(agreement, organisation, reporter):
    upload = csv_file(
        [[DAY, "Promenadgrupper", "2", "1"], ["", "", "", ""], [DAY, "Promenadgrupper", "x", "1"]], header=HEADER[:4]
    )
    with pytest.raises(RowsRefused) as raised:
        import_file(agreement, organisation, reporter, upload)
    assert problems(raised) == [(4, "timmar")]  # the blank row 3 keeps its number


def test_bad_rows_are_told_by_row_and_column_and_nothing_is_saved(agreement, organisation, reporter):
    rows = [
        GOOD_ROWS[0],
        [DAY, "Promenadgrupper", "30", "1", "", ""],  # more than 24 hours for one volunteer
        [DAY, "Bingo", "2", "1", "", ""],  # not an activity of the agreement
        ["2024-13-01", "Promenadgrupper", "2", "1", "", ""],  # no such date
        [DAY, "Promenadgrupper", "två", "1", "", ""],  # not a number
        [(TODAY + datetime.timedelta(days=40)).isoformat(), "Promenadgrupper", "2", "0", "", ""],
        GOOD_ROWS[1],
    ]
    with pytest.raises(RowsRefused) as raised:
        import_file(agreement, organisation, reporter, csv_file(rows))
    assert problems(raised) == [
        (3, "timmar"),
        (4, "aktivitet"),
        (5, "datum"),
        (6, "timmar"),
        (7, "datum"),  # a day that has not come yet
        (7, "volontärer"),
    ]
    assert all(error.message for error in raised.value.errors)
    assert not HourEntry.objects.exists() and not MonthReport.objects.exists()


def test_a_month_that_has_been_submitted_is_refused_at_its_date(agreement, organisation, reporter):
    entry = services.hours_log(
        by=reporter,
        agreement=agreement,
        organisation=organisation,
        activity=agreement_activities(agreement).first(),
        date=LAST_MONTH,
        hours=Decimal("1"),
        volunteers=1,
    )
    services.hours_submit_month(by=reporter, report=entry.report)
    with pytest.raises(RowsRefused) as raised:
        import_file(agreement, organisation, reporter, csv_file(GOOD_ROWS))
    assert problems(raised) == [(2, "datum"), (3, "datum"), (4, "datum")]
    assert HourEntry.objects.count() == 1


def _png():
    return SimpleUploadedFile("bild.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


@pytest.mark.parametrize(
    "upload",
    [
        pytest.param(lambda: csv_file(GOOD_ROWS, header=[*HEADER, "namn"]), id="an unknown column"),
        pytest.param(lambda: csv_file(GOOD_ROWS, header=["datum", "aktivitet", "timmar"]), id="a missing column"),
        pytest.param(lambda: csv_file([], header=HEADER), id="only the headings"),
        pytest.param(lambda: SimpleUploadedFile("timmar.csv", b""), id="empty"),
        pytest.param(lambda: SimpleUploadedFile("timmar.csv", b"\xef\xbb\xbf\r\n"), id="blank"),
        pytest.param(_png, id="a picture"),
        pytest.param(lambda: SimpleUploadedFile("timmar.xlsx", b"PK\x03\x04 not a workbook"), id="a broken xlsx"),
        pytest.param(
            lambda: SimpleUploadedFile("timmar.csv", b"datum;aktivitet;timmar;volont\x81rer\n"),
            id="neither utf-8 nor windows-1252",
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_a_message(agreement, organisation, reporter, upload):
    with pytest.raises(imports.ImportRefused) as raised:
        import_file(agreement, organisation, reporter, upload())
    assert raised.value.message


def test_the_refusal_names_the_unknown_columns(agreement, organisation, reporter):
    with pytest.raises(imports.ImportRefused) as raised:
        import_file(agreement, organisation, reporter, csv_file(GOOD_ROWS, header=[*HEADER, "Namn", "telefon"]))
    assert "namn, telefon" in raised.value.message


def test_a_file_over_the_size_limit_is_refused(agreement, organisation, reporter, monkeypatch):
    monkeypatch.setattr(imports, "MAX_BYTES", 100)
    with pytest.raises(imports.ImportRefused):
        import_file(agreement, organisation, reporter, csv_file(GOOD_ROWS * 3))


@pytest.mark.parametrize("make", [csv_file, xlsx_file])
def test_a_file_with_too_many_rows_is_refused(agreement, organisation, reporter, monkeypatch, make):
    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    assert len(import_file(agreement, organisation, reporter, make(GOOD_ROWS))) == 3
    with pytest.raises(imports.ImportRefused):
        import_file(agreement, organisation, reporter, make(GOOD_ROWS + GOOD_ROWS[:1]))


def test_the_history_of_imported_entries_records_who_imported_them(agreement, organisation, reporter):
    import_file(agreement, organisation, reporter, csv_file(GOOD_ROWS))
    for entry in HourEntry.objects.all():
        assert entry.created_by == reporter
        assert [(record.history_type, record.history_user) for record in entry.history.all()] == [("+", reporter)]


def test_many_rows_take_as_many_queries_as_a_few(
    agreement, organisation, reporter, django_assert_num_queries, monkeypatch
):
    # Django 5.2 batches inserts on SQLite by the limit of 999 variables of SQLite before
    # 3.32; today's SQLite takes 32 766, as PostgreSQL does more. With that limit, 100 rows
    # are one insert, and the count shows that nothing is asked per row.
    monkeypatch.setattr(connection.features, "max_query_params", 32_766)
    activity = agreement_activities(agreement).first()

    def rows(count):
        return [{"activity": activity, "date": LAST_MONTH, "hours": Decimal("1"), "volunteers": 1}] * count

    log = {"by": reporter, "agreement": agreement, "organisation": organisation}
    services.hours_log_many(**log, rows=rows(1))  # the month's report exists from here on
    with CaptureQueriesContext(connection) as few:
        services.hours_log_many(**log, rows=rows(10))
    with django_assert_num_queries(len(few.captured_queries)):
        services.hours_log_many(**log, rows=rows(100))
    assert HourEntry.objects.count() == 111


# --- The page ---------------------------------------------------------------------------


def test_the_upload_page_offers_the_templates_and_says_no_personal_data_is_kept(
    client_as, agreement, organisation, reporter
):
    response = client_as(reporter).get(upload_url(agreement, organisation))
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("followup:hours-template", kwargs={"fmt": "csv"}) in page
    assert reverse("followup:hours-template", kwargs={"fmt": "xlsx"}) in page
    assert 'accept=".csv,.txt,.xlsx"' in page and 'enctype="multipart/form-data"' in page
    assert page.count("<h1") == 1


def test_the_preview_saves_nothing_and_the_save_saves_every_row(client_as, agreement, organisation, reporter):
    client = client_as(reporter)
    url = upload_url(agreement, organisation)
    response = client.post(url, {"action": "preview", "file": csv_file(GOOD_ROWS)})
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview["count"] == 3 and [row["number"] for row in preview["rows"]] == [2, 3, 4]
    assert preview["token"] and not response.context["errors"]
    assert not HourEntry.objects.exists() and not MonthReport.objects.exists()

    response = client.post(url, {"action": "save", "token": preview["token"]})
    assert response.status_code == 302
    assert response["Location"] == reverse("followup:hours-month", args=[agreement.pk, organisation.pk, MONTH])
    assert HourEntry.objects.count() == 3
    assert {record.history_user for record in HourEntry.history.all()} == {reporter}

    again = client.post(url, {"action": "save", "token": preview["token"]})  # the rows are kept once only
    assert again.status_code == 302 and again["Location"] == url
    assert HourEntry.objects.count() == 3


def test_the_preview_shows_every_error_by_row_and_column(client_as, agreement, organisation, reporter):
    rows = [GOOD_ROWS[0], [DAY, "Promenadgrupper", "30", "1", "", ""], [DAY, "Bingo", "två", "1", "", ""]]
    response = client_as(reporter).post(
        upload_url(agreement, organisation), {"action": "preview", "file": csv_file(rows)}
    )
    assert response.status_code == 200
    assert [(error.row, error.column) for error in response.context["errors"]] == [
        (3, "timmar"),
        (4, "aktivitet"),
        (4, "timmar"),
    ]
    assert response.context["preview"]["token"] is None  # nothing to save
    page = response.content.decode()
    assert (
        'class="alert alert-danger" role="alert" data-error-summary tabindex="-1"' in page and "Bingo" in page
    )  # focused
    assert not HourEntry.objects.exists()


def test_the_save_tells_what_changed_since_the_preview(client_as, agreement, organisation, reporter):
    client = client_as(reporter)
    url = upload_url(agreement, organisation)
    token = client.post(url, {"action": "preview", "file": csv_file(GOOD_ROWS)}).context["preview"]["token"]
    entry = services.hours_log(
        by=reporter,
        agreement=agreement,
        organisation=organisation,
        activity=agreement_activities(agreement).first(),
        date=LAST_MONTH,
        hours=Decimal("1"),
        volunteers=1,
    )
    services.hours_submit_month(by=reporter, report=entry.report)
    response = client.post(url, {"action": "save", "token": token})
    assert response.status_code == 200
    assert [(error.row, error.column) for error in response.context["errors"]] == [
        (2, "datum"),
        (3, "datum"),
        (4, "datum"),
    ]
    assert HourEntry.objects.count() == 1


def test_an_excel_file_is_previewed_and_saved(client_as, agreement, organisation, reporter):
    client = client_as(reporter)
    url = upload_url(agreement, organisation)
    response = client.post(url, {"action": "preview", "file": xlsx_file(GOOD_ROWS)})
    assert not response.context["errors"]
    client.post(url, {"action": "save", "token": response.context["preview"]["token"]})
    assert HourEntry.objects.count() == 3


@pytest.mark.parametrize(
    "upload",
    [
        pytest.param(lambda: csv_file(GOOD_ROWS, header=[*HEADER, "namn"]), id="wrong columns"),
        pytest.param(lambda: SimpleUploadedFile("timmar.csv", b"\xef\xbb\xbf"), id="empty"),
        pytest.param(_png, id="a picture"),
        pytest.param(lambda: csv_file(GOOD_ROWS * 20), id="too large"),
        pytest.param(lambda: xlsx_file(GOOD_ROWS * 2), id="too many rows"),
    ],
)
def test_the_page_refuses_a_file_it_cannot_read_at_the_field(
    client_as, agreement, organisation, reporter, monkeypatch, upload
):
    monkeypatch.setattr(imports, "MAX_BYTES", 1000)
    monkeypatch.setattr(imports, "MAX_ROWS", 5)
    response = client_as(reporter).post(upload_url(agreement, organisation), {"action": "preview", "file": upload()})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert response.context["preview"] is None and not HourEntry.objects.exists()


def test_the_page_refuses_a_post_without_a_file(client_as, agreement, organisation, reporter):
    response = client_as(reporter).post(upload_url(agreement, organisation), {"action": "preview"})
    assert response.status_code == 200 and response.context["form"].errors["file"]


def test_a_partner_of_another_organisation_gets_404(client_as, agreement, organisation):
    stranger = reporter_for(OrganisationFactory())
    client = client_as(stranger)
    url = upload_url(agreement, organisation)
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "preview", "file": csv_file(GOOD_ROWS)}).status_code == 404
    own = stranger.organisations.get()
    assert client.get(upload_url(agreement, own)).status_code == 404  # not a party of the agreement
    assert not HourEntry.objects.exists()


def test_municipal_users_may_not_upload_hours(client_as, agreement, organisation, viewer, planner):
    for user in (viewer, planner):
        assert client_as(user).get(upload_url(agreement, organisation)).status_code == 403


def test_the_upload_needs_a_login(client, agreement, organisation):
    assert client.get(upload_url(agreement, organisation)).status_code == 302
    assert client.get(reverse("followup:hours-template", kwargs={"fmt": "csv"})).status_code == 302


# --- The templates ----------------------------------------------------------------------


def test_the_csv_template_has_the_exact_header_and_examples(client_as, reporter):
    response = client_as(reporter).get(reverse("followup:hours-template", kwargs={"fmt": "csv"}))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="timmar-mall.csv"' in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == HEADER
    assert len(lines) == 3 and all(line[5] for line in lines[1:])  # the examples say they are examples


def test_the_excel_template_has_the_exact_header_and_examples(client_as, reporter):
    response = client_as(reporter).get(reverse("followup:hours-template", kwargs={"fmt": "xlsx"}))
    assert response.status_code == 200
    assert 'filename="timmar-mall.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    lines = [list(line) for line in sheet.iter_rows(values_only=True)]
    assert lines[0] == HEADER
    assert len(lines) == 3 and all(line[5] for line in lines[1:])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_templates_examples_import(agreement, organisation, reporter, fmt):
    content = {"csv": imports.template_csv, "xlsx": imports.template_xlsx}[fmt]()
    rows = imports.read_rows(SimpleUploadedFile(f"timmar-mall.{fmt}", content))
    entries = import_file(agreement, organisation, reporter, SimpleUploadedFile(f"mall.{fmt}", content))
    assert [row["row"] for row in rows] == [2, 3] and len(entries) == 2


def test_an_unknown_template_format_is_404(client_as, reporter):
    assert client_as(reporter).get(reverse("followup:hours-template", kwargs={"fmt": "pdf"})).status_code == 404
