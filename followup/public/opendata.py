"""The public register as open data: one row per agreement, party and year, as CSV and JSON.

The field names are Swedish, stable and documented in docs/open-data.md; change them only
with that document (the test there compares the two). CSV is written as every export of the
application (`iop.core.spreadsheets`): UTF-8 with a BOM, semicolons, a decimal comma.
"""

import json
from decimal import Decimal

from iop.core import spreadsheets as sheets

# (field name, column kind in the CSV)
FIELDS = [
    ("kommun", sheets.TEXT),
    ("kommun_orgnr", sheets.TEXT),
    ("overenskommelse_id", sheets.TEXT),
    ("diarienummer", sheets.TEXT),
    ("titel", sheets.TEXT),
    ("syfte", sheets.TEXT),
    ("namnd", sheets.TEXT),
    ("beslutsdatum", sheets.DATE),
    ("startdatum", sheets.DATE),
    ("slutdatum", sheets.DATE),
    ("lage", sheets.TEXT),
    ("ar", sheets.TEXT),
    ("kommunens_bidrag_ar", sheets.AMOUNT),
    ("kommunens_bidrag_totalt", sheets.AMOUNT),
    ("preliminart", sheets.TEXT),
    ("part", sheets.TEXT),
    ("part_orgnr", sheets.TEXT),
    ("partstyp", sheets.TEXT),
    ("kommunens_bidrag_till_part_ar", sheets.AMOUNT),
    ("ideella_timmar_per_ar", sheets.HOURS),
    ("timvarde", sheets.AMOUNT),
    ("timmarnas_varde_per_ar", sheets.AMOUNT),
    ("underskrivet_avtal", sheets.TEXT),
]
NAMES = [name for name, _kind in FIELDS]

COMMITTEE = "namnd"
ORGANISATION = "ideburen_organisation"


def rows(municipality, agreements, pdf_url) -> list[dict]:
    """One dict per agreement × party × year (keys: `NAMES`), in the register's order.
    `pdf_url(agreement)` gives the public address of a published signed PDF."""
    result = []
    for agreement in agreements:
        for year in agreement.years:
            for party in agreement.parties:
                result.append(
                    {
                        "kommun": municipality.name,
                        "kommun_orgnr": municipality.org_number,
                        "overenskommelse_id": agreement.pk,
                        "diarienummer": agreement.registry_number,
                        "titel": agreement.title,
                        "syfte": agreement.purpose,
                        "namnd": agreement.committee,
                        "beslutsdatum": agreement.decision_date,
                        "startdatum": agreement.start,
                        "slutdatum": agreement.end,
                        "lage": agreement.standing,
                        "ar": year.year,
                        "kommunens_bidrag_ar": year.committee_money,
                        "kommunens_bidrag_totalt": agreement.total,
                        "preliminart": year.preliminary,
                        "part": party.name,
                        "part_orgnr": party.org_number,
                        "partstyp": COMMITTEE if party.is_committee else ORGANISATION,
                        "kommunens_bidrag_till_part_ar": year.to_party(party),
                        "ideella_timmar_per_ar": party.committed_hours,
                        "timvarde": party.hourly_value,
                        "timmarnas_varde_per_ar": party.hours_value,
                        "underskrivet_avtal": pdf_url(agreement) if agreement.pdf_published else None,
                    }
                )
    return result


def _csv_value(value):
    if isinstance(value, bool):
        return "ja" if value else "nej"
    return value


def to_csv(rows) -> bytes:
    table = sheets.Table(
        "IOP",
        [sheets.Column(name, kind) for name, kind in FIELDS],
        [[_csv_value(row[name]) for name in NAMES] for row in rows],
    )
    return sheets.to_csv(table)


def _json_value(value):
    if isinstance(value, Decimal):
        # exact: a whole number stays whole, a fraction keeps its digits
        return int(value) if value == value.to_integral_value() else float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not written as JSON")


def to_json(rows) -> bytes:
    return json.dumps(rows, default=_json_value, ensure_ascii=False, indent=1).encode("utf-8")
