"""The money of an agreement: what each party contributes, how the committee's money is
split and raised by the care price index (OPI), and what has been paid.

Contributions, the split and the payment terms are part of the agreement's text and
belong to a version: once it is signed they never change (the same guard as the rest of
the version). Index values, payments and repayment claims are records kept over time.
"""

from decimal import Decimal

from simple_history.models import HistoricalRecords

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, AgreementVersion, FrozenWhenSigned, Party
from partners.models import Municipality, Organisation

MAX_AMOUNT = Decimal("1000000000")  # over a billion kronor is a typing error, not an IOP
AMOUNT = {
    "max_digits": 14,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal("0")), MaxValueValidator(MAX_AMOUNT)],
}


class IndexStatus(models.TextChoices):
    PRELIMINARY = "preliminary", _("Preliminary (forecast)")
    DEFINITIVE = "definitive", _("Definitive (outcome)")


class IndexValue(models.Model):
    """The care price index (omsorgsprisindex, OPI) for one year as SKR published it."""

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    percent = models.DecimalField(
        _("OPI (percent)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("-10")), MaxValueValidator(Decimal("20"))],
    )
    status = models.CharField(_("status"), max_length=12, choices=IndexStatus.choices)
    published = models.CharField(
        _("published"),
        max_length=10,
        validators=[RegexValidator(r"^\d{4}-\d{2}(-\d{2})?$", _("Write the date as YYYY-MM-DD or YYYY-MM."))],
        help_text=_("YYYY-MM-DD, or YYYY-MM when only the month is known."),
    )
    source = models.URLField(_("source"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("index value (OPI)")
        verbose_name_plural = _("index values (OPI)")
        ordering = ["-year", "status"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "status"],
                name="one_index_value_per_year_and_status",
                violation_error_message=_("There is already a value with this status for the year."),
            )
        ]

    def __str__(self):
        return f"OPI {self.year}: {self.percent} % ({self.get_status_display()})"


class ContributionKind(models.TextChoices):
    MONEY = "money", _("Money")
    HOURS = "hours", _("Volunteer hours (valued)")
    IN_KIND = "in_kind", _("In kind (valued)")
    COMMITMENT = "commitment", _("Commitment without a value")


class Contribution(FrozenWhenSigned):
    """What one party puts into the agreement each year."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="contributions")
    party = models.ForeignKey(Party, verbose_name=_("party"), on_delete=models.CASCADE, related_name="contributions")
    kind = models.CharField(_("kind"), max_length=12, choices=ContributionKind.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    amount = models.DecimalField(_("amount per year (kr)"), null=True, blank=True, **AMOUNT)
    hours = models.DecimalField(
        _("hours per year"),
        max_digits=9,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("10000000"))],
    )
    hourly_value = models.DecimalField(
        _("value per hour (kr)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100000"))],
    )
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["version", "order", "pk"]

    def __str__(self):
        return f"{self.party}: {self.get_kind_display()}"

    def clean(self):
        errors = {}
        if self.party_id and self.version_id and self.party.version_id != self.version_id:
            errors["party"] = _("Choose one of this agreement's parties.")
        if self.kind == ContributionKind.HOURS:
            if self.hours is None:
                errors["hours"] = _("State the number of hours per year.")
            if self.hourly_value is None:
                errors["hourly_value"] = _("State the value of an hour.")
        elif self.kind in (ContributionKind.MONEY, ContributionKind.IN_KIND) and self.amount is None:
            errors["amount"] = _("State the amount per year.")
        elif self.kind == ContributionKind.COMMITMENT and not self.description:
            errors["description"] = _("Describe the commitment.")
        if self.kind == ContributionKind.MONEY and self.party_id and not self.party.is_public:
            errors["kind"] = _("Money in an IOP comes from the committee; a partner's money is an in-kind value.")
        if errors:
            raise ValidationError(errors)

    @property
    def yearly_value(self):
        """The value per year in kronor, or None for a commitment without a value."""
        if self.kind == ContributionKind.HOURS and self.hours is not None and self.hourly_value is not None:
            return (self.hours * self.hourly_value).quantize(Decimal("0.01"))
        if self.kind == ContributionKind.COMMITMENT:
            return None
        return self.amount


class PeriodKind(models.TextChoices):
    CALENDAR = "calendar", _("Calendar years")
    AGREEMENT_YEAR = "agreement_year", _("Agreement years from the start date")


PAYMENT_MONTHS = RegexValidator(
    r"^\s*(1[0-2]|[1-9])(\s*,\s*(1[0-2]|[1-9]))*\s*$", _("Months as numbers 1–12, separated by commas.")
)


class FinanceTerms(FrozenWhenSigned):
    """How the committee's money is raised and paid: part of the agreement's text."""

    version = models.OneToOneField(AgreementVersion, on_delete=models.CASCADE, related_name="finance_terms")
    period_kind = models.CharField(
        _("money periods"),
        max_length=16,
        choices=PeriodKind.choices,
        default=PeriodKind.CALENDAR,
        help_text=_("Agreement years run from the start date, e.g. July–June for an agreement from 1 July."),
    )
    money_from = models.DateField(
        _("this version's money applies from"),
        null=True,
        blank=True,
        help_text=_(
            "For an amendment: the date from which its money applies; earlier periods keep the money "
            "of the version then in force. Empty: the day the version comes into force."
        ),
    )
    indexation_from_year = models.PositiveSmallIntegerField(
        _("indexed by OPI from year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("E.g. 2021 for “Uppräkning sker årligen enligt OPI från och med 2021-01-01”. Empty: not indexed."),
    )
    payment_months = models.CharField(
        _("payment months"),
        max_length=40,
        default="1",
        validators=[PAYMENT_MONTHS],
        help_text=_("1 for once a year in January, 7 for each July, 1,7 for two instalments."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("finance terms")
        verbose_name_plural = _("finance terms")

    def __str__(self):
        return str(self.version)

    @property
    def months(self):
        return sorted({int(month) for month in self.payment_months.split(",")})


class DefaultTerms(models.Model):
    """A municipality's usual payment terms: what the first draft of each new agreement of
    its committees starts with (a planner may change them in the draft)."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="default_terms")
    period_kind = models.CharField(
        _("money periods"), max_length=16, choices=PeriodKind.choices, default=PeriodKind.CALENDAR
    )
    payment_months = models.CharField(
        _("payment months"),
        max_length=40,
        default="1",
        validators=[PAYMENT_MONTHS],
        help_text=_("1 for once a year in January, 7 for each July, 1,7 for two instalments."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("default payment terms")
        verbose_name_plural = _("default payment terms")

    def __str__(self):
        return str(self.municipality)


class PeriodAmount(FrozenWhenSigned):
    """An amount the agreement states for one money period, instead of the pro-rated one
    (e.g. "2024-07-01 – 2024-12-31: 40 000 kr")."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="period_amounts")
    period_start = models.DateField(_("period from"))
    amount = models.DecimalField(_("the committee's money for the period (kr)"), **AMOUNT)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stated period amount")
        verbose_name_plural = _("stated period amounts")
        ordering = ["version", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "period_start"],
                name="one_stated_amount_per_period",
                violation_error_message=_("The period already has a stated amount."),
            )
        ]

    def __str__(self):
        return f"{self.period_start}: {self.amount}"


class Distribution(FrozenWhenSigned):
    """The share of the committee's yearly money that one partner receives in a period."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="distributions")
    party = models.ForeignKey(Party, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    amount = models.DecimalField(_("amount for the period (kr)"), **AMOUNT)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")
        ordering = ["version", "period_start", "party__order", "party__pk"]

    def __str__(self):
        return f"{self.party} {self.period_start} – {self.period_end}"

    def clean(self):
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period ends before it starts.")
        version = self.version if self.version_id else None
        if version and self.period_start and self.period_end:
            if (version.start_date and self.period_start < version.start_date) or (
                version.end_date and self.period_end > version.end_date
            ):
                errors["period_start"] = _("The period must lie within the agreement's period.")
        if self.party_id and version and (self.party.version_id != version.pk or self.party.is_public):
            errors["party"] = _("Choose one of this agreement's partners.")
        if errors:
            raise ValidationError(errors)


class Payment(models.Model):
    """Money the committee has paid out to a partner under an agreement, booked against
    one instalment (its recipient and due date). Kept: a mistake is corrected by a
    `PaymentCorrection`, never by editing or deleting the payment."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="payments")
    recipient = models.ForeignKey(Organisation, verbose_name=_("recipient"), on_delete=models.PROTECT, related_name="+")
    instalment_due = models.DateField(
        _("instalment"), null=True, help_text=_("The due date of the instalment the payment pays.")
    )
    date = models.DateField(_("date paid"))
    amount = models.DecimalField(_("amount (kr)"), **AMOUNT)
    reference = models.CharField(_("reference"), max_length=100, blank=True, help_text=_("E.g. the voucher number."))
    # The payment form's one-time token: the same form submitted twice records one payment.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["agreement", "date", "pk"]

    def __str__(self):
        return f"{self.recipient} {self.date} {self.amount}"

    @property
    def corrected(self):
        """What correction entries have taken back of this payment (summed by the loader
        when it did not fetch the corrections themselves)."""
        if "corrected_sum" in self.__dict__:
            return self.corrected_sum
        return sum((c.amount for c in self.corrections.all()), Decimal("0"))

    @property
    def net(self):
        return self.amount - self.corrected


class PaymentCorrection(models.Model):
    """A counter-entry that takes back (part of) a payment registered by mistake."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="corrections")
    date = models.DateField(_("corrected on"))
    amount = models.DecimalField(_("amount taken back (kr)"), **AMOUNT)
    reason = models.CharField(_("reason"), max_length=500)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("payment correction")
        verbose_name_plural = _("payment corrections")
        ordering = ["payment", "date", "pk"]

    def __str__(self):
        return f"{self.payment}: −{self.amount}"


class Repayment(models.Model):
    """A claim for money not used as intended (återbetalning)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="repayments")
    debtor = models.ForeignKey(
        Organisation, verbose_name=_("to be repaid by"), on_delete=models.PROTECT, related_name="+"
    )
    claimed_on = models.DateField(_("claimed on"))
    amount = models.DecimalField(_("amount (kr)"), **AMOUNT)
    reason = models.TextField(_("reason"))
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("repayment claim")
        verbose_name_plural = _("repayment claims")
        ordering = ["agreement", "claimed_on", "pk"]

    def __str__(self):
        return f"{self.debtor} {self.amount}"


class TrueUpKind(models.TextChoices):
    CLAW_BACK = "claw_back", _("To claim back")
    TOP_UP = "top_up", _("Top-up to pay")


class TrueUp(models.Model):
    """The true-up (efterreglering) of one paid instalment, once acted on: a claw-back
    becomes a repayment claim, a top-up an amount due again on `due_on`."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="true_ups")
    recipient = models.ForeignKey(Organisation, verbose_name=_("recipient"), on_delete=models.PROTECT, related_name="+")
    instalment_due = models.DateField(_("instalment"))
    kind = models.CharField(_("kind"), max_length=10, choices=TrueUpKind.choices)
    amount = models.DecimalField(_("amount (kr)"), **AMOUNT)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    repayment = models.OneToOneField(Repayment, null=True, blank=True, on_delete=models.PROTECT, related_name="true_up")
    recorded_on = models.DateField(_("recorded on"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("true-up")
        verbose_name_plural = _("true-ups")
        ordering = ["agreement", "instalment_due", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "recipient", "instalment_due"],
                name="one_true_up_per_instalment",
                violation_error_message=_("This instalment's true-up is already recorded."),
            )
        ]

    def __str__(self):
        return f"{self.recipient} {self.instalment_due}: {self.get_kind_display()} {self.amount}"
