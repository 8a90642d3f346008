from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iop.core.forms import ModelMultipleChoiceField
from partners import services
from partners.models import Administration, Committee, Contact, Municipality, Organisation
from partners.sections import SECTIONS, section_order_of


class MunicipalityForm(forms.ModelForm):
    class Meta:
        model = Municipality
        fields = ["name", "org_number"]


class MunicipalitySettingsForm(forms.Form):
    """A municipality's own settings: the guideline band, the logo, the order of the
    printed sections (one choice per place). Checked here so each refusal stands at its
    field; `services.municipality_settings_save` checks the same again."""

    guideline_min = forms.IntegerField(
        label=gettext_lazy("Guideline: lowest municipal share (%)"), min_value=0, max_value=100, required=False
    )
    guideline_max = forms.IntegerField(
        label=gettext_lazy("Guideline: highest municipal share (%)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=gettext_lazy("Leave both empty for no guideline: then no share is flagged."),
    )
    logo = forms.FileField(
        label=gettext_lazy("Logo"),
        required=False,
        help_text=gettext_lazy("PNG or JPEG, at most 1 MB; printed on the agreement's cover and in its header."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(label=gettext_lazy("Remove the logo"), required=False)

    def __init__(self, *args, municipality, **kwargs):
        order = section_order_of(municipality)
        kwargs["initial"] = {
            **kwargs.get("initial", {}),
            "guideline_min": municipality.guideline_min,
            "guideline_max": municipality.guideline_max,
            **{self.place(n): key for n, key in enumerate(order, start=1)},
        }
        super().__init__(*args, **kwargs)
        choices = list(SECTIONS.items())
        for n in range(1, len(SECTIONS) + 1):
            self.fields[self.place(n)] = forms.ChoiceField(label=_("Printed section %(n)s") % {"n": n}, choices=choices)

    @staticmethod
    def place(n):
        return f"section_{n}"

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        if upload.size > services.LOGO_MAX_BYTES:
            raise ValidationError(_("The logo may be at most 1 MB."))
        data = upload.read()
        try:
            services.logo_check(data)
        except ValidationError as error:
            raise ValidationError(error.message_dict["logo"]) from None
        return data

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("guideline_min"), cleaned.get("guideline_max")
        if "guideline_min" in cleaned and "guideline_max" in cleaned:
            if (low is None) != (high is None):
                self.add_error("guideline_max", _("Give both the lowest and the highest share, or neither."))
            elif low is not None and low > high:
                self.add_error("guideline_max", _("The highest share cannot be below the lowest."))
        seen = set()
        for n in range(1, len(SECTIONS) + 1):
            key = cleaned.get(self.place(n))
            if key is None:
                continue
            if key in seen:
                self.add_error(self.place(n), _("This section is already placed earlier."))
            seen.add(key)
        return cleaned

    def section_order(self):
        return [self.cleaned_data[self.place(n)] for n in range(1, len(SECTIONS) + 1)]


class CommitteeForm(forms.ModelForm):
    class Meta:
        model = Committee
        fields = ["municipality", "name", "abbreviation", "active"]


class AdministrationForm(forms.ModelForm):
    class Meta:
        model = Administration
        fields = ["municipality", "name", "committees", "active"]
        widgets = {"committees": forms.CheckboxSelectMultiple}
        field_classes = {"committees": ModelMultipleChoiceField}


class OrganisationForm(forms.ModelForm):
    # An address typed without a scheme ("forening.se") is taken as https.
    website = Organisation._meta.get_field("website").formfield(assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "name",
            "org_number",
            "street_address",
            "postal_code",
            "city",
            "email",
            "phone",
            "website",
            "description",
            "active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "title", "email", "phone", "is_signatory"]
