"""Hours files made to hurt: a sheet that jumps to row 100 million, a workbook that
unpacks to far more than it weighs, text in the encodings Excel saves besides UTF-8, and
cells too long to show. Each is refused (or read) in bounded time and memory, with a
message that says what the file is.

The crafted workbooks are built by hand with zipfile, as an attacker would: openpyxl
would not write them."""

import contextlib
import io
import tracemalloc
import zipfile
from xml.sax.saxutils import escape

import openpyxl
import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from followup.hours import imports
from followup.hours.models import HourEntry
from followup.hours.tests.test_upload import DAY, GOOD_ROWS, HEADER, MONTH, import_file, upload_url

MB = 1024 * 1024
EXCEL_CELL = 32_767  # the most characters Excel holds in a cell
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# --- Workbooks by hand ---------------------------------------------------------------------


def row(number, values):
    """A sheet row of inline strings, numbered as the attacker likes."""
    cells = "".join(
        f'<c r="{letter}{number}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
        for letter, value in zip("ABCDEF", values, strict=False)
        if value
    )
    return f'<row r="{number}">{cells}</row>'


def sheet(*rows, dimension=""):
    head = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<worksheet xmlns="{MAIN}">{head}<sheetData>{"".join(rows)}</sheetData></worksheet>'.encode()


def shared_strings(*strings):
    """sharedStrings.xml as chunks. A string is text, or the chunks of its XML (runs, or a
    text too big to hold at once)."""
    yield f'<sst xmlns="{MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">'.encode()
    for string in strings:
        yield b"<si>"
        yield from [f"<t>{escape(string)}</t>".encode()] if isinstance(string, str) else string
        yield b"</si>"
    yield b"</sst>"


def text_of(chunks):
    return [b"<t>", *chunks, b"</t>"]


def workbook(sheet_xml, **parts):
    """The bytes of an .xlsx: the parts every workbook has, the sheet, and `parts` by their
    names in the archive (bytes, or an iterable of byte chunks written one by one)."""
    overrides = {"/xl/workbook.xml": f"{TYPES}.sheet.main+xml", "/xl/worksheets/sheet1.xml": f"{TYPES}.worksheet+xml"}
    relationship = '<Relationship Id="{}" Type="{}/{}" Target="{}"/>'
    related = relationship.format("rId1", RELATIONSHIPS, "worksheet", "worksheets/sheet1.xml")
    for kind, name in [("sharedStrings", "sharedStrings.xml"), ("styles", "styles.xml")]:
        if f"xl/{name}" in parts:
            overrides[f"/xl/{name}"] = f"{TYPES}.{kind}+xml"
            related += relationship.format(f"rId{len(overrides)}", RELATIONSHIPS, kind, name)
    members = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides.items())
            + "</Types>"
        ).encode(),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + relationship.format("rId1", RELATIONSHIPS, "officeDocument", "xl/workbook.xml")
            + "</Relationships>"
        ).encode(),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
            '<sheets><sheet name="Timmar" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + related
            + "</Relationships>"
        ).encode(),
        "xl/worksheets/sheet1.xml": sheet_xml,
        **parts,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            with archive.open(name, "w", force_zip64=True) as member:
                for chunk in [content] if isinstance(content, bytes) else content:
                    member.write(chunk)
    return out.getvalue()


def upload(content, name="timmar.xlsx"):
    return SimpleUploadedFile(name, content)


def many(chunk, times):
    """A part too big to hold: the same chunk, written `times` times."""
    return (chunk for _ in range(times))


@contextlib.contextmanager
def peak_memory():
    """The most memory Python held within the block, in MB: {"mb": …}."""
    measured = {}
    tracemalloc.start()
    try:
        yield measured
    finally:
        measured["mb"] = tracemalloc.get_traced_memory()[1] / MB
        tracemalloc.stop()


def refusal(content, name="timmar.xlsx"):
    with pytest.raises(imports.ImportRefused) as raised:
        imports.read_rows(upload(content, name))
    return raised.value.message


class Opened(BaseException):
    """Raised past the reader's `except Exception`: openpyxl was asked to open the file."""


