from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError


def apply_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the form fields it names."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class SwedishDecimalField(forms.DecimalField):
    """A number typed the Swedish way: spaces between thousands, a decimal comma, the minus
    sign (−), and the unit after it ("4 785 000 kr", "933000,50", "3,5 %")."""

    widget = forms.TextInput
    unit = ""

    def __init__(self, **kwargs):
        # localize: a stored 3.50 is shown as "3,50", as it is typed.
        super().__init__(localize=True, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removesuffix(self.unit).strip() if self.unit else value.strip()
            value = "".join(value.replace("\xa0", " ").split()).replace("\u2212", "-").replace(",", ".")
        return super().to_python(value)

    def widget_attrs(self, widget):
        # A text box, not a number spinner: people type spaces and commas.
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs["inputmode"] = "decimal"
        return attrs


class AmountField(SwedishDecimalField):
    """Kronor: "4 785 000", "4 785 000 kr" or "933000,50"."""

    unit = "kr"


class PercentField(SwedishDecimalField):
    """A percentage: "3,5", "3,5 %" or "−1,2"."""

    unit = "%"


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing an id too large for a database integer as it refuses any unknown id:
    SQLite raises OverflowError on one in the `pk__in` query, a server error."""

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple) else ():
            try:
                too_large = abs(int(pk)) >= 2**63
            except (TypeError, ValueError):
                continue  # Django's own check says what is wrong with it
            if too_large:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


def run_service(form, action) -> bool:
    """Call a service; a ValidationError it raises is shown in the form. True when it went through."""
    try:
        action()
    except ValidationError as error:
        apply_errors(form, error)
        return False
    return True


@dataclass(frozen=True)
class SummaryError:
    """One line of a refused form's error summary: the message, and the id of the field it
    links to (None for an error of the whole form or of a hidden field)."""

    message: str
    label: str = ""
    field_id: str | None = None


def error_summary(form) -> list[SummaryError]:
    """A refused form's errors in the order the form shows them: the whole form's first, then
    each field's, each linking to the element that takes the focus (`templates/_error_summary.html`)."""
    if not getattr(form, "is_bound", False) or not form.errors:  # also no form at all (None, "")
        return []
    lines = [SummaryError(str(message)) for message in form.non_field_errors()]
    for field in form.hidden_fields():
        lines += [SummaryError(str(message)) for message in field.errors]
    for field in form.visible_fields():
        field_id = _focus_id(field)
        lines += [SummaryError(str(message), str(field.label or ""), field_id) for message in field.errors]
    return lines


def _focus_id(field) -> str | None:
    # A radio or checkbox list has no one labelled element (Django leaves `for` empty on
    # purpose): its first choice takes the focus.
    if field.id_for_label:
        return field.id_for_label
    for widget in field.subwidgets:
        if widget.id_for_label:
            return widget.id_for_label
    return field.auto_id or None
