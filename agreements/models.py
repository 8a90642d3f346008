# Long module: the agreement, its versions and what hangs on them are one data model; the signed-record rules are in records.py.
"""The agreement (överenskommelse) and its versions.

An Agreement is the lasting case: its registry number (Dnr), its predecessors, and what
happens to it after signing (extensions, termination). Its text and figures live in
AgreementVersion rows: the first version, then one per amendment. A version that has
been signed by every party is a record and never changes again: its models inherit the
guards of agreements.records.
"""

from simple_history.models import HistoricalRecords

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreements import records
from agreements.records import (
    FrozenWhenSigned,
    SignedVersionError,  # noqa: F401 (callers import it from the models)
    WrittenOnce,
    WrittenOnceError,
    WrittenOnceQuerySet,
)
from iop.core.validators import CHAPTER, PARAGRAPH, TextLimit
from partners.models import Administration, Committee, Contact, Municipality, Organisation


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    READY = "ready", _("Ready for decision")
    DECIDED = "decided", _("Decided")
    SIGNED = records.SIGNED, _("Signed")


class Judgement(models.TextChoices):
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")


# Forum's eight criteria for when an IOP may be entered (seeds/info-iop-bildningsnamnden.txt).
CRITERIA = {
    1: _("The activity takes place on the initiative of the non-profit organisation."),
    2: _(
        "The activity is a step in realising a political programme or plan in which the non-profit "
        "organisations are mentioned specifically."
    ),
    3: _("The activity contributes to local development and participation in society."),
    4: _("The activity cannot be seen as part of the standard association grant."),
    5: _("There is no market or competitive situation to protect."),
    6: _("Both parties finance the activity (with money or other contributions)."),
    7: _("The activity is not regulated in detail by the municipality."),
    8: _(
        "Both parties want, and see a point in, a different contractual relationship or cooperation "
        "that is not built on market mechanisms and commercial logic."
    ),
}


# The fields of a version in the order the agreement reads: its basic facts, then its texts.
# Forms, comparison and copying all take them from here.
BASIC_FIELDS = (
    "title",
    "committee",
    "administration",
    "start_date",
    "end_date",
    "extension_months",
    "extension_count",
    "notice_months",
    "decision_deadline",
    "signing_place",
)
TEXT_FIELDS = (
    "background",
    "challenge",
    "purpose",
    "objectives",
    "target_group",
    "value_base",
    "value_base_references",
    "gender_equality",
    "starting_points",
    "referral",
    "planned_participants",
    "participants_note",
    "follow_up",
    "economy",
    "conditions",
    "changes_clause",
    "legal_review",
)


class AgreementQuerySet(models.QuerySet):
    def search(self, text):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(registry_number__icontains=text)
            | Q(versions__title__icontains=text)
            | Q(versions__parties__organisation__name__icontains=text)
        ).distinct()


class Agreement(models.Model):
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="agreements"
    )
    registry_number = models.CharField(
        _("registry number (Dnr)"),
        max_length=40,
        blank=True,
        help_text=_("As in the registry, e.g. ÄN 2019-878. Required before the agreement goes to decision."),
    )
    # The committee decides whether the agreement is listed in the municipality's public
    # register, and whether the signed PDF is published with it.
    in_public_register = models.BooleanField(
        _("listed in the public register"),
        default=False,
        help_text=_("The committee's decision: the agreement is shown on the municipality's public page."),
    )
    signed_pdf_public = models.BooleanField(
        _("signed agreement published"),
        default=False,
        help_text=_("The committee's decision: the signed PDF can be downloaded from the public register."),
    )
    predecessors = models.ManyToManyField(
        "self",
        verbose_name=_("replaces"),
        symmetrical=False,
        related_name="successors",
        blank=True,
        help_text=_("The agreements this one renews or replaces."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[predecessors])

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "registry_number"],
                condition=~Q(registry_number=""),
                name="unique_registry_number_in_municipality",
                violation_error_message=_("The municipality already has an agreement with this registry number."),
            )
        ]

    def __str__(self):
        version = self.latest_version
        title = version.title if version else ""
        return f"{self.registry_number} {title}".strip() or _("Agreement without registry number")

    def get_absolute_url(self):
        return reverse("agreements:agreement-detail", args=[self.pk])

    @property
    def latest_version(self):
        versions = getattr(self, "_prefetched_objects_cache", {}).get("versions")
        if versions is not None:
            return max(versions, key=lambda v: v.number, default=None)
        return self.versions.order_by("-number").first()


