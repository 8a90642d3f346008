"""The forms of an agreement's follow-up: its rules, meeting records, action items, the
parties' material and the yearly follow-up. They only read what was typed;
followup.meetings.services decides and writes (the period, who may, which partners),
whichever way the input comes in."""

from django import forms
from django.utils.translation import gettext_lazy as _

from followup.meetings.models import ActionItem, Convener, FollowUpMeeting, FollowUpRule, MeetingKind, MeetingMaterial
from partners.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def partner_organisations(agreement):
    """The organisations that are party to any version of the agreement."""
    return Organisation.objects.filter(parties__version__agreement=agreement).distinct().order_by("name", "pk")


class _ServiceForm(forms.ModelForm):
    """A model form whose model rules are checked by the service, which knows the agreement."""

    def _post_clean(self):
        pass


class FollowUpRuleForm(_ServiceForm):
    class Meta:
        model = FollowUpRule
        fields = ["kind", "months", "convened_by"]
        widgets = {"months": forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "3,6,9,12"})}


class FollowUpMeetingForm(_ServiceForm):
    class Meta:
        model = FollowUpMeeting
        fields = ["kind", "date", "place", "convened_by", "participants", "agenda", "minutes", "decisions"]
        widgets = {
            "date": DATE,
            "participants": forms.Textarea(attrs={"rows": 3}),
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "minutes": forms.Textarea(attrs={"rows": 10}),
            "decisions": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "participants": _("Parties and people present, e.g. “Resurspoolen: Anna Berg, chair”."),
            "minutes": _("A blank line starts a new paragraph; a line starting with “- ” is a bullet."),
        }

    def __init__(self, *args, period=None, **kwargs):
        super().__init__(*args, **kwargs)
        start, end = period or (None, None)
        if start and end:
            self.fields["date"].widget.attrs.update(min=start.isoformat(), max=end.isoformat())
            self.fields["date"].help_text = _("Within the agreement's period, %(start)s – %(end)s.") % {
                "start": start.isoformat(),
                "end": end.isoformat(),
            }


class ActionItemForm(_ServiceForm):
    prefix = "action"

    class Meta:
        model = ActionItem
        fields = ["text", "owner", "owner_organisation", "due_date"]
        widgets = {"due_date": DATE}
        help_texts = {"owner": _("The person or party who sees to it.")}
        error_messages = {
            "text": {"required": _("Write what is to be done.")},
            "owner": {"required": _("Name who owns the action.")},
            "due_date": {"required": _("Give the date the action is due.")},
        }

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = partner_organisations(agreement)
        self.fields["owner_organisation"].empty_label = _("No partner: the municipality")


class MaterialForm(_ServiceForm):
    """A party's own material for a meeting; `organisations` are those the user may add for."""

    prefix = "material"

    class Meta:
        model = MeetingMaterial
        fields = ["organisation", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"text": _("Your own report, or comments on the minutes.")}
        error_messages = {"text": {"required": _("Write the material.")}}

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = organisations
        if len(organisations) == 1:
            field.initial = organisations[0].pk
            field.empty_label = None


# --- The yearly follow-up ---------------------------------------------------------------------


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


class DefaultRulesForm(forms.Form):
    """A municipality's default follow-up rules: per kind of meeting, its months (empty:
    no rule of that kind) and who convenes it."""

    def __init__(self, *args, defaults=(), **kwargs):
        super().__init__(*args, **kwargs)
        existing = {rule.kind: rule for rule in defaults}
        for kind, label in MeetingKind.choices:
            rule = existing.get(kind)
            self.fields[f"{kind}_months"] = forms.CharField(
                label=_("%(kind)s: months") % {"kind": label},
                required=False,
                max_length=40,
                initial=rule.months if rule else "",
                help_text=_("E.g. 12 for once a year by December, 3,6,9,12 quarterly. Empty: no such rule."),
                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
            )
            self.fields[f"{kind}_convened_by"] = forms.ChoiceField(
                label=_("%(kind)s: convened by") % {"kind": label},
                choices=Convener.choices,
                initial=rule.convened_by if rule else Convener.ADMINISTRATION,
            )

    def rules(self):
        """{kind: (months, convened_by) or None} for the service."""
        return {
            kind: (self.cleaned_data[f"{kind}_months"], self.cleaned_data[f"{kind}_convened_by"])
            if self.cleaned_data[f"{kind}_months"].strip()
            else None
            for kind in MeetingKind.values
        }
