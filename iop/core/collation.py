"""Swedish sort order (Å, Ä, Ö after Z) on PostgreSQL and SQLite alike.

PostgreSQL has the ICU collation `sv-SE-x-icu`; SQLite knows no Swedish, so we
register a collation of the same name on every SQLite connection.
"""

from django.db.models.functions import Collate

COLLATION = "sv-SE-x-icu"

# Letters after z in Swedish; accented letters sort with their base letter.
_AFTER_Z = {"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"}
_FOLD = str.maketrans({"é": "e", "è": "e", "ê": "e", "á": "a", "à": "a", "ü": "y", "ç": "c"})


def swedish_key(text: str) -> str:
    lowered = (text or "").casefold().translate(_FOLD)
    return "".join(_AFTER_Z.get(char, char) for char in lowered)


def _compare(left: str, right: str) -> int:
    a, b = swedish_key(left), swedish_key(right)
    if a == b:
        a, b = left, right
    return (a > b) - (a < b)


def register_sqlite_collation(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, _compare)


def swedish(field: str):
    """An ordering expression: `.order_by(swedish("name"))`."""
    return Collate(field, COLLATION)