class AgreementVersion(FrozenWhenSigned):
    """The text and figures of an agreement as decided and signed together."""

    VERSION_PATH = ""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    lock_version = models.PositiveIntegerField(default=0, editable=False)

    title = models.CharField(_("title"), max_length=300)
    committee = models.ForeignKey(Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="+")
    administration = models.ForeignKey(
        Administration,
        verbose_name=_("responsible administration"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    extension_months = models.PositiveSmallIntegerField(
        _("length of an extension (months)"), null=True, blank=True, help_text=_("E.g. 36 for three more years.")
    )
    extension_count = models.PositiveSmallIntegerField(
        _("number of extensions allowed"), default=0, help_text=_("0 if the agreement has no extension option.")
    )
    notice_months = models.PositiveSmallIntegerField(_("notice period (months)"), null=True, blank=True)
    decision_deadline = models.DateField(
        _("decision on change, extension or ending by"),
        null=True,
        blank=True,
        help_text=_("The date by which the parties must decide whether to change, extend or end the agreement."),
    )

    background = models.TextField(_("background"), blank=True, validators=[TextLimit(CHAPTER)])
    challenge = models.TextField(_("shared societal challenge"), blank=True, validators=[TextLimit(CHAPTER)])
    purpose = models.TextField(_("purpose"), blank=True, validators=[TextLimit(CHAPTER)])
    objectives = models.TextField(_("objectives"), blank=True, validators=[TextLimit(CHAPTER)])
    target_group = models.TextField(_("target group"), blank=True, validators=[TextLimit(CHAPTER)])
    value_base = models.TextField(_("value base"), blank=True, validators=[TextLimit(CHAPTER)])
    value_base_references = models.TextField(
        _("value base references"),
        blank=True,
        help_text=_("One per line, e.g. Barnkonventionen."),
        validators=[TextLimit(PARAGRAPH)],
    )
    gender_equality = models.TextField(_("gender equality"), blank=True, validators=[TextLimit(CHAPTER)])
    starting_points = models.TextField(
        _("starting points (political decisions)"), blank=True, validators=[TextLimit(CHAPTER)]
    )
    referral = models.TextField(
        _("referral routes"),
        blank=True,
        help_text=_("E.g. AMC, Familjecentralerna, own initiative."),
        validators=[TextLimit(PARAGRAPH)],
    )
    planned_participants = models.PositiveIntegerField(_("planned participants"), null=True, blank=True)
    participants_note = models.CharField(_("participants, in words"), max_length=300, blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True, validators=[TextLimit(CHAPTER)])
    economy = models.TextField(_("economy"), blank=True, validators=[TextLimit(CHAPTER)])
    conditions = models.TextField(
        _("conditions"),
        blank=True,
        help_text=_("E.g. in force only when all parties have signed."),
        validators=[TextLimit(CHAPTER)],
    )
    changes_clause = models.TextField(_("changes"), blank=True, validators=[TextLimit(CHAPTER)])
    signing_place = models.CharField(_("place of signing"), max_length=100, blank=True)
    # The printed agreement's month (its cover): the original says "Oktober 2019" while the
    # decision came in November. Not copied to an amendment: each document has its own date.
    document_date = models.DateField(
        _("document date"),
        null=True,
        blank=True,
        help_text=_(
            "The month on the cover of the printed agreement. Empty: the month of the decision, else this month."
        ),
    )

    legal_review = models.TextField(
        _("legal review (procurement and state aid)"), blank=True, validators=[TextLimit(CHAPTER)]
    )

    decision_body = models.CharField(_("decided by"), max_length=200, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_reference = models.CharField(_("paragraph"), max_length=100, blank=True, help_text=_("E.g. § 45."))
    signed_on = models.DateField(_("signed on"), null=True, blank=True)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering = ["agreement", "number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="unique_version_number")]

    def __str__(self):
        return f"{self.agreement.registry_number} {self.title} ({_('version')} {self.number})".strip()

    def get_absolute_url(self):
        return reverse("agreements:version-detail", args=[self.agreement_id, self.number])

    def _target_version_id(self):
        return None  # a version's own row is checked as stored

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            errors["end_date"] = _("The end date must come after the start date.")
        if self.decision_deadline and self.end_date and self.decision_deadline > self.end_date:
            errors["decision_deadline"] = _("The decision must be taken by the end date at the latest.")
        if self.decision_deadline and self.start_date and self.decision_deadline < self.start_date:
            errors["decision_deadline"] = _("The decision date comes before the agreement starts.")
        if self.extension_count and not self.extension_months:
            errors["extension_months"] = _("State how long an extension is.")
        if self.extension_months and not self.extension_count:
            errors["extension_count"] = _("State how many times the agreement may be extended.")
        errors.update(self._municipality_errors())
        if errors:
            raise ValidationError(errors)

    def _municipality_errors(self):
        """The committee and the administration are the agreement's municipality's: several
        municipalities share an installation strictly apart."""
        errors = {}
        if not self.agreement_id:
            return errors
        municipality_id = self.agreement.municipality_id
        if self.committee_id and self.committee.municipality_id != municipality_id:
            errors["committee"] = _("Choose a committee of the agreement's municipality.")
        if self.administration_id and self.administration.municipality_id != municipality_id:
            errors["administration"] = _("Choose an administration of the agreement's municipality.")
        return errors

    @property
    def is_signed(self):
        return self.status == Status.SIGNED

    def responsibility_groups(self):
        """[(party or None for joint, [responsibilities])] in the order the agreements read:
        the municipality's, the joint ones, then each partner's."""
        items = list(self.responsibilities.all())
        parties = sorted(self.parties.all(), key=lambda party: (not party.is_public, party.order, party.pk))
        groups = [(party, [item for item in items if item.party_id == party.pk]) for party in parties]
        groups.insert(1, (None, [item for item in items if item.party_id is None]))
        return [(party, group) for party, group in groups if group]

    @property
    def references(self):
        return [line.strip() for line in self.value_base_references.splitlines() if line.strip()]


class Party(FrozenWhenSigned):
    """A party of one version: the committee (public party) or a partner organisation."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="parties")
    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parties",
    )
    description = models.TextField(_("description of the party"), blank=True, validators=[TextLimit(PARAGRAPH)])
    contact = models.ForeignKey(
        Contact, verbose_name=_("contact person"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signatory = models.ForeignKey(
        Contact, verbose_name=_("signatory"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["version", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(committee__isnull=False, organisation__isnull=True)
                | Q(committee__isnull=True, organisation__isnull=False),
                name="party_is_committee_or_organisation",
            ),
            models.UniqueConstraint(
                fields=["version", "organisation"],
                name="organisation_once_per_version",
                violation_error_message=_("The organisation is already a party of this agreement."),
            ),
            models.UniqueConstraint(
                fields=["version"],
                condition=Q(committee__isnull=False),
                name="one_committee_party_per_version",
                violation_error_message=_("An agreement has one public party."),
            ),
        ]

    def __str__(self):
        return str(self.committee or self.organisation)

    def clean(self):
        if self.committee_id and self.committee.municipality_id != self.version.agreement.municipality_id:
            raise ValidationError({"committee": _("Choose a committee of the agreement's municipality.")})
        # Contact person and signatory act for this party, not for someone else.
        for name in ("contact", "signatory"):
            person = getattr(self, name)
            if person is None:
                continue
            if self.organisation_id:
                belongs = person.organisation_id == self.organisation_id
            else:
                # The committee's own people, or those of the administration responsible
                # for the agreement or serving the committee.
                belongs = person.committee_id == self.committee_id or (
                    person.administration_id is not None
                    and (
                        person.administration_id == self.version.administration_id
                        or person.administration.committees.filter(pk=self.committee_id).exists()
                    )
                )
            if not belongs:
                raise ValidationError({name: _("Choose a person who acts for this party.")})

    @property
    def is_public(self):
        return self.committee_id is not None

    @property
    def name(self):
        return str(self)


class Responsibility(FrozenWhenSigned):
    """One commitment in "Partnerskapets innehåll": of a party, or joint when party is empty."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="responsibilities")
    party = models.ForeignKey(
        Party,
        verbose_name=_("whose"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="responsibilities",
        help_text=_("Empty for a joint responsibility."),
    )
    text = models.TextField(_("responsibility"), max_length=2000, validators=[TextLimit(2000)])
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        ordering = ["version", "order", "pk"]

    def __str__(self):
        return self.text[:60]


class Activity(FrozenWhenSigned):
    """A named activity of the agreement (e.g. promenadgrupper); hours are logged against it."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="activities")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, validators=[TextLimit(PARAGRAPH)])
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["version", "order", "pk"]

    def __str__(self):
        return self.name


class Section(FrozenWhenSigned):
    """An agreement-specific chapter, e.g. "Uppsökande verksamhet"."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="sections")
    heading = models.CharField(_("heading"), max_length=200)
    body = models.TextField(_("text"), blank=True, validators=[TextLimit(CHAPTER)])
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        ordering = ["version", "order", "pk"]

    def __str__(self):
        return self.heading


class CriterionAssessment(FrozenWhenSigned):
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="assessments")
    criterion = models.PositiveSmallIntegerField(_("criterion"), choices=[(n, n) for n in CRITERIA])
    judgement = models.CharField(_("judgement"), max_length=10, choices=Judgement.choices, blank=True)
    motivation = models.TextField(_("motivation"), blank=True, validators=[TextLimit(PARAGRAPH)])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion assessment")
        verbose_name_plural = _("criterion assessments")
        ordering = ["version", "criterion"]
        constraints = [models.UniqueConstraint(fields=["version", "criterion"], name="one_assessment_per_criterion")]

    def __str__(self):
        return f"{self.criterion}: {self.get_judgement_display()}"

    @property
    def text(self):
        return CRITERIA[self.criterion]


class Signature(FrozenWhenSigned):
    """A party's signature on a version, as written on the paper original."""

    VERSION_PATH = "party__version"

    party = models.OneToOneField(Party, on_delete=models.CASCADE, related_name="signature")
    signatory_name = models.CharField(_("signed by"), max_length=200)
    signatory_title = models.CharField(_("title"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=100)
    date = models.DateField(_("date"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["party__order", "party__pk"]

    def __str__(self):
        return f"{self.signatory_name} ({self.party})"

    def _target_version_id(self):
        return Party._base_manager.filter(pk=self.party_id).values_list("version_id", flat=True).first()


class Extension(models.Model):
    """Use of the extension option: a decision that moves the end date."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="extensions")
    decision_body = models.CharField(_("decided by"), max_length=200)
    decision_date = models.DateField(_("decision date"))
    decision_reference = models.CharField(_("paragraph"), max_length=100, blank=True)
    previous_end = models.DateField(_("previous end date"))
    new_end = models.DateField(_("new end date"))
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["agreement", "new_end"]

    def __str__(self):
        return f"{self.previous_end} → {self.new_end}"


class Termination(models.Model):
    """A party's written notice; the agreement ends when the notice period has run."""

    agreement = models.OneToOneField(Agreement, on_delete=models.PROTECT, related_name="termination")
    party_name = models.CharField(_("terminated by"), max_length=200)
    notice_date = models.DateField(_("date of the written notice"))
    end_date = models.DateField(_("ends on"))
    reason = models.TextField(_("reason"), blank=True, validators=[TextLimit(PARAGRAPH)])
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("termination")
        verbose_name_plural = _("terminations")

    def __str__(self):
        return f"{self.party_name} {self.notice_date}"


class DefaultText(models.Model):
    """A municipality's standard wording for a field of new agreements, kept by its administrators."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="default_texts"
    )
    field = models.CharField(_("field"), max_length=50)
    text = models.TextField(_("text"), blank=True, validators=[TextLimit(CHAPTER)])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("default text")
        verbose_name_plural = _("default texts")
        ordering = ["field"]
        constraints = [models.UniqueConstraint(fields=["municipality", "field"], name="unique_default_text_field")]

    def __str__(self):
        return self.field


class SignedDocument(WrittenOnce):
    """The PDF of a signed version, rendered once when the last party signed (PDF/A).
    Every later download returns exactly these bytes."""

    version = models.OneToOneField(AgreementVersion, on_delete=models.PROTECT, related_name="signed_document")
    pdf = models.BinaryField()
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("rendered"), auto_now_add=True)

    class Meta:
        verbose_name = _("signed document")
        verbose_name_plural = _("signed documents")

    def __str__(self):
        return f"{self.version} {self.sha256[:12]}"


class ScannedOriginalQuerySet(WrittenOnceQuerySet):
    """No bulk update or delete: a wrong scan is withdrawn, one by one, through its save."""

    def current(self):
        return self.filter(withdrawn_at__isnull=True)


class ScannedOriginal(models.Model):
    """A scan of the paper original with the handwritten signatures, kept beside the PDF.

    Its bytes are written once. A wrong scan is withdrawn with a reason (the only change a
    scan takes) and stays, so that the right one can be uploaded beside it."""

    WITHDRAWAL = ("withdrawn_at", "withdrawn_by", "withdrawal_reason")

    version = models.ForeignKey(AgreementVersion, on_delete=models.PROTECT, related_name="scans")
    pdf = models.BinaryField()
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    filename = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("uploaded by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        "accounts.User", verbose_name=_("withdrawn by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    withdrawal_reason = models.TextField(_("reason for the withdrawal"), blank=True, validators=[TextLimit(PARAGRAPH)])
    history = HistoricalRecords(excluded_fields=["pdf"])  # the bytes never change; the history tells who did what

    objects = ScannedOriginalQuerySet.as_manager()

    class Meta:
        verbose_name = _("scanned original")
        verbose_name_plural = _("scanned originals")
        ordering = ["version", "uploaded_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_current_scan_per_version",
                violation_error_message=_("A scan of the original is already kept for this version."),
            )
        ]

    def __str__(self):
        return self.filename

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._is_withdrawal(kwargs.get("update_fields")):
            raise WrittenOnceError()
        super().save(*args, **kwargs)

    def _is_withdrawal(self, update_fields):
        # Only the withdrawal is written to a stored scan, and only once.
        return (
            update_fields is not None
            and set(update_fields) <= set(self.WITHDRAWAL)
            and type(self)._base_manager.filter(pk=self.pk, withdrawn_at__isnull=True).exists()
        )

    def delete(self, *args, **kwargs):
        raise WrittenOnceError()

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None
