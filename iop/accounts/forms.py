import unicodedata

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from iop.accounts.models import NOTICES_BY_ROLE, AccessKind, User
from iop.core.audit import login_attempt, password_reset_allowed, record
from iop.core.forms import ModelMultipleChoiceField


class LoginForm(AuthenticationForm):
    """The login form, which stops answering after too many failed attempts: while an
    account or an address is held back, not even the right password lets it in."""

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        with login_attempt(self.request, username) as minutes:
            if minutes:
                record(AccessKind.LOGIN_THROTTLED, self.request, username=username or "")
            elif username is not None and password:
                # A wrong password is recorded (user_login_failed) while the lock is held.
                self.user_cache = authenticate(self.request, username=username, password=password)
        # Refused after the lock's block, which would otherwise roll the records back.
        if minutes:
            raise ValidationError(
                ngettext_lazy(
                    "Too many failed logins. Try again in %(minutes)s minute.",
                    "Too many failed logins. Try again in %(minutes)s minutes.",
                    "minutes",
                ),
                code="throttled",
                params={"minutes": minutes},
            )
        # The rest of AuthenticationForm.clean.
        if username is not None and password:
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


def _same_email(one, other):
    # As Django's PasswordResetForm compares: the database's case-insensitive match may
    # pair addresses that differ in Unicode, and the link must go to the account's own.
    return unicodedata.normalize("NFKC", one).casefold() == unicodedata.normalize("NFKC", other).casefold()


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form with a limit on the e-mails, and a link also for an active user who
    has no password yet. The page that follows is the same whether an e-mail went, was
    held back or no account has the address."""

    def get_users(self, email):
        # Django skips unusable passwords, for accounts that log in elsewhere; IOP has no
        # other way in, and no password means a new user whose welcome link has expired.
        # (An administrator shuts someone out by making them inactive.)
        users = User._default_manager.filter(email__iexact=email, is_active=True)
        return (user for user in users if _same_email(email, user.email))

    def save(self, request=None, **kwargs):
        if password_reset_allowed(request, self.cleaned_data["email"]):
            super().save(request=request, **kwargs)


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
        field_classes = {"committees": ModelMultipleChoiceField, "organisations": ModelMultipleChoiceField}
        labels = {"is_active": _("Active (may log in)")}

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        committees = self.fields["committees"].queryset.filter(active=True)
        if by.is_superuser:
            # Only the installation's superuser chooses the municipality of staff.
            self.fields["municipality"] = forms.ModelChoiceField(
                label=User._meta.get_field("municipality").verbose_name,
                queryset=User._meta.get_field("municipality").related_model.objects.all(),
                required=False,
                initial=self.instance.municipality_id,
                help_text=_("For the municipality's staff; partners belong to none."),
            )
            self.order_fields(["username", "first_name", "last_name", "email", "title", "role", "municipality"])
            # Any municipality's committees: user_create/user_update refuse, at the field,
            # a planner's committee of another municipality than the one chosen.
        else:
            # An administrator's users are of the administrator's municipality.
            committees = committees.filter(municipality=by.municipality_id)
        self.fields["committees"].queryset = committees.select_related("municipality")
        self.fields["organisations"].queryset = self.fields["organisations"].queryset.filter(active=True)

    def service_fields(self):
        """The cleaned data split the way the user services take it."""
        data = dict(self.cleaned_data)
        return {
            "committees": list(data.pop("committees")),
            "organisations": list(data.pop("organisations")),
            **data,
        }


class NoticeChoicesForm(forms.Form):
    """The kinds of status e-mail the user's role can get, ticked for those they get."""

    kinds = forms.MultipleChoiceField(
        label=_("E-mails I get"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Untick a kind to stop getting it. Reminders of what needs your attention are sent regardless."),
    )

    def __init__(self, *args, role, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = [(kind.value, kind.label) for kind in NOTICES_BY_ROLE[role]]
