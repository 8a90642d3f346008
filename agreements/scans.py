"""The scan of the signed paper original, kept beside the archived PDF: uploaded once per
signed version, withdrawn with a reason when it is the wrong one (it stays, flagged), and
then uploaded anew.

Whether the file is a PDF is judged by its structure, without a PDF library (none is a
dependency): the header, the end-of-file marker, the cross-reference section that
`startxref` points at (a table or a cross-reference stream), the in-use objects that a
table lists and the document catalogue the trailer names. A file that only starts with
`%PDF-` fails, as does a truncated or damaged one.
"""

import hashlib
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import ScannedOriginal, Status
from iop.accounts import access
from iop.core.services import locked, require

HEADER = re.compile(rb"%PDF-(1\.[0-7]|2\.0)\s")
TAIL = 1024  # where a reader looks for `startxref` and `%%EOF`
STARTXREF = re.compile(rb"startxref\s+(\d{1,12})\s+%%EOF")
SUBSECTION = re.compile(rb"(\d{1,10})[ ]+(\d{1,10})[ \t]*\r?\n?")
ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])(?: \r| \n|\r\n)")
OBJECT = re.compile(rb"\s*(\d{1,10})\s+(\d{1,5})\s+obj\b")
ROOT = re.compile(rb"/Root\s+(\d{1,10})\s+(\d{1,5})\s+R\b")
CATALOG = re.compile(rb"/Type\s*/Catalog\b")
DICTIONARY_END = re.compile(rb">>\s*(?:stream|endobj|startxref)")


def is_pdf(data: bytes) -> bool:
    """Whether `data` has the structure of a PDF file a reader can open."""
    if not HEADER.match(data):
        return False
    tail_start = max(0, len(data) - TAIL)
    found = list(STARTXREF.finditer(data, tail_start))
    if not found:
        return False
    offset = int(found[-1].group(1))
    if not 0 < offset < found[-1].start():
        return False
    trailer = _xref_table(data, offset) if data.startswith(b"xref", _skip_space(data, offset)) else None
    if trailer is None:
        trailer = _xref_stream(data, offset)
    if trailer is None:
        return False
    root = ROOT.search(trailer)
    return root is not None and _is_catalog(data, int(root.group(1)), int(root.group(2)))


def _skip_space(data, position):
    while position < len(data) and data[position] in b" \t\r\n\f\x00":
        position += 1
    return position


def _xref_table(data, offset):
    """The trailer dictionary after a cross-reference table whose every in-use entry points
    at the object it names, or None."""
    position = _skip_space(data, offset) + len(b"xref")
    position = _skip_space(data, position)
    while True:
        subsection = SUBSECTION.match(data, position)
        if subsection is None:
            break
        first, count = int(subsection.group(1)), int(subsection.group(2))
        position = subsection.end()
        for number in range(first, first + count):
            entry = ENTRY.match(data, position)
            if entry is None:
                return None
            position = entry.end()
            if entry.group(3) == b"n" and not _object_at(data, int(entry.group(1)), number, int(entry.group(2))):
                return None
        position = _skip_space(data, position)
    if not data.startswith(b"trailer", position):
        return None
    end = DICTIONARY_END.search(data, position)
    return data[position : end.start()] if end else None


def _xref_stream(data, offset):
    """The dictionary of the cross-reference stream at `offset`, or None."""
    found = OBJECT.match(data, offset)
    if found is None:
        return None
    end = DICTIONARY_END.search(data, found.end())
    dictionary = data[found.end() : end.start()] if end else b""
    return dictionary if re.search(rb"/Type\s*/XRef\b", dictionary) else None


def _object_at(data, offset, number, generation):
    found = OBJECT.match(data, offset) if 0 < offset < len(data) else None
    return found is not None and (int(found.group(1)), int(found.group(2))) == (number, generation)


def _is_catalog(data, number, generation):
    """The object the trailer names as root is a document catalogue. One packed into an
    object stream cannot be read without inflating it: the file must then have them."""
    found = re.search(rb"(?<![0-9])%d\s+%d\s+obj\b" % (number, generation), data)
    if found is None:
        return b"/ObjStm" in data
    end = DICTIONARY_END.search(data, found.end())
    return end is not None and CATALOG.search(data, found.end(), end.start()) is not None


@transaction.atomic
def scan_store(*, by, version, upload) -> ScannedOriginal:
    """Keep the scan of the signed paper original: a PDF, size-limited, one at a time."""
    require(by, access.CHANGE, version)
    locked(version)  # two uploads at once: the second sees the first
    if version.status != Status.SIGNED:
        raise ValidationError({"file": _("The scan belongs to a signed agreement.")})
    if ScannedOriginal.objects.current().filter(version=version).exists():
        kept = _("A scan of the original is already kept for this version. Withdraw it first if it is wrong.")
        raise ValidationError({"file": ValidationError(kept, code="scan_kept")})
    if upload.size > settings.SCAN_MAX_BYTES:
        raise ValidationError(
            {"file": _("The file is too large (at most %(mb)s MB).") % {"mb": settings.SCAN_MAX_BYTES // 1024 // 1024}}
        )
    data = upload.read()
    if not is_pdf(data):
        raise ValidationError(
            {"file": ValidationError(_("The scan must be a PDF file that can be opened."), code="not_pdf")}
        )
    scan = ScannedOriginal(
        version=version, pdf=data, sha256=hashlib.sha256(data).hexdigest(), filename=upload.name[:200], uploaded_by=by
    )
    scan._history_user = by
    scan.save()
    return scan


@transaction.atomic
def scan_withdraw(*, by, scan, reason) -> ScannedOriginal:
    """Withdraw a wrong scan: it stays, flagged with the reason, who and when, and a new
    one may be uploaded."""
    require(by, access.CHANGE, scan.version)
    locked(scan.version)  # one withdrawal or upload at a time
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the scan is withdrawn.")})
    if ScannedOriginal.objects.filter(pk=scan.pk, withdrawn_at__isnull=False).exists():
        raise ValidationError(_("The scan has already been withdrawn."), code="withdrawn_twice")
    scan.withdrawn_at, scan.withdrawn_by, scan.withdrawal_reason = timezone.now(), by, reason
    scan._history_user = by
    scan.save(update_fields=ScannedOriginal.WITHDRAWAL)
    return scan
