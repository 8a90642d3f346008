"""The follow-up of an agreement: its rules, meetings, action items, material and the
yearly follow-up with each party's account."""

from simple_history.models import HistoricalRecords

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from iop.core.validators import ACCOUNT, CHAPTER, PARAGRAPH, TextLimit
from partners.models import Municipality, Organisation


class MeetingKind(models.TextChoices):
    FOLLOW_UP = "follow_up", _("Yearly follow-up")
    OPERATIONAL = "operational", _("Operational meeting")
    STRATEGIC = "strategic", _("Strategic meeting")


class Convener(models.TextChoices):
    ADMINISTRATION = "administration", _("The administration")
    PARTNERS = "partners", _("The partners")
    COMMITTEE = "committee", _("The committee")


class FollowUpRule(models.Model):
    """How often a kind of meeting is held under an agreement, in which months, and who
    convenes it: "at least once a year, convened by the administration"; "quarterly,
    convened by the partners"; "twice a year, in April and October"."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="follow_up_rules")
    kind = models.CharField(_("kind of meeting"), max_length=20, choices=MeetingKind.choices)
    months = models.CharField(
        _("months"),
        max_length=40,
        help_text=_(
            "The months the meetings fall due, as numbers: 12 for once a year by December, 3,6,9,12 quarterly, 4,10 for April and October."
        ),
    )
    convened_by = models.CharField(_("convened by"), max_length=20, choices=Convener.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up rule")
        verbose_name_plural = _("follow-up rules")
        ordering = ["agreement", "kind"]
        constraints = [models.UniqueConstraint(fields=["agreement", "kind"], name="one_rule_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.months})"

    @property
    def month_numbers(self):
        return sorted({int(month) for month in self.months.replace(" ", "").split(",") if month})


class DefaultFollowUpRule(models.Model):
    """A municipality's usual follow-up rule of one kind of meeting: each new agreement of
    its committees starts with it (a planner may change or remove it)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="default_follow_up_rules")
    kind = models.CharField(_("kind of meeting"), max_length=20, choices=MeetingKind.choices)
    months = models.CharField(_("months"), max_length=40)
    convened_by = models.CharField(_("convened by"), max_length=20, choices=Convener.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("default follow-up rule")
        verbose_name_plural = _("default follow-up rules")
        ordering = ["municipality", "kind"]
        constraints = [models.UniqueConstraint(fields=["municipality", "kind"], name="one_default_rule_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.months})"


class FollowUpMeeting(models.Model):
    """A meeting held under an agreement, with its minutes."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("kind of meeting"), max_length=20, choices=MeetingKind.choices)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    convened_by = models.CharField(_("convened by"), max_length=20, choices=Convener.choices)
    participants = models.TextField(
        _("participants"),
        blank=True,
        help_text=_("Parties and people present."),
        validators=[TextLimit(PARAGRAPH)],
    )
    agenda = models.TextField(_("agenda"), blank=True, validators=[TextLimit(CHAPTER)])
    minutes = models.TextField(_("minutes"), blank=True, validators=[TextLimit(CHAPTER)])
    decisions = models.TextField(_("decisions"), blank=True, validators=[TextLimit(CHAPTER)])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up meeting")
        verbose_name_plural = _("follow-up meetings")
        ordering = ["-date", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date}"


class ActionItem(models.Model):
    meeting = models.ForeignKey(FollowUpMeeting, on_delete=models.CASCADE, related_name="action_items")
    text = models.CharField(_("action"), max_length=500)
    owner = models.CharField(_("owner"), max_length=200)
    owner_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("owner's organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("When a partner owns the action, it shows on their start page."),
    )
    due_date = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.text


class MeetingMaterial(models.Model):
    """What a party adds to a meeting: its own report, comments on the minutes."""

    meeting = models.ForeignKey(FollowUpMeeting, on_delete=models.CASCADE, related_name="materials")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("material"), validators=[TextLimit(CHAPTER)])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting material")
        verbose_name_plural = _("meeting materials")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.organisation} {self.meeting}"


class YearlyFollowUp(models.Model):
    """What was recorded during a year beyond money and hours: participants and indicators,
    and each party's own account."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="yearly_follow_ups")
    year = models.PositiveSmallIntegerField(_("year"))
    participants_reached = models.PositiveIntegerField(_("participants reached"), null=True, blank=True)
    indicators = models.TextField(
        _("other indicators"),
        blank=True,
        help_text=_("E.g. “58, of whom 5 went on to work”."),
        validators=[TextLimit(PARAGRAPH)],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("yearly follow-up")
        verbose_name_plural = _("yearly follow-ups")
        ordering = ["agreement", "-year"]
        constraints = [models.UniqueConstraint(fields=["agreement", "year"], name="one_follow_up_per_year")]

    def __str__(self):
        return f"{self.agreement} {self.year}"


class YearlyNarrative(models.Model):
    """One party's account of the year, in its own words."""

    follow_up = models.ForeignKey(YearlyFollowUp, on_delete=models.CASCADE, related_name="narratives")
    party_name = models.CharField(_("party"), max_length=200)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("account of the year"), blank=True, validators=[TextLimit(ACCOUNT)])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("account of the year")
        verbose_name_plural = _("accounts of the year")
        ordering = ["follow_up", "pk"]
        constraints = [models.UniqueConstraint(fields=["follow_up", "party_name"], name="one_narrative_per_party")]

    def __str__(self):
        return self.party_name
