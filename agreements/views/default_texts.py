"""The municipality's default texts for new agreements (administrators)."""

from urllib.parse import urlencode

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
from partners.forms import MUNICIPALITY_PARAMETER, chosen_municipality
from partners.models import Municipality


def _municipality(request):
    """Whose standard texts: the user's municipality's; the installation's superuser, of none,
    chooses one (?kommun=<slug>, by default the first)."""
    municipality = chosen_municipality(request.user, request.GET)
    if municipality is None:
        raise Http404
    return municipality


def _query(request, municipality):
    return f"?{urlencode({MUNICIPALITY_PARAMETER: municipality.slug})}" if request.user.is_superuser else ""


@login_required
def default_texts(request):
    if not access.can(request.user, access.VIEW, DefaultText):
        raise PermissionDenied
    municipality = _municipality(request)
    texts = access.visible(request.user, DefaultText).filter(municipality=municipality)
    stored = {text.field: text.text for text in texts}
    rows = [(field, label, stored.get(field, "")) for field, label in forms.DEFAULT_TEXT_LABELS.items()]
    others = Municipality.objects.exclude(pk=municipality.pk) if request.user.is_superuser else []
    return render(
        request,
        "agreements/default_texts.html",
        {
            "rows": rows,
            "may_change": access.can(request.user, access.CHANGE, DefaultText),
            "municipality": municipality,
            "query": _query(request, municipality),
            "others": [(other, f"?{urlencode({MUNICIPALITY_PARAMETER: other.slug})}") for other in others],
        },
    )


@login_required
def default_text_edit(request, field):
    if field not in forms.DEFAULT_TEXT_LABELS:
        raise Http404
    if not access.can(request.user, access.CHANGE, DefaultText):
        raise PermissionDenied
    municipality = _municipality(request)
    back = reverse("agreements:default-texts") + _query(request, municipality)
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
            return redirect(back)
    return render(
        request,
        "form.html",
        {
            "form": form,
            "title": _("Default text: %(field)s") % {"field": forms.DEFAULT_TEXT_LABELS[field]},
            "cancel_url": back,
        },
    )