@pytest.fixture
def openpyxl_must_not_open(monkeypatch):
    """The refusal must come from the look at the archive, before openpyxl parses anything."""

    def forbidden(*args, **kwargs):
        raise Opened("openpyxl was asked to open a workbook the pre-check should have refused")

    monkeypatch.setattr(openpyxl, "load_workbook", forbidden)


GOOD = [DAY, "Promenadgrupper", "2,5", "1", "", ""]


# --- Row numbers (item 1) -----------------------------------------------------------------


def test_a_2_kb_sheet_whose_second_row_is_numbered_100_million_is_refused_in_bounded_memory():
    content = workbook(sheet(row(1, HEADER), row(100_000_000, GOOD)))  # and no <dimension>
    assert len(content) < 3000
    with peak_memory() as peak:
        message = refusal(content)
    assert "50\xa0001" in message and "50\xa0000" in message  # where the file must end, the limit
    assert peak["mb"] < 20  # reading every row up to 100 million took gigabytes


def test_the_row_limit_counts_row_numbers_not_filled_rows(monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 10)
    within = imports.read_rows(upload(workbook(sheet(row(1, HEADER), row(11, GOOD)))))
    assert [line["row"] for line in within] == [11]  # the headings and 10 rows, 9 of them empty
    message = refusal(workbook(sheet(row(1, HEADER), row(12, GOOD))))
    assert "11" in message


def test_a_sheet_past_the_limit_is_refused_even_when_its_dimension_says_it_is_small(monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 10)
    content = workbook(sheet(row(1, HEADER), row(2, GOOD), row(500, GOOD), dimension="A1:F2"))
    assert refusal(content)


def test_rows_below_a_dimension_that_says_less_are_still_read():
    content = workbook(sheet(row(1, HEADER), row(2, GOOD), row(3, GOOD), row(4, GOOD), dimension="A1:F2"))
    assert [line["row"] for line in imports.read_rows(upload(content))] == [2, 3, 4]


def test_errors_name_the_sheets_own_row_numbers_across_gaps(agreement, organisation, reporter):
    bad = [DAY, "Promenadgrupper", "två", "1", "", ""]
    content = workbook(sheet(row(1, HEADER), row(2, GOOD), row(40, bad), row(1000, bad)))
    with pytest.raises(imports.RowsRefused) as raised:
        import_file(agreement, organisation, reporter, upload(content))
    assert [(error.row, error.column) for error in raised.value.errors] == [(40, "timmar"), (1000, "timmar")]


