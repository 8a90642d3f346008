"""Register pages: list with search, detail, create and edit for each kind of party.

Each view asks iop.accounts.access what the user may see and do, then lets a service
function in partners.services do the writing.
"""

import base64

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView

from iop.accounts import access
from iop.core.forms import apply_errors
from iop.core.history import history_entries
from partners import forms, services, settings_pages
from partners.models import Administration, Committee, Contact, Municipality, Organisation


class EntryList(LoginRequiredMixin, ListView):
    paginate_by = 50
    search_fields = ("name__icontains",)

    def get_queryset(self):
        if not access.can(self.request.user, access.VIEW, self.model):
            raise PermissionDenied
        return self.search(access.visible(self.request.user, self.model), self.request.GET.get("q", "").strip())

    def search(self, queryset, text):
        return queryset.filter(name__icontains=text) if text else queryset

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            query=self.request.GET.get("q", "").strip(),
            may_create=access.can(self.request.user, access.CREATE, self.model),
            **kwargs,
        )


class EntryDetail(LoginRequiredMixin, DetailView):
    def get_object(self, queryset=None):
        return access.access(self.request.user, access.VIEW, self.get_queryset(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        user = self.request.user
        # Who may keep an entry may also read its history.
        may_change = access.can(user, access.CHANGE, self.object)
        return super().get_context_data(
            may_edit_contacts=access.can(user, access.CHANGE, Contact),
            history=history_entries(self.object) if may_change else None,
            **kwargs,
        )


class EntryForm(LoginRequiredMixin, FormView):
    """Create (no pk) or edit (pk) one entry through its service functions."""

    template_name = "form.html"
    create = None
    update = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = None
        if "pk" in kwargs:
            self.object = access.access(request.user, access.CHANGE, self.form_class._meta.model, pk=kwargs["pk"])
        elif not access.can(request.user, access.CREATE, self.form_class._meta.model):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "instance": self.object}
        if getattr(self.form_class, "takes_user", False):
            kwargs["user"] = self.request.user  # the forms limit the municipality to the user's
        return kwargs

    def get_form(self, form_class=None):
        return access.narrow_choices(self.request.user, super().get_form(form_class))

    def save(self, form):
        fields = dict(form.cleaned_data)
        if self.object is None:
            return type(self).create(by=self.request.user, **fields)
        model_name = self.object._meta.model_name
        # A fresh copy: the form has already written its values onto self.object.
        fresh = type(self.object).objects.get(pk=self.object.pk)
        return type(self).update(by=self.request.user, **{model_name: fresh}, **fields)

    def form_valid(self, form):
        try:
            saved = self.save(form)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("%(entry)s was saved.") % {"entry": saved})
        return redirect(saved.get_absolute_url())

    def get_context_data(self, **kwargs):
        model = self.form_class._meta.model
        if self.object is None:
            title = _("New %(kind)s") % {"kind": model._meta.verbose_name}
            cancel = reverse(self.cancel_url) if isinstance(self.cancel_url, str) else self.cancel_url()
        else:
            title = _("Edit %(entry)s") % {"entry": self.object}
            cancel = self.object.get_absolute_url()
        return super().get_context_data(title=title, cancel_url=cancel, **kwargs)


# Municipality


class MunicipalityList(EntryList):
    model = Municipality


class MunicipalityDetail(EntryDetail):
    queryset = Municipality.objects.prefetch_related("committees", "administrations")


class MunicipalityForm(EntryForm):
    form_class = forms.MunicipalityForm
    create = services.municipality_create
    update = services.municipality_update
    cancel_url = "partners:municipality-list"


class MunicipalitySettings(LoginRequiredMixin, FormView):
    """The municipality's own settings, kept by its administrators."""

    template_name = "partners/municipality_settings.html"
    form_class = forms.MunicipalitySettingsForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.municipality = access.access(request.user, access.CHANGE, Municipality, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "municipality": self.municipality}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.municipality_settings_save(
                by=self.request.user,
                municipality=self.municipality,
                guideline_min=data["guideline_min"],
                guideline_max=data["guideline_max"],
                section_order=form.section_order(),
                logo=data["logo"],
                remove_logo=data["remove_logo"],
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("The settings of %(municipality)s were saved.") % {"municipality": self.municipality}
        )
        return redirect("partners:municipality-settings", pk=self.municipality.pk)

    def get_context_data(self, **kwargs):
        logo = None
        if self.municipality.logo:
            encoded = base64.b64encode(bytes(self.municipality.logo)).decode()
            logo = f"data:{self.municipality.logo_content_type};base64,{encoded}"
        return super().get_context_data(
            municipality=self.municipality, logo=logo, pages=settings_pages.links(self.municipality), **kwargs
        )


# Committee


class CommitteeList(EntryList):
    model = Committee

    def get_queryset(self):
        return super().get_queryset().select_related("municipality")


class CommitteeDetail(EntryDetail):
    queryset = Committee.objects.select_related("municipality").prefetch_related("administrations", "contacts")


class CommitteeForm(EntryForm):
    form_class = forms.CommitteeForm
    create = services.committee_create
    update = services.committee_update
    cancel_url = "partners:committee-list"


# Administration


class AdministrationList(EntryList):
    model = Administration

    def get_queryset(self):
        return super().get_queryset().prefetch_related("committees")


class AdministrationDetail(EntryDetail):
    queryset = Administration.objects.select_related("municipality").prefetch_related("committees", "contacts")


class AdministrationForm(EntryForm):
    form_class = forms.AdministrationForm
    create = services.administration_create
    update = services.administration_update
    cancel_url = "partners:administration-list"


# Organisation


class OrganisationList(EntryList):
    model = Organisation

    def search(self, queryset, text):
        return queryset.search(text)

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.request.GET.get("inactive") != "1":
            queryset = queryset.filter(active=True)
        return queryset


class OrganisationDetail(EntryDetail):
    queryset = Organisation.objects.prefetch_related(Prefetch("contacts", queryset=Contact.objects.all()))


class OrganisationForm(EntryForm):
    form_class = forms.OrganisationForm
    create = services.organisation_create
    update = services.organisation_update
    cancel_url = "partners:organisation-list"


# Contact

PARTY_MODELS = {"organisation": Organisation, "committee": Committee, "administration": Administration}


class ContactForm(EntryForm):
    form_class = forms.ContactForm
    update = services.contact_update

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and "party_pk" in kwargs:
            # A contact is added to a party the user may see and may add contacts to.
            self.party = access.access(request.user, access.VIEW, PARTY_MODELS[kwargs["kind"]], pk=kwargs["party_pk"])
        return super().dispatch(request, *args, **kwargs)

    def save(self, form):
        if self.object is None:
            return services.contact_create(by=self.request.user, party=self.party, **form.cleaned_data)
        return super().save(form)

    def cancel_url(self):
        return self.party.get_absolute_url()
