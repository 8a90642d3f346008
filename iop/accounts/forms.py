from django import forms
from django.utils.translation import gettext_lazy as _

from iop.accounts.models import User


class UserForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "title",
            "role",
            "committees",
            "organisations",
            "is_active",
        ]
        widgets = {
            "committees": forms.CheckboxSelectMultiple,
            "organisations": forms.CheckboxSelectMultiple,
        }
        labels = {"is_active": _("Active (may log in)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["committees"].queryset = self.fields["committees"].queryset.filter(active=True)
        self.fields["organisations"].queryset = self.fields["organisations"].queryset.filter(active=True)

    def service_fields(self):
        """The cleaned data split the way the user services take it."""
        data = dict(self.cleaned_data)
        return {
            "committees": list(data.pop("committees")),
            "organisations": list(data.pop("organisations")),
            **data,
        }
