"""Tables for download: one `Table` of typed columns, written as CSV for Swedish Excel or as
an .xlsx workbook with number formats.

CSV: UTF-8 with a BOM (Excel then reads it as UTF-8), semicolons, a decimal comma.
Text that a spreadsheet would take for a formula stays text in both formats (CSV injection).
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from iop.core.formatting import percent

TEXT = "text"
AMOUNT = "amount"  # kronor
HOURS = "hours"
DATE = "date"
PERCENT = "percent"  # a share as a fraction: 0.195 is 19,5 %
TYPED = "typed"  # a column the user fills in: the workbook keeps what is typed as text ("2026-03")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"

# The thousands separator in Excel's format codes is ","; Swedish Excel shows a space.
NUMBER_FORMATS = {
    AMOUNT: '#,##0 "kr"',
    HOURS: "#,##0.0",
    DATE: "yyyy-mm-dd",
    PERCENT: "0.0%",
    TYPED: "@",
}
# A cell starting with one of these is a formula to a spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Column:
    title: str
    kind: str = TEXT
    width: int = 16  # in the workbook, in characters
    places: int | None = None  # decimals a number keeps in CSV (rounded half up); None: as it is


@dataclass
class Table:
    """Rows of cells under typed columns: numbers as Decimal or int, shares as fractions.
    A cell of a text column may hold a number too; it is written as a number."""

    title: str  # the sheet's name; a heading in a CSV of several tables
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    totals: bool = False  # the last row sums the others (bold in the workbook)
    wrap: bool = False  # text wraps in its cell in the workbook

    @property
    def headers(self) -> list[str]:
        return [column.title for column in self.columns]

    @property
    def lines(self):
        """Each row as [(cell, column)], for a page that shows the table."""
        return [list(zip(row, self.columns, strict=True)) for row in self.rows]


def as_text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def _number_text(value, places) -> str:
    value = Decimal(value)
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f").replace(".", ",")  # a decimal comma, as Swedish Excel reads it


def csv_cell(value, column: Column) -> str:
    if value is None:
        return ""
    if column.kind == PERCENT and isinstance(value, Decimal | int):
        return str(percent(Decimal(value))).replace(".", ",")
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return _number_text(value, column.places)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return as_text(str(value))


def to_csv(*tables: Table) -> bytes:
    """The tables one after the other, a blank line between; each under its title when
    there are several."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for number, table in enumerate(tables):
        if number:
            writer.writerow([])
        if len(tables) > 1:
            writer.writerow([table.title])
        writer.writerow(table.headers)
        for row in table.rows:
            writer.writerow([csv_cell(cell, column) for cell, column in zip(row, table.columns, strict=True)])
    return out.getvalue().encode("utf-8")


def to_xlsx(*tables: Table, title: str | None = None) -> bytes:
    """One sheet per table, the headers frozen above the rows."""
    from openpyxl import Workbook  # only a download needs it
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    if title:
        workbook.properties.title = title
    for table in tables:
        sheet = workbook.create_sheet(table.title[:31])  # Excel's longest sheet name
        sheet.append(table.headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
            line = sheet.max_row
            for cell, column in zip(sheet[line], table.columns, strict=False):
                if column.kind in NUMBER_FORMATS:
                    cell.number_format = NUMBER_FORMATS[column.kind]
                if cell.data_type == "f":  # openpyxl takes "=…" for a formula; ours is text
                    cell.data_type = "s"
                if table.wrap:
                    cell.alignment = Alignment(vertical="top", wrap_text=isinstance(cell.value, str))
        if table.totals and table.rows:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        for index, column in enumerate(table.columns, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = column.width
            if column.kind == TYPED:  # the cells typed later too, and the heading
                sheet.column_dimensions[letter].number_format = NUMBER_FORMATS[TYPED]
                sheet[f"{letter}1"].number_format = NUMBER_FORMATS[TYPED]
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
