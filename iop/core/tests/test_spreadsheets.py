import csv
import datetime
import io
from decimal import Decimal

import openpyxl

from iop.core.spreadsheets import AMOUNT, DATE, HOURS, PERCENT, Column, Table, to_csv, to_xlsx


def table(**kwargs):
    columns = [
        Column("Namn"),
        Column("Belopp", AMOUNT, places=0),
        Column("Timmar", HOURS, places=1),
        Column("Dag", DATE),
        Column("Andel", PERCENT),
    ]
    rows = [
        ["=HYPERLINK(1)", Decimal("1234.5"), Decimal("2.5"), datetime.date(2024, 3, 1), Decimal("0.195")],
        ["Summa", Decimal("1000000"), Decimal("10"), None, Decimal("0.2")],
    ]
    return Table("Blad", columns, rows, **kwargs)


def read_csv(content):
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_has_a_bom_semicolons_and_decimal_commas():
    content = to_csv(table())
    assert b"\r\n" in content
    header, first, total = read_csv(content)
    assert header == ["Namn", "Belopp", "Timmar", "Dag", "Andel"]
    assert first == ["'=HYPERLINK(1)", "1235", "2,5", "2024-03-01", "19,5"]  # kronor rounded half up
    assert total == ["Summa", "1000000", "10", "", "20,0"]


def test_text_that_starts_a_formula_stays_text_in_the_csv():
    starts = ["=1", "+1", "-1", "@a", "\tx", "\rx"]
    rows = [[text, None, None, None, None] for text in starts]
    lines = read_csv(to_csv(Table("Blad", table().columns, rows)))[1:]
    assert [line[0] for line in lines] == ["'=1", "'+1", "'-1", "'@a", "'\tx", "'\rx"]


def test_numbers_in_a_text_column_keep_their_decimals():
    rows = [["a", Decimal("599675.50")], ["b", Decimal("-300")], ["c", 2024]]
    lines = read_csv(to_csv(Table("Blad", [Column("Vad"), Column("Värde")], rows)))[1:]
    assert lines == [["a", "599675,5"], ["b", "-300"], ["c", "2024"]]  # a number, not a formula


def test_several_tables_follow_each_other_under_their_titles():
    columns = [Column("A"), Column("B")]
    content = to_csv(Table("Ett", columns, [["x", 1]]), Table("Två", columns, [["y", 2]]))
    assert read_csv(content) == [["Ett"], ["A", "B"], ["x", "1"], [], ["Två"], ["A", "B"], ["y", "2"]]


def test_the_workbook_has_number_formats_and_text_stays_text():
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(table(totals=True, wrap=True), title="Filen")))
    assert book.properties.title == "Filen"
    sheet = book["Blad"]
    assert sheet.freeze_panes == "A2"
    assert [cell.value for cell in sheet[1]] == ["Namn", "Belopp", "Timmar", "Dag", "Andel"]
    assert all(cell.font.bold for cell in sheet[1]) and all(cell.font.bold for cell in sheet[3])
    assert not sheet.cell(2, 1).font.bold
    name, amount, hours, day, share = sheet[2]
    assert name.data_type == "s" and name.value == "=HYPERLINK(1)"
    assert amount.value == 1234.5 and amount.number_format == '#,##0 "kr"'  # rounded only on show
    assert hours.value == 2.5 and hours.number_format == "#,##0.0"
    assert day.value == datetime.datetime(2024, 3, 1) and day.number_format == "yyyy-mm-dd"
    assert share.value == 0.195 and share.number_format == "0.0%"
    assert name.alignment.wrap_text and name.alignment.vertical == "top"


def test_a_workbook_has_a_sheet_per_table_with_the_column_widths():
    columns = [Column("A", width=30), Column("B")]
    long = "Ett namn som är längre än Excel tillåter"
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(Table(long, columns, [["x", 1]]), Table("Två", columns))))
    assert book.sheetnames == [long[:31], "Två"]
    sheet = book.worksheets[0]
    assert sheet.column_dimensions["A"].width == 30 and sheet.column_dimensions["B"].width == 16
    assert not sheet.cell(2, 1).font.bold  # no totals row
    assert not sheet.cell(2, 1).alignment.wrap_text