def test_headings_and_megabytes_of_empty_csv_lines_are_refused_in_bounded_memory():
    content = ";".join(HEADER).encode() + b"\r\n" + b";;;;;\r\n" * (5 * MB // 7 - 10)
    assert len(content) <= imports.MAX_BYTES
    with peak_memory() as peak:
        message = refusal(content, "timmar.csv")
    assert "50\xa0001" in message
    assert peak["mb"] < 40  # the file is 5 MB; keeping every line took 476 MB


def test_a_csv_row_past_the_limit_is_refused_however_many_rows_are_blank(monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 10)
    lines = [";".join(HEADER), *[""] * 10, ";".join(GOOD)]
    assert refusal("\r\n".join(lines).encode(), "timmar.csv")
    assert [
        line["row"] for line in imports.read_rows(upload("\r\n".join(lines[:-2] + lines[-1:]).encode(), "t.csv"))
    ] == [11]


# --- Archives that unpack to far more than they weigh (item 2) ---------------------------


def test_a_shared_string_of_40_mb_is_refused_before_anything_is_parsed(openpyxl_must_not_open):
    strings = shared_strings(*HEADER[:4], text_of(many(b"x" * MB, 40)))
    cells = "".join(f'<c r="{letter}1" t="s"><v>{index}</v></c>' for index, letter in enumerate("ABCD"))
    content = workbook(
        sheet(f'<row r="1">{cells}</row><row r="2"><c r="B2" t="s"><v>4</v></c></row>'),
        **{"xl/sharedStrings.xml": strings},
    )
    assert len(content) < 200_000
    with peak_memory() as peak:
        message = refusal(content)
    assert "32\xa0767" in message  # the most characters a cell of Excel holds
    assert peak["mb"] < 20  # openpyxl held 640 MB for a 100 MB string


def test_a_workbook_that_unpacks_to_100_mb_is_refused_unopened(openpyxl_must_not_open):
    padding = many(b"\0" * MB, 100)
    content = workbook(sheet(row(1, HEADER), row(2, GOOD)), **{"xl/media/image1.png": padding})
    with peak_memory() as peak:
        message = refusal(content)
    assert "100,0\xa0MB" in message
    assert peak["mb"] < 10  # the sizes are read from the archive's directory, nothing is unpacked


@pytest.mark.parametrize(
    "part, content, said",
    [
        pytest.param(
            "xl/worksheets/sheet1.xml",
            sheet(row(1, HEADER), '<row r="2"><c r="A2" t="inlineStr"><is><t>' + "y" * 40_000 + "</t></is></c></row>"),
            "32\xa0767",
            id="an inline string longer than a cell holds",
        ),
        pytest.param(
            "xl/sharedStrings.xml",
            shared_strings(*HEADER[:4], [b"<r><t>" + b"z" * 20_000 + b"</t></r>"] * 2),  # each run fits
            "32\xa0767",
            id="a shared string of rich-text runs, longer than a cell holds together",
        ),
        pytest.param(
            "xl/worksheets/sheet1.xml",
            sheet(row(1, HEADER), '<row r="2" x="' + "a" * (2 * MB) + '"/>'),
            "xl/worksheets/sheet1.xml",
            id="a tag of megabytes",
        ),
        pytest.param(
            "xl/worksheets/sheet1.xml",
            b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]><worksheet xmlns="' + MAIN.encode() + b'"/>',
            "xl/worksheets/sheet1.xml",
            id="a document type, where entities hide",
        ),
        pytest.param(
            "xl/worksheets/sheet1.xml",
            sheet(row(1, HEADER), '<row r="2">' + "<c/>" * 100_000 + "</row>"),
            "xl/worksheets/sheet1.xml",
            id="a row of 100 000 cells, built together",
        ),
        pytest.param(
            "xl/worksheets/sheet1.xml",
            sheet(row(1, HEADER)).replace(b"</worksheet>", b"<mergeCells/>" * 20_000 + b"</worksheet>"),
            "xl/worksheets/sheet1.xml",
            id="tens of thousands of parts of a sheet besides its rows, each built",
        ),
        pytest.param(
            "xl/styles.xml",
            [f'<styleSheet xmlns="{MAIN}"><numFmts>'.encode(), *[b"a" * MB] * 9, b"</numFmts></styleSheet>"],
            "xl/styles.xml",
            id="styles of 9 MB, read whole",
        ),
        pytest.param(
            "xl/styles.xml",
            f'<styleSheet xmlns="{MAIN}"><cellXfs count="100000">{"<xf/>" * 100_000}</cellXfs></styleSheet>'.encode(),
            "xl/styles.xml",
            id="styles of 100 000 formats, each built into an object",
        ),
    ],
)
def test_a_workbook_with_a_part_too_big_to_parse_is_refused_unopened(openpyxl_must_not_open, part, content, said):
    parts = {part: content} if part != "xl/worksheets/sheet1.xml" else {}
    sheet_xml = content if part == "xl/worksheets/sheet1.xml" else sheet(row(1, HEADER), row(2, GOOD))
    with peak_memory() as peak:
        message = refusal(workbook(sheet_xml, **parts))
    assert said in message
    assert peak["mb"] < 20


def test_a_sheet_of_rows_numbered_alike_is_refused_unopened(openpyxl_must_not_open, monkeypatch):
    # Rows of one number are not handed on, so the row limit never sees them, but openpyxl
    # keeps an emptied element of each: 2 million rows, 24 MB of XML, took 140 MB.
    from followup.hours import xlsx_check

    monkeypatch.setattr(xlsx_check, "MAX_ELEMENTS", 20_000)
    content = workbook(sheet(row(1, HEADER)).replace(b"</sheetData>", b'<row r="2"/>' * 20_000 + b"</sheetData>"))
    assert "xl/worksheets/sheet1.xml" in refusal(content)


def test_an_archive_of_more_parts_than_a_workbook_has_is_refused_unopened(openpyxl_must_not_open):
    parts = {f"xl/media/{number}.txt": b"" for number in range(2000)}
    assert "xl/media/" in refusal(workbook(sheet(row(1, HEADER)), **parts))


