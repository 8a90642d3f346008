"""The municipality's default texts for new agreements (administrators)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from agreements import forms, services
from agreements.models import DefaultText
from iop.accounts import access
from iop.core.forms import run_service


@login_required
def default_texts(request):
    if not access.can(request.user, access.VIEW, DefaultText):
        raise PermissionDenied
    stored = {text.field: text.text for text in access.visible(request.user, DefaultText)}
    rows = [(field, label, stored.get(field, "")) for field, label in forms.DEFAULT_TEXT_LABELS.items()]
    return render(
        request,
        "agreements/default_texts.html",
        {"rows": rows, "may_change": access.can(request.user, access.CHANGE, DefaultText)},
    )


@login_required
def default_text_edit(request, field):
    if field not in forms.DEFAULT_TEXT_LABELS:
        raise Http404
    if not access.can(request.user, access.CHANGE, DefaultText):
        raise PermissionDenied
    municipality = request.user.municipality
    if municipality is None:  # the installation's superuser keeps texts as a member of a municipality
        raise Http404
    stored = DefaultText.objects.filter(municipality=municipality, field=field).first()
    form = forms.DefaultTextForm(request.POST or None, initial={"text": stored.text if stored else ""})
    if request.method == "POST" and form.is_valid():
        if run_service(
            form,
            lambda: services.default_text_save(
                by=request.user, municipality=municipality, field=field, text=form.cleaned_data["text"]
            ),
        ):
            messages.success(request, _("The default text was saved."))
            return redirect("agreements:default-texts")
    return render(
        request,
        "form.html",
        {
            "form": form,
            "title": _("Default text: %(field)s") % {"field": forms.DEFAULT_TEXT_LABELS[field]},
            "cancel_url": reverse("agreements:default-texts"),
        },
    )
