"""A field and a widget for long choice lists.

Django renders each `<option>` of a select through two template includes and a dictionary
of its own, and reads the choices of a ModelChoiceField as model instances through a
server-side cursor. For a filter with every partner of the municipality (hundreds of
options) that is a large part of a page's time. `NameChoiceField` reads (pk, name) pairs in
one query and `QuickSelect` writes the same HTML as Django's templates in Python.
"""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe


def _attributes(attrs):
    """As django/forms/widgets/attrs.html: in their order, True bare, False left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value)),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class QuickSelect(forms.Select):
    """A `Select` with the markup of Django's templates, rendered without them."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]  # without the options
        values = set(widget["value"])
        parts = []
        selected = False

        def option(option_value, label):
            nonlocal selected
            text = "" if option_value is None else str(option_value)
            chosen = not selected and text in values  # as Django: the first match only
            selected = selected or chosen
            return (
                f'<option value="{conditional_escape(text)}"{" selected" if chosen else ""}>'
                f"{conditional_escape(label)}</option>"
            )

        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                group = "".join(option(value, text) for value, text in label)
                parts.append(f'<optgroup label="{conditional_escape(option_value)}">{group}</optgroup>')
            else:
                parts.append(option(option_value, label))
        # every value and label above went through conditional_escape
        options = mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703
        return format_html('<select name="{}"{}>{}</select>', widget["name"], _attributes(widget["attrs"]), options)


class _NameChoiceIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", "name")


class NameChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField of objects shown by their `name` (as their `__str__`), with a
    `QuickSelect`. The value is still the object, looked up in the queryset."""

    iterator = _NameChoiceIterator
    widget = QuickSelect
