"""What an uploaded .xlsx may hold before openpyxl opens it.

An .xlsx is a zip archive of XML parts, and a few kilobytes of it can unpack to gigabytes
or to millions of elements. openpyxl streams a sheet's rows and the shared strings, but
every other part it builds whole, into objects (styles, the workbook, the content types),
and of the streamed ones it keeps an emptied element per row and per string. So before it
reads anything, every part is walked once with expat, in small chunks, holding no more
than a chunk, and the archive is refused when it is more than a sheet of hours can be:

- more parts, or more bytes unpacked, than a workbook of MAX_ROWS rows has;
- a cell longer than Excel allows (a shared string counts all its runs);
- a tag, comment or instruction of megabytes (expat holds a whole tag before it reports it);
- a document type, where entities that expand hide;
- more elements than a sheet of hours needs, counted where openpyxl builds them whole: a
  row, a shared string, any other part of a sheet, and every part not streamed, which may
  also unpack to no more than MAX_BUILT_BYTES.

A part is taken as streamed by its root element, except the parts openpyxl always reads
whole by their names. (A part it finds through the workbook's relationships under another
name, with the root of a streamed part, is bounded by MAX_ELEMENTS and MAX_UNPACKED only.)

The sizes come from the archive's directory; zipfile never unpacks more than a part says
it holds, so a part that lies is cut short there (and fails its checksum).
"""

import zipfile
from xml.parsers import expat

MAX_PARTS = 1000
MAX_UNPACKED = 64 * 1024 * 1024  # a sheet of 50 000 full rows unpacks to about 20 MB
MAX_CELL = 32_767  # the most characters Excel holds in a cell
MAX_TOKEN = 1024 * 1024
MAX_ELEMENTS = 1_500_000  # in one part; 50 000 rows of 6 inline strings take about a million
MAX_BUILT = 50_000  # elements built together: a row, a string, a part read whole
MAX_BUILT_BYTES = 8 * 1024 * 1024  # a part read whole; a bloated styles.xml is about 5 MB
MAX_OTHER = 10_000  # a sheet's parts besides its rows, the shared strings' besides the strings
CHUNK = 64 * 1024

# The parts openpyxl streams, by their root element, and the children it reads one by one.
STREAMED = {"worksheet": "sheetData", "sst": None}
# The parts openpyxl reads whole, whatever their root.
WHOLE = {
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/core.xml",
    "docProps/custom.xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/styles.xml",
}
STRING_ITEMS = {"si", "is"}  # a shared string and an inline string: their runs are one cell


class Refused(Exception):
    """Why the archive is refused: "unpacked" (with the size), "cell", or "built" (with the part)."""

    def __init__(self, reason, *, part="", size=0):
        super().__init__(reason, part)
        self.reason = reason
        self.part = part
        self.size = size


def check(archive: zipfile.ZipFile):
    """Raise Refused if the archive is more than a sheet of hours can be."""
    parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        raise Refused("built", part=parts[MAX_PARTS].filename)
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_UNPACKED:
        raise Refused("unpacked", size=unpacked)
    for part in parts:
        if not part.is_dir():
            _walk(archive, part)


def _local(name):
    return name.rpartition("}")[2].rpartition(":")[2]


class _Walk:
    """Counts, as expat reports a part, what openpyxl would hold of it."""

    def __init__(self, part, size):
        self.part = part
        self.size = size
        self.stack = []  # local names of the open elements
        self.elements = 0
        self.built = 0  # elements of the unit being built (a row, a string, a whole part)
        self.streamed = None  # the root, when it is one openpyxl streams
        self.others = 0
        self.text = 0  # characters of the cell being read
        self.in_string = 0  # depth inside a shared or inline string

    def start(self, name, _attributes):
        local = _local(name)
        depth = len(self.stack)
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise Refused("built", part=self.part)
        if depth == 0:
            self.streamed = local if local in STREAMED and self.part not in WHOLE else None
            if not self.streamed and self.size > MAX_BUILT_BYTES:
                raise Refused("built", part=self.part)
            self.built = 0
        elif self.streamed and self._starts_unit(local, depth):
            self.built = 0
        self.built += 1
        if self.built > MAX_BUILT:
            raise Refused("built", part=self.part)
        if self.in_string:
            self.in_string += 1
        else:
            self.text = 0
            if local in STRING_ITEMS:
                self.in_string = 1
        self.stack.append(local)

    def _starts_unit(self, local, depth):
        rows = STREAMED[self.streamed]
        if depth == 1:  # a child of the root: a shared string, the rows' container, or other
            if (rows is None and local == "si") or local == rows:
                return True
            self.others += 1
            if self.others > MAX_OTHER:
                raise Refused("built", part=self.part)
            return True
        return depth == 2 and self.stack[1] == rows and local == "row"

    def end(self, _name):
        self.stack.pop()
        if self.in_string:
            self.in_string -= 1

    def characters(self, data):
        # Text becomes cells in the streamed parts; elsewhere MAX_BUILT_BYTES bounds it.
        self.text += len(data)
        if self.text > MAX_CELL and self.streamed:
            raise Refused("cell", part=self.part)

    def doctype(self, *_args):
        raise Refused("built", part=self.part)


def _walk(archive, part):
    walk = _Walk(part.filename, part.file_size)
    parser = expat.ParserCreate()
    parser.StartElementHandler = walk.start
    parser.EndElementHandler = walk.end
    parser.CharacterDataHandler = walk.characters
    parser.StartDoctypeDeclHandler = walk.doctype
    fed = 0
    with archive.open(part) as stream:
        while chunk := stream.read(CHUNK):
            fed += len(chunk)
            try:
                parser.Parse(chunk, False)
            except expat.ExpatError:
                return  # not XML (a picture): openpyxl, reading it as XML, stops where expat did
            # After Parse, the index is where the last event began: what lies beyond it is a
            # tag (or comment) expat is still holding.
            if fed - parser.CurrentByteIndex > MAX_TOKEN:
                raise Refused("built", part=walk.part)