def test_a_cell_as_long_as_excel_allows_is_read():
    longest = "n" * EXCEL_CELL
    cells = "".join(f'<c r="{letter}1" t="s"><v>{index}</v></c>' for index, letter in enumerate("ABCDEF"))
    strings = shared_strings(*HEADER, "ö" * EXCEL_CELL)  # two bytes a character
    content = workbook(
        sheet(
            f'<row r="1">{cells}</row>', row(2, [*GOOD[:5], longest]), '<row r="3"><c r="F3" t="s"><v>6</v></c></row>'
        ),
        **{"xl/sharedStrings.xml": strings},
    )
    lines = imports.read_rows(upload(content))
    assert [line["anteckning"] for line in lines] == [longest, "ö" * EXCEL_CELL]


def test_long_text_outside_the_cells_is_no_cell():
    # Power Query keeps its queries as one long text in a part openpyxl does not read.
    mashup = f'<DataMashup xmlns="http://schemas.microsoft.com/DataMashup">{"QUJD" * 50_000}</DataMashup>'
    content = workbook(sheet(row(1, HEADER), row(2, GOOD)), **{"customXml/item1.xml": mashup.encode()})
    assert [line["row"] for line in imports.read_rows(upload(content))] == [2]


def test_a_csv_cell_longer_than_excel_allows_is_refused_at_its_row():
    lines = [";".join(HEADER), ";".join(GOOD), ";".join([*GOOD[:5], "n" * (EXCEL_CELL + 1)])]
    message = refusal("\r\n".join(lines).encode(), "timmar.csv")
    assert "3" in message and "32\xa0767" in message


def test_a_csv_cell_beyond_the_csv_modules_own_limit_is_refused_with_the_same_message():
    lines = [";".join(HEADER), ";".join([*GOOD[:5], '"' + "n" * 200_000 + '"'])]
    assert "32\xa0767" in refusal("\r\n".join(lines).encode(), "timmar.csv")


def test_a_heading_row_of_thousands_of_columns_is_refused_at_once():
    # Each heading was counted against every other: a 5 MB row of "datum;" did not end.
    message = refusal(("datum;" * 800_000).encode(), "timmar.csv")
    assert "800\xa0000" in message


def test_unknown_headings_are_named_in_a_few_hundred_characters():
    headings = [*HEADER, *[f"{number}" + "k" * 1000 for number in range(40)]]
    message = refusal(";".join(headings).encode(), "timmar.csv")
    assert len(message) < 600


# --- Never echo a whole cell -------------------------------------------------------------


def test_an_unknown_activity_is_named_in_a_few_hundred_characters(agreement):
    rows = imports.read_rows(upload("\r\n".join([";".join(HEADER), f"{DAY};{'B' * 30_000};2;1;;"]).encode(), "t.csv"))
    _valid, errors = imports.parse(rows, agreement)
    (error,) = errors
    assert error.column == "aktivitet" and len(error.message) < 600


def test_the_preview_shows_a_few_hundred_characters_of_a_long_cell(client_as, agreement, organisation, reporter):
    note = "anteckning " * 2900  # 31 900 characters: a cell Excel allows, a note too long to save
    content = "\r\n".join([";".join(HEADER), ";".join([*GOOD[:5], note]), ";".join(GOOD)])
    response = client_as(reporter).post(
        upload_url(agreement, organisation), {"action": "preview", "file": upload(content.encode(), "t.csv")}
    )
    assert response.status_code == 200
    assert [(error.row, error.column) for error in response.context["errors"]] == [(2, "anteckning")]
    page = response.content.decode()
    assert "anteckning " * 20 in page and "anteckning " * 40 not in page
    assert len(page) < 40_000
    assert not HourEntry.objects.exists()


# --- The page answers with the message, never a 500 ---------------------------------------


