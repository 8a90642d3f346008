"""Forms of the agreement pages. They only collect and check input; the services in
agreements.services decide and write."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agreements.models import (
    BASIC_FIELDS,
    CRITERIA,
    Activity,
    Agreement,
    AgreementVersion,
    Judgement,
    Party,
    Responsibility,
    Section,
    Status,
)
from agreements.services import DEFAULT_TEXT_FIELDS
from agreements.state import Phase
from iop.accounts import access
from iop.core.forms import ModelMultipleChoiceField
from iop.core.widgets import NameChoiceField, QuickSelect
from partners.models import Administration, Committee, Contact, Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# The agreement is edited part by part, in the order it reads: (title, fields).
PARTS = {
    "basics": (_("Basic facts"), [*BASIC_FIELDS, "document_date"]),
    "background": (_("Background and purpose"), ["background", "challenge", "purpose", "objectives", "target_group"]),
    "values": (_("Value base and gender equality"), ["value_base", "value_base_references", "gender_equality"]),
    "starting_points": (
        _("Starting points and participants"),
        ["starting_points", "referral", "planned_participants", "participants_note"],
    ),
    "conditions": (_("Follow-up, economy and terms"), ["follow_up", "economy", "conditions", "changes_clause"]),
}


class LockedForm(forms.Form):
    """Carries the version's lock number, so a save over someone else's is refused."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput)


def version_part_form(part):
    fields = PARTS[part][1]

    class VersionPartForm(forms.ModelForm):
        lock_version = forms.IntegerField(widget=forms.HiddenInput)

        class Meta:
            model = AgreementVersion
            fields = PARTS[part][1]
            widgets = {name: DATE for name in ("start_date", "end_date", "decision_deadline", "document_date")} | {
                name: forms.Textarea(attrs={"rows": 8}) for name in ("background", "challenge", "purpose")
            }

        def __init__(self, *args, user=None, **kwargs):
            super().__init__(*args, **kwargs)
            self.initial.setdefault("lock_version", self.instance.lock_version)
            # Only the agreement's municipality's committees and administrations.
            municipality = self.instance.agreement.municipality_id
            if "committee" in self.fields:
                committees = Committee.objects.filter(active=True, municipality=municipality)
                if user is not None and not access.is_administrator(user):
                    committees = committees.filter(pk__in=user.committees.values("pk"))
                self.fields["committee"].queryset = committees
            if user is not None:  # the committee and administration of the user's municipality only
                access.narrow_choices(user, self)
            if "administration" in self.fields:
                self.fields["administration"].queryset = Administration.objects.filter(municipality=municipality)
            if part == "basics":
                self.fields["registry_number"] = forms.CharField(
                    label=Agreement._meta.get_field("registry_number").verbose_name,
                    help_text=Agreement._meta.get_field("registry_number").help_text,
                    max_length=40,
                    required=False,
                    initial=self.instance.agreement.registry_number,
                    # An amendment keeps the number the agreement was signed with.
                    disabled=self.instance.agreement.versions.filter(status=Status.SIGNED).exists(),
                )
                self.order_fields(["registry_number", *fields])

    return VersionPartForm


