"""Volunteer hours that partners report against their agreements, month by month.

No names or other personal data of volunteers are stored: an entry says how many hours
how many volunteers gave to which activity, nothing about who they are.
"""

from decimal import Decimal

from simple_history.models import HistoricalRecords

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from agreements.models import Activity, Agreement
from iop.core.validators import PARAGRAPH, TextLimit
from partners.models import Organisation


class MonthStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


# A month in these states can be changed by the partner; the others are locked.
EDITABLE = (MonthStatus.OPEN, MonthStatus.RETURNED)


class MonthReport(models.Model):
    """One organisation's hours under one agreement for one month, and where they stand."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="month_reports")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    status = models.CharField(_("status"), max_length=10, choices=MonthStatus.choices, default=MonthStatus.OPEN)
    comment = models.TextField(
        _("comment"), blank=True, help_text=_("Why the month was returned."), validators=[TextLimit(PARAGRAPH)]
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved or returned by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("approved or returned"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("month report")
        verbose_name_plural = _("month reports")
        ordering = ["-month", "agreement", "organisation"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "organisation", "month"], name="one_report_per_month"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="report_month_is_first_day"),
        ]

    def __str__(self):
        return f"{self.organisation} {self.month:%Y-%m}"

    @property
    def editable(self):
        return self.status in EDITABLE


class HourEntry(models.Model):
    """Hours given by volunteers to one activity on one day, or in one whole month."""

    report = models.ForeignKey(MonthReport, on_delete=models.PROTECT, related_name="entries")
    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"), help_text=_("The day; for a whole month, its first day."))
    whole_month = models.BooleanField(_("whole month"), default=False)
    hours = models.DecimalField(
        _("hours"),
        max_digits=7,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("100000"))],
    )
    volunteers = models.PositiveIntegerField(
        _("number of volunteers"), validators=[MinValueValidator(1), MaxValueValidator(100000)]
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hours entry")
        verbose_name_plural = _("hours entries")
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["report", "activity"]), models.Index(fields=["date"])]

    def __str__(self):
        return f"{self.date} {self.activity}: {self.hours} h"
