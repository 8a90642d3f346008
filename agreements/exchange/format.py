"""The JSON exchange format of agreements (docs/agreement-format.md): the format's name and
version, the kinds of plain values, the field tables that export writes and import reads
(so the two cannot drift apart), the keys of each object, and the file's text.
"""

import json
import re

from django.utils.translation import gettext as _

FORMAT = "iop-agreements"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)  # version 1: before the parts (the money) travelled with the agreements

# Kinds of plain values. Dates, numbers and amounts may be null (the model says whether
# that is allowed); text may not, except where a table says OPTIONAL_TEXT. An amount
# (AMOUNT) is written as text, "933000.00": exact, never a binary floating-point number.
TEXT, OPTIONAL_TEXT, DATE, NUMBER, AMOUNT = "text", "optional text", "date", "number", "amount"

MUNICIPALITY_FIELDS = {"name": TEXT, "org_number": TEXT}
COMMITTEE_FIELDS = {"name": TEXT, "abbreviation": TEXT}
ADMINISTRATION_FIELDS = {"name": TEXT}
ORGANISATION_FIELDS = {
    "name": TEXT,
    "org_number": OPTIONAL_TEXT,
    "street_address": TEXT,
    "postal_code": TEXT,
    "city": TEXT,
    "email": TEXT,
    "phone": TEXT,
    "website": TEXT,
    "description": TEXT,
}
CONTACT_FIELDS = {"name": TEXT, "title": TEXT, "email": TEXT, "phone": TEXT}
SIGNATURE_FIELDS = {"signatory_name": TEXT, "signatory_title": TEXT, "place": TEXT, "date": DATE}
EXTENSION_FIELDS = {
    "decision_body": TEXT,
    "decision_date": DATE,
    "decision_reference": TEXT,
    "previous_end": DATE,
    "new_end": DATE,
}
TERMINATION_FIELDS = {"party_name": TEXT, "notice_date": DATE, "end_date": DATE, "reason": TEXT}
VERSION_FIELDS = {
    "title": TEXT,
    "start_date": DATE,
    "end_date": DATE,
    "extension_months": NUMBER,
    "extension_count": NUMBER,
    "notice_months": NUMBER,
    "decision_deadline": DATE,
    "background": TEXT,
    "challenge": TEXT,
    "purpose": TEXT,
    "objectives": TEXT,
    "target_group": TEXT,
    "value_base": TEXT,
    "value_base_references": TEXT,
    "gender_equality": TEXT,
    "starting_points": TEXT,
    "referral": TEXT,
    "planned_participants": NUMBER,
    "participants_note": TEXT,
    "follow_up": TEXT,
    "economy": TEXT,
    "conditions": TEXT,
    "changes_clause": TEXT,
    "signing_place": TEXT,
    "document_date": DATE,
    "legal_review": TEXT,
    "decision_body": TEXT,
    "decision_date": DATE,
    "decision_reference": TEXT,
    "signed_on": DATE,
}
RESPONSIBILITY_FIELDS = {"text": TEXT}
ACTIVITY_FIELDS = {"name": TEXT, "description": TEXT}
SECTION_FIELDS = {"heading": TEXT, "body": TEXT}
ASSESSMENT_FIELDS = {"criterion": NUMBER, "judgement": TEXT, "motivation": TEXT}

# The keys of the objects that hold more than plain values.
DOCUMENT_KEYS = ("format", "format_version", "agreements")
AGREEMENT_KEYS = ("registry_number", "municipality", "predecessors", "extensions", "termination", "versions")
VERSION_KEYS = (
    "number",
    "status",
    "committee",
    "administration",
    *VERSION_FIELDS,
    "parties",
    "responsibilities",
    "activities",
    "sections",
    "assessments",
)
PARTY_KEYS = ("committee", "organisation", "description", "contact", "signatory", "signature")

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
AMOUNT_TEXT = re.compile(r"-?\d{1,15}(\.\d{1,6})?")


class AgreementImportError(Exception):
    """The document cannot be imported. `messages` gives every reason, each with its position."""

    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


def dumps(document) -> str:
    """The document as the text of a file: UTF-8 friendly, indented, ending in a newline."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def loads(raw: bytes):
    """The parsed content of an uploaded or read file, or AgreementImportError saying what is wrong."""
    try:
        text = raw.decode("utf-8-sig")  # a byte order mark, as some editors write, is harmless
    except UnicodeDecodeError:
        raise AgreementImportError([_("The file is not UTF-8 text. Save it as UTF-8 and try again.")]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        message = _("The file is not valid JSON: %(problem)s (line %(line)s, column %(column)s).") % {
            "problem": error.msg,
            "line": error.lineno,
            "column": error.colno,
        }
        raise AgreementImportError([message]) from None
    except (ValueError, RecursionError):  # absurdly long numbers or deep nesting
        raise AgreementImportError([_("The file is not valid JSON.")]) from None


# --- Positions in the document, for messages -------------------------------------------


def join(at, key):
    return f"{at}.{key}" if at else key


def is_integer(value):
    return isinstance(value, int) and not isinstance(value, bool)  # JSON true is not 1
