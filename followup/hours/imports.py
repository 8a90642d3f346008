# Long module: one file format, read defensively (CSV and Excel, hostile archives), and its template.
"""Hours from a file: a CSV or Excel sheet a partner fills in, read, checked and saved all
or nothing through `services.hours_log_many`.

The file has one row of headings, then a row per entry. The headings are Swedish, as the
partners see them, in any case and order (the template has them in this order):

    datum       2026-03-14, or 2026-03 for hours given over the whole month
    aktivitet   the activity's name as in the agreement (any case)
    timmar      2,5 or 2.5
    volontärer  a whole number
    plats       optional
    anteckning  optional

Rows are numbered as a spreadsheet numbers them: the headings are row 1. A CSV file may be
in UTF-8, UTF-16 or Windows-1252, with ";", "," or tabs between the values.
"""

import codecs
import contextlib
import csv
import datetime
import io
import re
import unicodedata
import warnings
import zipfile
from collections import Counter
from decimal import Decimal, InvalidOperation

from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from followup.hours import services, xlsx_check
from followup.hours.services import RowError, RowsRefused
from iop.core.spreadsheets import TEXT, TYPED, Column, Table, to_csv, to_xlsx

COLUMNS = ["datum", "aktivitet", "timmar", "volontärer", "plats", "anteckning"]
REQUIRED = COLUMNS[:4]
# The service's field names as the file names them. A month that is locked is a problem
# of the date's month; "organisation" concerns no column.
COLUMN_OF_FIELD = {
    "date": "datum",
    "whole_month": "datum",
    "activity": "aktivitet",
    "hours": "timmar",
    "volunteers": "volontärer",
    "place": "plats",
    "note": "anteckning",
    "": "datum",
    "organisation": "",
}
MAX_BYTES = 5 * 1024 * 1024
# Rows after the headings, counted by their numbers: blank rows count, so that a sheet
# whose second row is numbered 100 000 000 is refused at row MAX_ROWS + 2, not walked.
MAX_ROWS = 50_000
MAX_COLUMNS = 50  # more is not a sheet of hours; reading stops there
MAX_CELL = xlsx_check.MAX_CELL
SHOWN = 300  # the most characters of a cell the preview shows
QUOTED = 100  # … and a message quotes
EXTENSIONS = {"csv", "txt", "xlsx"}
EXTRA = "+"  # the key of the values a row has beyond its headings (see read_rows)

XLSX_SIGNATURE = b"PK\x03\x04"  # a zip archive, as every .xlsx is
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # the old binary Excel format, and an .xlsx with a password
ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # what an .xlsx with a password holds
PDF_SIGNATURE = b"%PDF-"
OPENDOCUMENT = b"application/vnd.oasis.opendocument"
# Text with a byte order mark says its encoding: Excel's "Unicode text" is UTF-16.
BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
]
LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
FIRST_LINE = re.compile(r"[^\r\n]+")


class ImportRefused(Exception):
    """The file as a whole cannot be read: not CSV or Excel, empty, wrong columns, too big."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# --- Reading ----------------------------------------------------------------------------


def _key(text) -> str:
    """Headings and activity names compare in any case and Unicode form (å typed on a Mac)."""
    return unicodedata.normalize("NFC", str(text)).strip().casefold()


def shown(text, limit=SHOWN) -> str:
    """A cell as the page shows it: a cell may hold 32 767 characters."""
    return Truncator(text).chars(limit)


def _grouped(number):
    return number_format(number, force_grouping=True)


def read_rows(upload) -> list[dict]:
    """The data rows of an uploaded CSV or XLSX file, as text: [{"row": 2, "datum": …}].

    Blank rows are left out (their numbers too). Values beyond the headings' columns are
    kept under EXTRA, for `parse` to report. The file is read a row at a time and no
    further than row MAX_ROWS + 1. Raises ImportRefused with the reason.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ImportRefused(_too_large(size))
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImportRefused(_too_large(len(data)))
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise ImportRefused(_("The file is empty."))
    name = getattr(upload, "name", "") or ""
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if data.startswith(OLE_SIGNATURE):
        if ENCRYPTED in data:
            raise ImportRefused(_("The Excel file is protected by a password: save it without one, then upload it."))
        raise ImportRefused(_("Old Excel files (.xls) cannot be read: save the file as .xlsx or as CSV."))
    if data.startswith(PDF_SIGNATURE):
        raise ImportRefused(_("The file is a PDF document: upload the CSV or Excel file with the hours."))
    if extension and extension not in EXTENSIONS:
        raise ImportRefused(_not_a_sheet())
    lines = _xlsx_lines(data) if data.startswith(XLSX_SIGNATURE) else _csv_lines(data)
    with contextlib.closing(lines):  # an .xlsx open in a refused file is closed at once
        return _rows(lines)


