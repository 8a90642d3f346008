"""The care price index (OPI) per year: everyone reads it, administrators enter and correct
the values as SKR publishes them (a forecast first, then the outcome)."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from finance import figures, services
from finance.forms_index import IndexValueForm
from finance.models import IndexValue
from iop.accounts import access
from iop.core.forms import apply_errors


@login_required
def index_list(request):
    values = list(access.visible(request.user, IndexValue))
    in_force = figures.index_table(values)
    rows = [
        {
            "value": value,
            "in_force": in_force[value.year].status == value.status,
            # SKR publishes one decimal; show a second only where one was entered.
            "places": 1 if value.percent == value.percent.quantize(Decimal("0.1")) else 2,
        }
        for value in values
    ]
    return render(
        request,
        "finance/index_list.html",
        {
            "rows": rows,
            "may_create": access.can(request.user, access.CREATE, IndexValue),
            "may_change": access.can(request.user, access.CHANGE, IndexValue),
        },
    )


@login_required
def index_create(request):
    if not access.can(request.user, access.CREATE, IndexValue):
        raise PermissionDenied
    # its own words: "Ny %(kind)s" reads "Ny indexvärde", and indexvärde is neuter
    return _index_form(request, None, _("New index value (OPI)"))


@login_required
def index_update(request, pk):
    index_value = access.access(request.user, access.CHANGE, IndexValue, pk=pk)
    return _index_form(request, index_value, _("Edit %(entry)s") % {"entry": _label(index_value)})


def _label(index_value):
    # Not str(index_value): the model prints the percent with a decimal point.
    return f"OPI {index_value.year} ({index_value.get_status_display()})"


def _index_form(request, index_value, title):
    # The form writes its values onto the instance it is given: the service gets a fresh one.
    instance = IndexValue.objects.get(pk=index_value.pk) if index_value else None
    form = IndexValueForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.index_value_save(by=request.user, index_value=index_value, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(entry)s was saved.") % {"entry": _label(saved)})
            return redirect(reverse("finance:index-list"))
    return render(request, "form.html", {"form": form, "title": title, "cancel_url": reverse("finance:index-list")})
