"""Agreements to and from a JSON document, in the format of docs/agreement-format.md.

- `format`: the format's name and version, the kinds of values and the field tables that
  export writes and import reads, and the file's text (`dumps`, `loads`);
- `export`: `export_document`, agreements with their versions, content, signatures, what
  happened after signing, and the parts other apps keep (agreements.parts);
- `reading`: the check of an incoming document, every problem with its position;
- `importing`: `import_document`, the one service that writes a document, all or nothing.

Format version 2 added the parts; a file of version 1 has none and is still read.
The names below are what the views, the management commands and the tests use.
"""

from agreements.exchange.export import export_document, plain
from agreements.exchange.format import (
    AMOUNT,
    DATE,
    FORMAT,
    FORMAT_VERSION,
    NUMBER,
    OPTIONAL_TEXT,
    ORGANISATION_FIELDS,
    TEXT,
    VERSION_FIELDS,
    AgreementImportError,
    dumps,
    loads,
)
from agreements.exchange.importing import at_position, import_document, save
from agreements.exchange.reading import Reader, Record

__all__ = [
    "AMOUNT",
    "DATE",
    "FORMAT",
    "FORMAT_VERSION",
    "NUMBER",
    "OPTIONAL_TEXT",
    "ORGANISATION_FIELDS",
    "TEXT",
    "VERSION_FIELDS",
    "AgreementImportError",
    "Reader",
    "Record",
    "at_position",
    "dumps",
    "export_document",
    "import_document",
    "loads",
    "plain",
    "save",
]