def _too_large(size):
    return _("The file is %(size)s; at most %(limit)s can be uploaded.") % {
        "size": filesizeformat(size),
        "limit": filesizeformat(MAX_BYTES),
    }


def _not_a_sheet():
    return _("The file is neither a CSV file nor an Excel file (.xlsx).")


def _decode(data) -> str:
    """The text of a CSV file: UTF-8 or UTF-16 as a byte order mark says, else UTF-16 by its
    zero bytes, else UTF-8, else Windows-1252 (Swedish Excel's "CSV (semikolonavgränsad)")."""
    for bom, codec, encoding in BOMS:
        if data.startswith(bom):
            return _decoded(data, codec, encoding)
    codec = _utf16_without_bom(data)
    if codec:
        return _decoded(data, codec, "UTF-16")
    if b"\x00" in data:
        raise ImportRefused(_not_a_sheet())
    for codec in ("utf-8", "cp1252"):
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode(codec)
    raise ImportRefused(_("The file is text, but neither UTF-8 nor Windows-1252. In Excel, save it as “CSV UTF-8”."))


def _decoded(data, codec, encoding):
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        raise ImportRefused(
            _("The file is %(encoding)s text, but damaged. In Excel, save it again as “CSV UTF-8”.")
            % {"encoding": encoding}
        ) from None


def _utf16_without_bom(data):
    """'utf-16-le' or 'utf-16-be' when the start looks like UTF-16 text: in headings of
    letters every other byte is zero, and only those."""
    sample = data[:4096]
    if len(sample) < 4 or len(data) % 2:
        return None
    for codec, zeros, letters in (("utf-16-le", sample[1::2], sample[0::2]), ("utf-16-be", sample[0::2], sample[1::2])):
        if zeros.count(0) >= 0.9 * len(zeros) and not letters.count(0):
            return codec
    return None


def _csv_lines(data):
    text = _decode(data)
    if "\x00" in text:
        raise ImportRefused(_not_a_sheet())
    if not text.strip():
        raise ImportRefused(_("The file is empty."))
    header = FIRST_LINE.search(text).group()
    separator = max([";", ",", "\t"], key=header.count)  # Excel's Unicode text has tabs
    lines = (match.group() for match in LINE.finditer(text))  # one at a time, not a copy
    read = 0  # rows, which a quoted value may spread over lines
    try:
        for cells in csv.reader(lines, delimiter=separator):
            read += 1
            yield cells
    except csv.Error as error:
        if "field larger than field limit" in str(error):  # the csv module's own, of 131 072
            raise ImportRefused(_cell_too_long(read + 1)) from None
        raise ImportRefused(_("The CSV file cannot be read: %(error)s") % {"error": error}) from None


def _xlsx_lines(data):
    import openpyxl  # only an upload needs it
    from openpyxl.cell.read_only import EMPTY_CELL

    _check_archive(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of styles and extensions it skips
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                # max_row bounds the rows openpyxl makes up for missing row numbers, and
                # reads past a <dimension> that claims fewer rows than there are.
                sheet = book.worksheets[0]
                for cells in sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS):
                    yield ["" if cell is EMPTY_CELL else _cell_text(cell) for cell in cells]
            finally:
                book.close()
    except ImportRefused:
        raise
    except Exception:  # whatever breaks in an unreadable archive, the file is refused
        raise ImportRefused(_not_a_sheet()) from None


def _check_archive(data):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if _member_starts(archive, "mimetype", OPENDOCUMENT):
            raise ImportRefused(_("The file is an OpenDocument spreadsheet (.ods): save it as .xlsx or as CSV."))
        xlsx_check.check(archive)
    except ImportRefused:
        raise
    except xlsx_check.Refused as refused:
        raise ImportRefused(_archive_refused(refused)) from None
    except Exception:  # not a zip archive after all, or one zipfile cannot unpack
        raise ImportRefused(_not_a_sheet()) from None


