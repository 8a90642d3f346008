"""The register of parties: the municipality, its committees and administrations, the
non-profit organisations, and the people (contacts) who act for them."""

import re

from simple_history.models import HistoricalRecords

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iop.core.collation import swedish
from partners.fields import OrganisationNumberField

UNIQUE_ORG_NUMBER = {"unique": _("An organisation with this organisation number is already registered.")}


class Municipality(models.Model):
    """A municipality (or region) and its own settings. Several live in one installation,
    strictly apart: its committees, administrations, agreements, standard texts and staff
    belong to it alone (iop.accounts.access scopes every query by it)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    org_number = OrganisationNumberField(_("organisation number"), unique=True, error_messages=UNIQUE_ORG_NUMBER)
    slug = models.SlugField(
        _("address name"),
        max_length=60,
        unique=True,
        help_text=_("The municipality's part of the public register's address, e.g. exempelby."),
    )
    # The settings its administrators keep.
    guideline_min = models.PositiveSmallIntegerField(
        _("guideline: lowest municipal share (%)"),
        null=True,
        blank=True,
        default=40,
        help_text=_("Empty, with the highest share empty too, for no guideline."),
    )
    guideline_max = models.PositiveSmallIntegerField(
        _("guideline: highest municipal share (%)"), null=True, blank=True, default=60
    )
    # The logo on the printed agreement's cover and header: PNG or JPEG bytes, checked on upload.
    logo = models.BinaryField(_("logo"), null=True, blank=True, editable=False)
    logo_content_type = models.CharField(max_length=20, blank=True, editable=False)
    # The keys of the printed agreement's sections in the municipality's order; empty: the seeds' order.
    section_order = models.JSONField(_("order of the printed sections"), default=list, blank=True)
    history = HistoricalRecords(excluded_fields=["logo"])

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = [swedish("name")]
        constraints = [
            models.CheckConstraint(
                condition=Q(guideline_min__isnull=True, guideline_max__isnull=True)
                | Q(guideline_min__lte=models.F("guideline_max"), guideline_max__lte=100),
                name="municipality_guideline_band",
                violation_error_message=_(
                    "Give both the lowest and the highest share, the lowest not above the highest "
                    "and neither above 100 %, or leave both empty."
                ),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:municipality-detail", args=[self.pk])


class Committee(models.Model):
    """A municipal committee (nämnd): the public party of an agreement."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="committees"
    )
    name = models.CharField(_("name"), max_length=200)
    abbreviation = models.CharField(
        _("abbreviation"), max_length=20, blank=True, help_text=_("As in registry numbers, e.g. ÄN.")
    )
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = [swedish("name")]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="unique_committee_name",
                violation_error_message=_("The municipality already has a committee with this name."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:committee-detail", args=[self.pk])

    def clean(self):
        # Moved to another municipality, it would be served by the old one's administrations.
        if (
            self.pk
            and self.municipality_id
            and self.administrations.exclude(municipality=self.municipality_id).exists()
        ):
            raise ValidationError({"municipality": _("Administrations of another municipality serve this committee.")})


class Administration(models.Model):
    """A municipal administration (förvaltning) serving one or more committees."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="administrations",
    )
    name = models.CharField(_("name"), max_length=200)
    committees = models.ManyToManyField(
        Committee, verbose_name=_("committees served"), related_name="administrations", blank=True
    )
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(m2m_fields=[committees])

    class Meta:
        verbose_name = _("administration")
        verbose_name_plural = _("administrations")
        ordering = [swedish("name")]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="unique_administration_name",
                violation_error_message=_("The municipality already has an administration with this name."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:administration-detail", args=[self.pk])

    def check_committees(self, committees, field="committees"):
        """An administration serves only committees of its own municipality (a many-to-many
        set after saving, so the services and the form call this before they set it)."""
        if any(committee.municipality_id != self.municipality_id for committee in committees):
            raise ValidationError({field: _("An administration serves only committees of its own municipality.")})


class OrganisationQuerySet(models.QuerySet):
    def search(self, text: str):
        """Organisations whose name or organisation number contains the text."""
        text = (text or "").strip()
        if not text:
            return self
        condition = Q(name__icontains=text) | Q(org_number__icontains=text)
        digits = re.sub(r"[\s-]", "", text)
        if digits.isdigit() and len(digits) > 6:
            # Numbers are stored with the hyphen; "8220030913" still finds 822003-0913.
            condition |= Q(org_number__startswith=f"{digits[:6]}-{digits[6:]}")
        return self.filter(condition)


class Organisation(models.Model):
    """A non-profit, idea-based organisation (idéburen organisation)."""

    name = models.CharField(_("name"), max_length=200)
    org_number = OrganisationNumberField(
        _("organisation number"),
        null=True,
        blank=True,
        unique=True,
        error_messages=UNIQUE_ORG_NUMBER,
        help_text=_("NNNNNN-NNNN. May be left empty for now; required before the organisation signs an agreement."),
    )
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("short description"), max_length=2000, blank=True)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = [swedish("name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:organisation-detail", args=[self.pk])


class Contact(models.Model):
    """A person at a committee, an administration or an organisation (exactly one)."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    administration = models.ForeignKey(
        Administration,
        verbose_name=_("administration"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contacts",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contacts",
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_signatory = models.BooleanField(
        _("authorised signatory"), default=False, help_text=_("May sign agreements on behalf of the party.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = [swedish("name")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(committee__isnull=False, administration__isnull=True, organisation__isnull=True)
                    | Q(committee__isnull=True, administration__isnull=False, organisation__isnull=True)
                    | Q(committee__isnull=True, administration__isnull=True, organisation__isnull=False)
                ),
                name="contact_has_exactly_one_party",
                violation_error_message=_(
                    "A contact belongs to exactly one committee, administration or organisation."
                ),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.party.get_absolute_url()

    @property
    def party(self):
        return self.committee or self.administration or self.organisation
