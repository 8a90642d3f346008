"""The form an administrator enters an OPI value with. The limits and messages are the
model's (IndexValue): the form only reads Swedish decimals."""

from django import forms
from django.utils.translation import gettext_lazy as _

from finance.models import IndexValue


class PercentField(forms.DecimalField):
    """A percentage typed the Swedish way: "3,5", "3,5 %", "−0,4" (a minus sign) or "3.5"."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        # localize: the form shows a stored 3.50 as "3,50", as it is typed.
        super().__init__(localize=True, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removesuffix("%").strip().replace("\u2212", "-").replace(",", ".")
        return super().to_python(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs["inputmode"] = "decimal"
        return attrs


class IndexValueForm(forms.ModelForm):
    # Field limits and validators are the model's; Django copies them onto the form field.
    percent = PercentField(label=_("OPI (percent)"), max_digits=5, decimal_places=2, help_text=_("E.g. 3,5 for 3,5 %."))

    # SKR's pages are https; a link typed without a scheme gets it.
    source = IndexValue._meta.get_field("source").formfield(assume_scheme="https")

    class Meta:
        model = IndexValue
        fields = ["year", "percent", "status", "published", "source"]
        widgets = {"year": forms.TextInput(attrs={"inputmode": "numeric"})}