def _member_starts(archive, name, start) -> bool:
    try:
        member = archive.getinfo(name)
    except KeyError:
        return False
    return member.file_size < 200 and archive.read(member).startswith(start)


def _archive_refused(refused):
    if refused.reason == "unpacked":
        return _(
            "The Excel file unpacks to %(size)s; at most %(limit)s can be read. "
            "Copy the rows into the template and upload that."
        ) % {"size": filesizeformat(refused.size), "limit": filesizeformat(xlsx_check.MAX_UNPACKED)}
    if refused.reason == "cell":
        return _("The Excel file has a cell of more than %(limit)s characters, more than Excel allows.") % {
            "limit": _grouped(MAX_CELL)
        }
    return _(
        "The Excel file is not built as Excel builds a workbook (%(part)s) and cannot be read safely. "
        "Copy the rows into the template and upload that."
    ) % {"part": shown(refused.part, QUOTED)}


def _numbered(lines):
    """(row number, cells) of each line, refusing a row past MAX_ROWS + 1 or a cell longer
    than Excel holds."""
    for number, cells in enumerate(lines, start=1):
        if number > MAX_ROWS + 1:
            raise ImportRefused(_past_the_end())
        if max(map(len, cells), default=0) > MAX_CELL:
            raise ImportRefused(_cell_too_long(number))
        yield number, cells


def _past_the_end():
    # Said the same whether the row past the end is filled or empty: in a sheet, the
    # rows in between may be empty, or there may be many.
    return _(
        "The file goes on below row %(last)s, where it must end: at most %(limit)s rows of hours can be "
        "imported at once. Split it into smaller files, or delete the empty rows at its end."
    ) % {"last": _grouped(MAX_ROWS + 1), "limit": _grouped(MAX_ROWS)}


def _cell_too_long(number):
    return _("Row %(row)s has a value of more than %(limit)s characters, more than a cell of Excel holds.") % {
        "row": number,
        "limit": _grouped(MAX_CELL),
    }


