"""Template helpers used everywhere (loaded as builtins): Swedish amounts (`iop.core.formatting`)
and access."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from iop.accounts import access
from iop.core.formatting import format_amount

register = template.Library()


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
