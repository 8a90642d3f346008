from django import forms
from django.utils.translation import gettext_lazy as _

from finance.models import Contribution, Distribution, FinanceTerms, Payment, Repayment
from iop.core.forms import AmountField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _DraftForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("lock_version", version.lock_version)
        if "party" in self.fields:
            parties = version.parties.select_related("committee", "organisation")
            if self._meta.model is Distribution:
                parties = parties.filter(organisation__isnull=False)
            self.fields["party"].queryset = parties

    def service_fields(self):
        return {name: value for name, value in self.cleaned_data.items() if name != "lock_version"}


class ContributionForm(_DraftForm):
    amount = AmountField(label=_("Amount per year (kr)"), required=False, max_digits=14, decimal_places=2)
    hourly_value = AmountField(label=_("Value per hour (kr)"), required=False, max_digits=8, decimal_places=2)
    hours = AmountField(label=_("Hours per year"), required=False, max_digits=9, decimal_places=1)

    class Meta:
        model = Contribution
        fields = ["party", "kind", "description", "amount", "hours", "hourly_value"]


class FinanceTermsForm(_DraftForm):
    class Meta:
        model = FinanceTerms
        fields = ["indexation_from_year", "payment_months"]


class DistributionForm(_DraftForm):
    amount = AmountField(label=_("Amount for the period (kr)"), max_digits=14, decimal_places=2)

    class Meta:
        model = Distribution
        fields = ["party", "period_start", "period_end", "amount"]
        widgets = {"period_start": DATE, "period_end": DATE}


class PaymentForm(forms.ModelForm):
    amount = AmountField(label=_("Amount (kr)"), max_digits=14, decimal_places=2)

    class Meta:
        model = Payment
        fields = ["recipient", "date", "amount", "reference"]
        widgets = {"date": DATE}

    def __init__(self, *args, recipients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = recipients


class RepaymentForm(forms.ModelForm):
    amount = AmountField(label=_("Amount (kr)"), max_digits=14, decimal_places=2)

    class Meta:
        model = Repayment
        fields = ["debtor", "claimed_on", "amount", "reason"]
        widgets = {"claimed_on": DATE, "reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, recipients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["debtor"].queryset = recipients


class SettleForm(forms.Form):
    settled_on = forms.DateField(label=_("Settled on"), widget=DATE)
