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


class _OwnMunicipalityForm(forms.ModelForm):
    """The municipality is the user's own, shown but not chosen; the installation's
    superuser, who belongs to none, chooses it."""

    takes_user = True  # partners.views passes the user

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["municipality"]
        if not user.is_superuser:
            field.queryset = Municipality.objects.filter(pk=user.municipality_id)
            field.disabled = True
            if self.instance.pk is None:
                field.initial = user.municipality_id
        self.municipality_id = None if user.is_superuser else user.municipality_id


class CommitteeForm(_OwnMunicipalityForm):
    class Meta:
        model = Committee
        fields = ["municipality", "name", "abbreviation", "active"]


class AdministrationForm(_OwnMunicipalityForm):
    class Meta:
        model = Administration
        fields = ["municipality", "name", "committees", "active"]
        widgets = {"committees": forms.CheckboxSelectMultiple}
        field_classes = {"committees": ModelMultipleChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        committees = Committee.objects.select_related("municipality")
        if self.municipality_id is not None:
            committees = committees.filter(municipality=self.municipality_id)
        else:  # the superuser's list holds every municipality's committees, which may share names
            self.fields["committees"].label_from_instance = lambda committee: f"{committee} ({committee.municipality})"
        self.fields["committees"].queryset = committees

    def clean(self):
        data = super().clean()
        municipality = data.get("municipality")
        if municipality is not None and data.get("committees") is not None:
            try:
                Administration(municipality=municipality).check_committees(data["committees"])
            except ValidationError as error:
                self.add_error(None, error)
        return data


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


# The municipality whose figures an overview shows: a municipality's staff see their own; the
# installation's superuser, who belongs to none, chooses one (?kommun=<slug>, the first by
# name by default), so that no page adds municipalities together.
MUNICIPALITY_PARAMETER = "kommun"


def add_municipality_choice(form, user):
    """Adds the choice of municipality to a filter form, for the installation's superuser."""
    if user.is_superuser:
        form.fields[MUNICIPALITY_PARAMETER] = forms.ModelChoiceField(
            label=_("Municipality"),
            queryset=Municipality.objects.all(),
            to_field_name="slug",
            required=False,
            empty_label=None,
        )
        form.order_fields([MUNICIPALITY_PARAMETER, *form.fields])


def chosen_municipality(user, data=None):
    """The municipality a page shows: the user's own, or the one the superuser chose in `data`
    (a form's data or cleaned data; a slug or a Municipality), by default the first."""
    if not user.is_superuser:
        return user.municipality
    chosen = (data or {}).get(MUNICIPALITY_PARAMETER)
    if isinstance(chosen, Municipality):
        return chosen
    municipalities = Municipality.objects.all()
    return (chosen and municipalities.filter(slug=chosen).first()) or municipalities.first()