class AgreementCreateForm(forms.Form):
    START_BLANK, START_DEFAULTS, START_COPY = "blank", "defaults", "copy"
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=Committee.objects.none())
    title = forms.CharField(label=_("Title"), max_length=300)
    registry_number = forms.CharField(label=_("Registry number (Dnr)"), max_length=40, required=False)
    start = forms.ChoiceField(
        label=_("Start from"),
        widget=forms.RadioSelect,
        choices=[
            (START_DEFAULTS, _("The municipality's default texts")),
            (START_BLANK, _("A blank agreement")),
            (START_COPY, _("A copy of an existing agreement")),
        ],
        initial=START_DEFAULTS,
    )
    copy_from = forms.ModelChoiceField(label=_("Agreement to copy"), queryset=Agreement.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The user's municipality's committees (a planner's own); the superuser's any.
        committees = access.in_municipality(user, Committee.objects.filter(active=True))
        if not access.is_administrator(user):
            committees = committees.filter(pk__in=user.committees.values("pk"))
        self.fields["committee"].queryset = committees.select_related("municipality")
        if user.is_superuser:  # committees of several municipalities may share a name
            self.fields["committee"].label_from_instance = lambda committee: f"{committee} ({committee.municipality})"
        self.fields["copy_from"].queryset = access.in_municipality(
            user, access.visible(user, Agreement).exclude(registry_number="")
        )

    def clean(self):
        data = super().clean()
        if data.get("start") == self.START_COPY and not data.get("copy_from"):
            self.add_error("copy_from", _("Choose the agreement to copy."))
        committee, copy_from = data.get("committee"), data.get("copy_from")
        if data.get("start") == self.START_COPY and committee and copy_from:
            if copy_from.municipality_id != committee.municipality_id:
                self.add_error("copy_from", _("Choose an agreement of the committee's municipality."))
        return data


class PartyAddForm(LockedForm):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.filter(active=True))
    description = forms.CharField(
        label=_("Description of the party"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class PartyForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Party
        fields = ["description", "contact", "signatory"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, lock_version, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["lock_version"] = lock_version
        party = self.instance
        if party.committee_id:
            # The committee is represented by its own people or those of its administrations.
            contacts = Contact.objects.filter(
                Q(committee=party.committee_id)
                | Q(administration__committees=party.committee_id)
                | Q(administration=party.version.administration_id)
            )
        else:
            contacts = Contact.objects.filter(organisation=party.organisation_id)
        self.fields["contact"].queryset = contacts.distinct()
        self.fields["signatory"].queryset = contacts.filter(is_signatory=True).distinct()


class _ItemForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("lock_version", version.lock_version)
        if "party" in self.fields:
            self.fields["party"].queryset = version.parties.select_related("committee", "organisation")
            self.fields["party"].empty_label = _("Joint (all parties)")


ITEM_KINDS = {
    # key: (model, fields, service kind)
    "responsibilities": (Responsibility, ["party", "text"], "responsibility"),
    "activities": (Activity, ["name", "description"], "activity"),
    "chapters": (Section, ["heading", "body"], "section"),
}


def item_form(kind):
    """The form class of a responsibility, activity or chapter."""
    model, fields, _kind = ITEM_KINDS[kind]
    return forms.modelform_factory(
        model,
        form=_ItemForm,
        fields=fields,
        widgets={"text": forms.Textarea(attrs={"rows": 3}), "body": forms.Textarea(attrs={"rows": 10})},
    )


class CriteriaForm(LockedForm):
    legal_review = forms.CharField(
        label=AgreementVersion._meta.get_field("legal_review").verbose_name,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        existing = {a.criterion: a for a in version.assessments.all()}
        self.initial.setdefault("lock_version", version.lock_version)
        self.initial.setdefault("legal_review", version.legal_review)
        for number, text in CRITERIA.items():
            assessment = existing.get(number)
            self.fields[f"judgement_{number}"] = forms.ChoiceField(
                label=f"{number}. {text}",
                choices=[("", _("Not yet judged"))] + list(Judgement.choices),
                required=False,
                initial=assessment.judgement if assessment else "",
            )
            self.fields[f"motivation_{number}"] = forms.CharField(
                label=_("Motivation for criterion %(number)s") % {"number": number},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=assessment.motivation if assessment else "",
            )
        self.order_fields([*[f for n in CRITERIA for f in (f"judgement_{n}", f"motivation_{n}")], "legal_review"])

    def clean(self):
        data = super().clean()
        for number in CRITERIA:
            if data.get(f"judgement_{number}") and not data.get(f"motivation_{number}", "").strip():
                self.add_error(f"motivation_{number}", _("Give the reason for the judgement."))
        return data

    def answers(self):
        return {
            n: (self.cleaned_data[f"judgement_{n}"], self.cleaned_data[f"motivation_{n}"].strip()) for n in CRITERIA
        }


class DecisionForm(forms.Form):
    decision_body = forms.CharField(label=_("Decided by"), max_length=200)
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE)
    decision_reference = forms.CharField(
        label=_("Paragraph"), max_length=100, required=False, help_text=_("E.g. § 45.")
    )


class SignatureForm(forms.Form):
    signatory_name = forms.CharField(label=_("Signed by"), max_length=200)
    signatory_title = forms.CharField(label=_("Title"), max_length=200, required=False)
    place = forms.CharField(label=_("Place"), max_length=100)
    date = forms.DateField(label=_("Date"), widget=DATE)


class ExtensionForm(DecisionForm):
    pass


class TerminationForm(forms.Form):
    party = forms.ModelChoiceField(label=_("Terminated by"), queryset=Party.objects.none())
    notice_date = forms.DateField(label=_("Date of the written notice"), widget=DATE)
    end_date = forms.DateField(
        label=_("Ends on"),
        widget=DATE,
        required=False,
        help_text=_("Only for an agreement that states no notice period; otherwise the end follows from it."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = version.parties.select_related("committee", "organisation")


class RenewForm(forms.Form):
    registry_number = forms.CharField(
        label=_("Registry number (Dnr) of the new agreement"), max_length=40, required=False
    )
    also_replaces = ModelMultipleChoiceField(
        label=_("Also replaces"),
        queryset=Agreement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Other agreements that the new one merges and replaces."),
    )

    def __init__(self, *args, user, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        # A renewal replaces only its own municipality's agreements.
        others = (
            access.visible(user, Agreement)
            .filter(municipality=agreement.municipality_id, versions__status="signed")
            .exclude(pk=agreement.pk)
            .distinct()
        )
        self.fields["also_replaces"].queryset = others


class DefaultTextForm(forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}), required=False)


class AgreementFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by Dnr, title or partner"), required=False)
    # NameChoiceField, QuickSelect: the whole register of partners is a long list to render
    committee = NameChoiceField(label=_("Committee"), queryset=Committee.objects.all(), required=False)
    partner = NameChoiceField(label=_("Partner"), queryset=Organisation.objects.none(), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All"))] + list(Phase.LABELS.items()),
        required=False,
        widget=QuickSelect,
    )
    in_force_on = forms.DateField(label=_("In force on"), widget=DATE, required=False)
    ending_within = forms.IntegerField(label=_("Ending within (months)"), min_value=1, max_value=120, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = access.visible(user, Organisation)
        self.fields["committee"].queryset = access.visible(user, Committee)
        if access.role_of(user) == "partner":
            del self.fields["committee"]
        else:
            self.fields["committee"].queryset = access.visible(user, Committee)


DEFAULT_TEXT_LABELS = {name: AgreementVersion._meta.get_field(name).verbose_name for name in DEFAULT_TEXT_FIELDS}


class ScanForm(forms.Form):
    file = forms.FileField(
        label=_("Scan of the signed paper original (PDF)"),
        help_text=_("PDF only, at most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )


class ScanWithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the scan withdrawn?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. the wrong agreement was scanned, or a page is missing."),
    )


class PublicationForm(forms.Form):
    """The committee's decision on the municipality's public register."""

    listed = forms.BooleanField(
        label=_("List the agreement in the municipality's public register"),
        required=False,
        help_text=_("The public page shows it once it is signed: in force, or ended within the last twelve months."),
    )
    pdf_public = forms.BooleanField(
        label=_("Publish the signed agreement (PDF) with it"),
        required=False,
        help_text=_("Only for a listed agreement. Anyone can then download the archived signed PDF."),
    )
