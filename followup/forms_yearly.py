"""The forms of the yearly follow-up: what was reached during the year, and a party's
account of it. They only read what was typed; followup.meetings decides who may save."""

from django import forms
from django.utils.translation import gettext_lazy as _


class YearlyFollowUpForm(forms.Form):
    participants_reached = forms.IntegerField(
        label=_("Participants reached"),
        required=False,
        min_value=0,
        max_value=1000000,
        help_text=_("How many took part during the year."),
    )
    indicators = forms.CharField(
        label=_("Other indicators"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("E.g. “58, of whom 5 went on to work”."),
    )


class NarrativeForm(forms.Form):
    party = forms.CharField(widget=forms.HiddenInput, max_length=200)
    text = forms.CharField(
        label=_("Account of the year"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("The party's own account of the year, in its own words. Do not write personal data."),
    )
