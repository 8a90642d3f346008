"""Swedish organisation numbers (organisationsnummer): NNNNNN-NNNN with a Luhn check digit.

Accepted input: with or without the hyphen, with spaces, and with the century prefix
"16" that the Swedish Tax Agency uses in 12-digit form. Stored as NNNNNN-NNNN.
(django-localflavor's field rejects spaces and the 16 prefix, accepts personal identity
numbers of sole traders, which are never IOP parties, and gives one vague message.)
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def luhn_check_digit(digits: str) -> int:
    total = 0
    for position, char in enumerate(digits):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10


def normalise_org_number(value: str) -> str:
    """Return the number as NNNNNN-NNNN, or raise ValidationError saying what is wrong."""
    compact = "".join(value.split()).replace("-", "")
    if not compact.isdigit():
        raise ValidationError(
            _("An organisation number may only contain digits, a hyphen and spaces."),
            code="invalid_characters",
        )
    if len(compact) == 12 and compact.startswith("16"):
        compact = compact[2:]
    if len(compact) != 10:
        raise ValidationError(_("An organisation number has ten digits (NNNNNN-NNNN)."), code="invalid_length")
    if int(compact[2]) < 2:
        # The third digit of an organisation number is at least 2; lower means a
        # personal identity number (a birth month), which is not an organisation's.
        raise ValidationError(
            _("This is a personal identity number, not an organisation number."),
            code="personal_number",
        )
    if luhn_check_digit(compact[:9]) != int(compact[9]):
        raise ValidationError(
            _("The check digit is wrong: check the organisation number for typing errors."),
            code="invalid_check_digit",
        )
    return f"{compact[:6]}-{compact[6:]}"


def validate_org_number(value: str) -> None:
    normalise_org_number(value)