def _cell_text(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        day = value.date() if isinstance(value, datetime.datetime) else value
        return f"{day:%Y-%m}" if _month_format(cell.number_format) else day.isoformat()
    if isinstance(value, float):  # as Excel shows it: 15 digits, so 2.3 stays 2.3
        return f"{value:.15g}"
    return str(value)


def _month_format(number_format) -> bool:
    """A date cell formatted without the day ("yyyy-mm", "mmm-yy"): a whole month."""
    visible = re.sub(r'"[^"]*"|\[[^\]]*\]', "", (number_format or "").lower())
    return "y" in visible and "d" not in visible


def _rows(lines) -> list[dict]:
    numbered = _numbered(lines)
    _number, first = next(numbered, (1, []))
    headings = [_key(cell) for cell in first]
    while headings and not headings[-1]:
        headings.pop()
    if not headings:
        if any(any(cell.strip() for cell in cells) for _number, cells in numbered):
            raise ImportRefused(_("The first row must hold the column headings: %(columns)s.") % _named(COLUMNS))
        raise ImportRefused(_("The file is empty."))
    _check_headings(headings)
    rows = []
    for number, cells in numbered:
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        row = {"row": number}
        row.update(zip(headings, cells + [""] * (len(headings) - len(cells)), strict=False))
        extra = [cell for cell in cells[len(headings) :] if cell]
        if extra:
            row[EXTRA] = len(headings) + len(extra)
        rows.append(row)
    if not rows:
        raise ImportRefused(_("The file has the headings but no rows of hours."))
    return rows


def _named(columns):
    return {"columns": ", ".join(columns)}


def _listed(names, most=5):
    """A few names, each cut short: a heading may be a cell of 32 767 characters."""
    listed = [shown(name, 30) for name in names[:most]]
    return ", ".join(listed + (["…"] if len(names) > most else []))


def _check_headings(headings):
    if len(headings) > MAX_COLUMNS:
        raise ImportRefused(
            _("The first row has %(count)s columns, more than a sheet of hours has. The columns are: %(columns)s.")
            % {"count": _grouped(len(headings)), "columns": ", ".join(COLUMNS)}
        )
    if "" in headings:
        raise ImportRefused(
            _("Column %(number)s has no heading.") % {"number": headings.index("") + 1},
        )
    unknown = [heading for heading in headings if heading not in COLUMNS]
    if unknown:
        raise ImportRefused(
            _("Unknown columns: %(unknown)s. The columns are: %(columns)s.")
            % {"unknown": _listed(unknown), "columns": ", ".join(COLUMNS)}
        )
    counted = Counter(headings)
    twice = sorted((heading for heading, count in counted.items() if count > 1), key=COLUMNS.index)
    if twice:
        raise ImportRefused(_("Columns given twice: %(columns)s.") % _named(twice))
    missing = [column for column in REQUIRED if column not in headings]
    if missing:
        raise ImportRefused(_("Columns missing: %(columns)s.") % _named(missing))


# --- Parsing ----------------------------------------------------------------------------

DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
MONTH = re.compile(r"(\d{4})-(\d{1,2})")
NUMBER = re.compile(r"-?(\d+([.,]\d*)?|[.,]\d+)")
WHOLE = re.compile(r"-?\d+")


def parse(rows, agreement) -> tuple[list[dict], list[RowError]]:
    """Text into the values hours_log_many takes: (rows that could be read, errors).

    Each row read keeps its file row under "row", which hours_log_many reports errors by.
    Whether the values keep the rules (a date within the period, 24 hours per volunteer
    and day…) is the service's to say.
    """
    activities = {_key(activity.name): activity for activity in services.agreement_activities(agreement)}
    valid, errors = [], []
    for raw in rows:
        number = raw["row"]
        row, problems = {"row": number}, []

        def problem(column, message, number=number, problems=problems):
            problems.append(RowError(number, column, message))

        if raw.get(EXTRA):
            problem(
                "",
                _(
                    "The row has %(count)s values, more than there are columns. "
                    "With comma as the separator, write decimals with a point (2.5) or in quotes."
                )
                % {"count": raw[EXTRA]},
            )
        _parse_date(raw.get("datum", ""), row, problem)
        _parse_activity(raw.get("aktivitet", ""), activities, row, problem)
        _parse_hours(raw.get("timmar", ""), row, problem)
        _parse_volunteers(raw.get("volontärer", ""), row, problem)
        row["place"] = raw.get("plats", "")
        row["note"] = raw.get("anteckning", "")
        if problems:
            errors.extend(problems)
        else:
            valid.append(row)
    return valid, errors


def _required():
    return _("This field is required.")


def _parse_date(text, row, problem):
    if not text:
        return problem("datum", _required())
    for pattern, whole_month in ((DAY, False), (MONTH, True)):
        match = pattern.fullmatch(text)
        if match:
            parts = [int(part) for part in match.groups()] + ([1] if whole_month else [])
            try:
                row["date"] = datetime.date(*parts)
            except ValueError:
                return problem("datum", _("There is no such date: %(value)s.") % {"value": shown(text, QUOTED)})
            row["whole_month"] = whole_month
            return None
    return problem("datum", _("Write the date as YYYY-MM-DD, or as YYYY-MM for a whole month."))


def _parse_activity(text, activities, row, problem):
    if not text:
        return problem("aktivitet", _required())
    activity = activities.get(_key(text))
    if activity is None:
        names = ", ".join(activity.name for activity in activities.values())
        return problem(
            "aktivitet",
            _("“%(value)s” is not one of the agreement's activities: %(activities)s.")
            % {"value": shown(text, QUOTED), "activities": names},
        )
    row["activity"] = activity
    return None


def _parse_hours(text, row, problem):
    if not text:
        return problem("timmar", _required())
    text = "".join(text.replace("\u2212", "-").split())
    if NUMBER.fullmatch(text):
        try:
            row["hours"] = Decimal(text.replace(",", "."))
            return None
        except InvalidOperation:
            pass
    return problem("timmar", _("Write the hours as a number, such as 2,5."))


def _parse_volunteers(text, row, problem):
    if not text:
        return problem("volontärer", _required())
    text = "".join(text.replace("\u2212", "-").split())
    if not WHOLE.fullmatch(text):
        return problem("volontärer", _("Write the number of volunteers as a whole number, such as 3."))
    row["volunteers"] = int(text)
    return None


# --- Checking and saving ----------------------------------------------------------------


def _in_file_terms(errors):
    """The service's errors, with the file's column names."""
    return [RowError(error.row, COLUMN_OF_FIELD.get(error.column, error.column), error.message) for error in errors]


def _in_order(errors):
    order = {column: index for index, column in enumerate(["", *COLUMNS])}
    return sorted(errors, key=lambda error: (error.row, order.get(error.column, len(order))))


def import_rows(*, by, agreement, organisation, rows, errors=(), today=None, check_only=False):
    """Save parsed rows all or nothing; `errors` are those found reading them (then nothing
    is saved, but the rows are still checked, so that every error is told at once).

    Raises RowsRefused with all errors, by the file's rows and columns.
    """
    errors = list(errors)
    try:
        entries = services.hours_log_many(
            by=by,
            agreement=agreement,
            organisation=organisation,
            rows=rows,
            first_row=2,
            today=today,
            check_only=check_only or bool(errors),
        )
    except RowsRefused as refused:
        errors += _in_file_terms(refused.errors)
    if errors:
        raise RowsRefused(_in_order(errors))
    return entries


def check_rows(*, by, agreement, organisation, rows, today=None) -> tuple[list[dict], list[RowError]]:
    """What saving the file's rows would do, without saving: (the parsed rows, every error)."""
    valid, errors = parse(rows, agreement)
    try:
        import_rows(
            by=by,
            agreement=agreement,
            organisation=organisation,
            rows=valid,
            errors=errors,
            today=today,
            check_only=True,
        )
    except RowsRefused as refused:
        return valid, refused.errors
    return valid, []


def import_file(*, by, agreement, organisation, upload, today=None):
    """Read, check and save an uploaded file: every row, or none (RowsRefused, or
    ImportRefused when the file cannot be read at all)."""
    valid, errors = parse(read_rows(upload), agreement)
    return import_rows(by=by, agreement=agreement, organisation=organisation, rows=valid, errors=errors, today=today)


# --- Keeping checked rows between the preview and the save --------------------------------


def to_plain(rows) -> list[list]:
    """Parsed rows as plain values (for the session): [row, date, whole month, activity pk,
    hours, volunteers, place, note]."""
    return [
        [
            row["row"],
            row["date"].isoformat(),
            row["whole_month"],
            row["activity"].pk,
            str(row["hours"]),
            row["volunteers"],
            row["place"],
            row["note"],
        ]
        for row in rows
    ]


def from_plain(plain, agreement) -> list[dict]:
    """Rows kept by to_plain, back as values; an activity no longer of the agreement comes
    back as None, for the service to refuse."""
    activities = {activity.pk: activity for activity in services.agreement_activities(agreement)}
    return [
        {
            "row": number,
            "date": datetime.date.fromisoformat(date),
            "whole_month": whole_month,
            "activity": activities.get(activity),
            "hours": Decimal(hours),
            "volunteers": volunteers,
            "place": place,
            "note": note,
        }
        for number, date, whole_month, activity, hours, volunteers, place, note in plain
    ]


# --- The template ------------------------------------------------------------------------


def template_rows(today=None) -> list[list]:
    """The headings and two example rows, dated last month."""
    today = today or timezone.localdate()
    month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    return [
        COLUMNS,
        [
            month.replace(day=14).isoformat(),
            "Promenadgrupper",
            Decimal("2.5"),
            1,
            "Trädgårdsföreningen",
            _("Example: delete this row"),
        ],
        [
            f"{month:%Y-%m}",
            "Träffpunktsverksamhet",
            Decimal("120"),
            6,
            "",
            _("Example, a whole month: delete this row"),
        ],
    ]


def template_table(today=None) -> Table:
    rows = template_rows(today)
    widths = [12, 28, 10, 12, 24, 40]
    columns = [
        Column(title, TYPED if number == 0 else TEXT, width)
        for number, (title, width) in enumerate(zip(rows[0], widths, strict=True))
    ]
    return Table("Timmar", columns, rows[1:])


def template_csv(today=None) -> bytes:
    return to_csv(template_table(today))


def template_xlsx(today=None) -> bytes:
    return to_xlsx(template_table(today))