@pytest.mark.parametrize(
    "make, said",
    [
        pytest.param(
            lambda: upload(workbook(sheet(row(1, HEADER), row(100_000_000, GOOD)))), "50\xa0001", id="row 100 million"
        ),
        pytest.param(
            lambda: upload(
                workbook(
                    sheet(row(1, HEADER)), **{"xl/sharedStrings.xml": shared_strings(text_of(many(b"x" * MB, 40)))}
                )
            ),
            "32\xa0767",
            id="a shared string of 40 MB",
        ),
        pytest.param(
            lambda: upload(";".join(HEADER).encode() + b"\r\n;;;" * 1_000_000, "timmar.csv"),
            "50\xa0001",
            id="a million empty lines",
        ),
    ],
)
def test_the_page_refuses_a_hostile_file_at_the_field(client_as, agreement, organisation, reporter, make, said):
    response = client_as(reporter).post(upload_url(agreement, organisation), {"action": "preview", "file": make()})
    assert response.status_code == 200
    (message,) = response.context["form"].errors["file"]
    assert said in message and said in response.content.decode()
    assert response.context["preview"] is None and not HourEntry.objects.exists()


# --- Text as Excel saves it (item 17) ------------------------------------------------------


def text_file(rows, *, encoding, separator=";", name="timmar.csv"):
    text = "\r\n".join(separator.join(cells) for cells in [HEADER, *rows]) + "\r\n"
    return SimpleUploadedFile(name, text.encode(encoding))


ROWS = [GOOD_ROWS[0], [DAY, "Träffpunktsverksamhet", "6", "3", "Café Åsen", "Fika och samtal"], GOOD_ROWS[2]]


@pytest.mark.parametrize(
    "encoding, separator, name",
    [
        pytest.param("utf-16", "\t", "timmar.txt", id="Excel's Unicode text: UTF-16 with a BOM, tabs"),
        pytest.param("utf-16-be", ";", "timmar.csv", id="UTF-16, big-endian, without a BOM"),
        pytest.param("utf-16-le", ",", "timmar.csv", id="UTF-16, little-endian, without a BOM"),
        pytest.param("cp1252", ";", "timmar.csv", id="Swedish Excel's CSV (semikolonavgränsad): Windows-1252"),
        pytest.param("utf-8-sig", ";", "timmar.csv", id="CSV UTF-8: with a BOM"),
    ],
)
def test_text_in_the_encodings_excel_saves_is_read(agreement, organisation, reporter, encoding, separator, name):
    content = text_file(ROWS, encoding=encoding, separator=separator, name=name)
    if encoding == "utf-16":
        assert content.read().startswith(b"\xff\xfe")
    entries = import_file(agreement, organisation, reporter, content)
    assert len(entries) == 3
    cafe = HourEntry.objects.get(activity__name="Träffpunktsverksamhet")
    assert (cafe.place, cafe.note) == ("Café Åsen", "Fika och samtal")
    assert HourEntry.objects.get(activity__name="Snickeriverksamhet").date.strftime("%Y-%m") == MONTH


def test_a_utf_16_file_through_the_page_is_previewed(client_as, agreement, organisation, reporter):
    content = text_file(ROWS, encoding="utf-16", separator="\t", name="timmar.txt")
    response = client_as(reporter).post(upload_url(agreement, organisation), {"action": "preview", "file": content})
    assert response.status_code == 200
    assert not response.context["errors"] and response.context["preview"]["count"] == 3
    assert "Café Åsen" in response.content.decode()


@pytest.mark.parametrize(
    "content, said",
    [
        pytest.param(b"\xff\xfe" + "datum;aktivitet\n".encode("utf-16-le") + b"\x00\xd8", "UTF-16", id="broken UTF-16"),
        pytest.param(
            "datum;aktivitet;timmar;volontärer\r\n".encode() + b"\x81\x8d\x8f\x90", "Windows-1252", id="unknown"
        ),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF", id="a PDF"),
    ],
)
def test_text_that_cannot_be_read_is_refused_with_what_it_is(content, said):
    assert said in refusal(content, "timmar.csv")


def test_an_opendocument_spreadsheet_is_named_as_such():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    assert "OpenDocument" in refusal(out.getvalue(), "timmar.xlsx")


def test_a_workbook_with_a_password_is_named_as_such():
    # A password-protected .xlsx is an OLE file, as an old .xls is, holding an encrypted package.
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100
    assert "lösenord" in refusal(content, "timmar.xlsx")
