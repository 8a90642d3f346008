"""QuickSelect writes the markup Django's Select renders with its templates."""

from django import forms

from iop.core.widgets import NameChoiceField, QuickSelect
from partners.models import Organisation
from partners.tests.factories import OrganisationFactory

CHOICES = [
    ("", "All"),
    (1, "Föreningen <Hopp> & Co"),
    (2, 'Citat "ord"'),
    ("Group", [(3, "In a group"), (4, "Also")]),
]


def html(widget_class, value, attrs=None):
    class Form(forms.Form):
        choice = forms.ChoiceField(choices=CHOICES, required=False, widget=widget_class(attrs=attrs))

    return str(Form({"choice": value})["choice"])


def normalised(markup):
    return "".join(line.strip() for line in markup.splitlines())


def test_the_markup_is_django_s_with_the_choice_selected_and_the_text_escaped():
    for value, attrs in (("", None), ("2", {"class": "form-select", "aria-describedby": "x"}), ("4", None)):
        quick = html(QuickSelect, value, attrs)
        assert normalised(quick) == normalised(html(forms.Select, value, attrs))
    assert "&lt;Hopp&gt; &amp; Co" in quick and "<Hopp>" not in quick
    assert '<option value="4" selected>Also</option>' in quick


def test_a_name_choice_field_is_rendered_and_cleaned_as_a_model_choice_field(db):
    chosen, _other = OrganisationFactory(name="Hopp & Co"), OrganisationFactory(name="Öppna dörren")

    def form(field_class, **options):
        class Form(forms.Form):
            partner = field_class(queryset=Organisation.objects.all(), **options)

        return Form({"partner": chosen.pk})

    quick, django = form(NameChoiceField), form(forms.ModelChoiceField, widget=forms.Select)
    assert normalised(str(quick["partner"])) == normalised(str(django["partner"]))
    assert f'<option value="{chosen.pk}" selected>Hopp &amp; Co</option>' in str(quick["partner"])
    assert quick.is_valid() and quick.cleaned_data["partner"] == chosen
