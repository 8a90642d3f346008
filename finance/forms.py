import datetime
import uuid
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from finance.models import Contribution, DefaultTerms, Distribution, FinanceTerms, Payment, PeriodAmount, Repayment
from iop.core.formatting import format_amount
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
        fields = ["period_kind", "indexation_from_year", "payment_months", "money_from"]
        widgets = {"money_from": DATE}


class PeriodAmountForm(_DraftForm):
    prefix = "period"  # its fields beside the split's on one page: ids of their own
    amount = AmountField(label=_("The committee's money for the period (kr)"), max_digits=14, decimal_places=2)

    class Meta:
        model = PeriodAmount
        fields = ["period_start", "amount"]
        widgets = {"period_start": DATE}

    def _post_clean(self):
        pass  # the service validates against the agreement's periods (and the unique period)


class DistributionForm(_DraftForm):
    amount = AmountField(label=_("Amount for the period (kr)"), max_digits=14, decimal_places=2)

    class Meta:
        model = Distribution
        fields = ["party", "period_start", "period_end", "amount"]
        widgets = {"period_start": DATE, "period_end": DATE}


def _instalment_value(item):
    """ "due:recipient" (0: not distributed, any partner's)."""
    return f"{item.due:%Y-%m-%d}:{item.recipient.pk if item.recipient is not None else 0}"


def payment_initial(money, today):
    """The payment form as it opens: dated today, on the first open instalment whose period
    contains today (else the first open one)."""
    initial = {"date": today, "form_token": uuid.uuid4()}
    open_items = [item for item in money.instalments if item.amount is not None and item.outstanding > 0]
    current = [item for item in open_items if item.period.start <= today <= item.period.end]
    chosen = (current or open_items or [None])[0]
    if chosen is not None:
        initial["instalment"] = _instalment_value(chosen)
        if chosen.recipient is not None:
            initial["recipient"] = chosen.recipient.pk
    return initial


class PaymentForm(forms.ModelForm):
    instalment = forms.ChoiceField(
        label=_("Instalment"),
        required=False,
        help_text=_("Empty: the recipient's instalment of the period that contains the payment date."),
    )
    amount = AmountField(label=_("Amount (kr)"), max_digits=14, decimal_places=2)
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Payment
        fields = ["recipient", "instalment", "date", "amount", "reference"]
        widgets = {"date": DATE}

    def __init__(self, *args, recipients, instalments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = recipients
        choices = [("", _("By the payment date"))]
        for item in instalments:
            if item.amount is None:
                continue
            label = _("%(due)s %(recipient)s: %(amount)s, %(left)s left") % {
                "due": item.due,
                "recipient": item.recipient if item.recipient is not None else _("not distributed"),
                "amount": format_amount(item.amount),
                "left": format_amount(max(item.outstanding, Decimal("0"))),
            }
            choices.append((_instalment_value(item), label))
        self.fields["instalment"].choices = choices

    def clean(self):
        data = super().clean()
        chosen = data.pop("instalment", "")
        data["instalment_due"] = None
        if chosen:
            due, recipient_pk = chosen.split(":")
            recipient = data.get("recipient")
            if recipient is not None and recipient_pk != "0" and str(recipient.pk) != recipient_pk:
                self.add_error("instalment", _("That instalment is not %(recipient)s's.") % {"recipient": recipient})
            data["instalment_due"] = datetime.date.fromisoformat(due)
        return data

    def _post_clean(self):
        pass  # the service validates the payment against the agreement's instalments


class _OnePerRowForm(forms.Form):
    """A small form the finance page repeats for each payment or claim: ids of its own per row."""

    def __init__(self, *args, row_pk, **kwargs):
        super().__init__(*args, auto_id=f"id_%s-{row_pk}", **kwargs)


class PaymentCorrectionForm(_OnePerRowForm):
    amount = AmountField(label=_("Amount taken back (kr)"), max_digits=14, decimal_places=2)
    reason = forms.CharField(label=_("Reason"), max_length=500)
    date = forms.DateField(label=_("Corrected on"), widget=DATE)


class TrueUpForm(forms.Form):
    recipient = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    instalment_due = forms.DateField(widget=forms.HiddenInput)

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


class SettleForm(_OnePerRowForm):
    settled_on = forms.DateField(
        label=_("Settled on"),
        widget=forms.DateInput(
            attrs={"type": "date", "class": "form-control form-control-sm w-auto"}, format="%Y-%m-%d"
        ),
    )


class DefaultTermsForm(forms.ModelForm):
    """A municipality's default payment terms (finance.services.default_terms_save writes them)."""

    class Meta:
        model = DefaultTerms
        fields = ["period_kind", "payment_months"]
