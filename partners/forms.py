from django import forms

from iop.core.forms import ModelMultipleChoiceField
from partners.models import Administration, Committee, Contact, Municipality, Organisation


class MunicipalityForm(forms.ModelForm):
    class Meta:
        model = Municipality
        fields = ["name", "org_number"]


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
