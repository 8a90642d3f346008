"""The form an administrator enters an OPI value with. The limits and messages are the
model's (IndexValue): the form only reads Swedish decimals."""

from django import forms
from django.utils.translation import gettext_lazy as _

from finance.models import IndexValue
from iop.core.forms import PercentField


class IndexValueForm(forms.ModelForm):
    # Field limits and validators are the model's; Django copies them onto the form field.
    percent = PercentField(label=_("OPI (percent)"), max_digits=5, decimal_places=2, help_text=_("E.g. 3,5 for 3,5 %."))

    # SKR's pages are https; a link typed without a scheme gets it.
    source = IndexValue._meta.get_field("source").formfield(assume_scheme="https")

    class Meta:
        model = IndexValue
        fields = ["year", "percent", "status", "published", "source"]
        widgets = {"year": forms.TextInput(attrs={"inputmode": "numeric"})}
