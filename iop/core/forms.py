from django import forms
from django.core.exceptions import ValidationError


def apply_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the form fields it names."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class AmountField(forms.DecimalField):
    """Kronor typed the Swedish way: "4 785 000", "4 785 000 kr" or "933000,50"."""

    widget = forms.TextInput

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removesuffix("kr").strip()
            value = "".join(value.replace("\xa0", " ").split()).replace(",", ".")
        return super().to_python(value)

    def widget_attrs(self, widget):
        # A text box, not a number spinner: people type spaces and commas.
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs["inputmode"] = "decimal"
        return attrs
