"""Template helpers used everywhere (loaded as builtins): Swedish amounts and access."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

from iop.accounts import access

register = template.Library()

NBSP = "\xa0"


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


@register.filter
def kr(value):
    return format_amount(value)


@register.filter
def number(value):
    return format_amount(value, unit="")


@register.simple_tag
def can(user, action, obj):
    """{% can request.user "change" organisation as may_change %}"""
    return access.can(user, action, obj)


BULLETS = ("- ", "• ", "* ")


@register.filter
def prose(text):
    """The agreements' simple markup as HTML: a blank line starts a paragraph, a line that
    starts with "- " is a bullet. Everything is escaped: no HTML from users reaches a page."""
    html = []
    for block in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        paragraph = []
        bullets = []
        for line in lines:
            if line.startswith(BULLETS):
                if paragraph:
                    html.append("<p>" + "<br>".join(paragraph) + "</p>")
                    paragraph = []
                bullets.append("<li>" + escape(line[2:].strip()) + "</li>")
            else:
                if bullets:
                    html.append("<ul>" + "".join(bullets) + "</ul>")
                    bullets = []
                paragraph.append(escape(line))
        if paragraph:
            html.append("<p>" + "<br>".join(paragraph) + "</p>")
        if bullets:
            html.append("<ul>" + "".join(bullets) + "</ul>")
    # Every piece of user text above is escaped.
    return mark_safe("\n".join(html))  # noqa: S308  # nosec B308 B703
