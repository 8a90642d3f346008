"""Amounts and shares written the Swedish way, for pages, messages, documents and exports."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format

NBSP = "\xa0"
HUNDRED = Decimal("100")


def format_amount(value, unit="kr"):
    """4785000 → '4 785 000 kr' (non-breaking spaces); öre only when there are any."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    places = 0 if amount == amount.to_integral_value() else 2
    amount = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)
    # Swedish writes a minus sign, and the thousands separator must not break lines.
    text = text.replace(" ", NBSP).replace("-", "\u2212")
    return f"{text}{NBSP}{unit}" if unit else text


def percent(share: Decimal | None) -> Decimal | None:
    """0.195 → 19.5 (for `floatformat:1`, which writes 19,5 in Swedish)."""
    return None if share is None else (share * HUNDRED).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
