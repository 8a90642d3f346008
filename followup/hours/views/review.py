"""Planners review the months partners hand in: approve many at once, or return one with a
comment."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery, Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from followup.hours import services
from followup.hours.models import HourEntry, MonthReport, MonthStatus
from iop.accounts import access
from iop.accounts.models import Role
from iop.core.redirects import posted_next

REVIEWERS = (Role.ADMINISTRATOR, Role.PLANNER)
PAGE_SIZE = 50


# --- Whose months ---------------------------------------------------------------------------


def _reviewable(user):
    """The months this reviewer decides on: administrators all, planners their committees'."""
    return access.working_on(user, MonthReport)


def _require_reviewer(user):
    if access.role_of(user) not in REVIEWERS:
        raise PermissionDenied


# --- Review ----------------------------------------------------------------------------------


STATUS_FILTERS = {
    "submitted": (MonthStatus.SUBMITTED,),
    "returned": (MonthStatus.RETURNED,),
    "approved": (MonthStatus.APPROVED,),
    "all": (MonthStatus.SUBMITTED, MonthStatus.RETURNED, MonthStatus.APPROVED),  # open months are not handed in
}


class ReviewFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Show"),
        required=False,
        choices=[
            ("submitted", gettext_lazy("Submitted, to review")),
            ("returned", gettext_lazy("Returned")),
            ("approved", gettext_lazy("Approved")),
            ("all", gettext_lazy("All handed in")),
        ],
    )

    def status_value(self):
        if self.is_bound and self.is_valid():
            return self.cleaned_data["status"] or "submitted"
        return "submitted"


def _with_hours(reports):
    """Each month with its hours summed in the same query (only the page's rows are summed)."""
    hours = (
        HourEntry.objects.filter(report=OuterRef("pk"))
        .order_by()
        .values("report")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return reports.annotate(hours=Subquery(hours))


@login_required
def hours_review(request):
    _require_reviewer(request.user)
    form = ReviewFilterForm(request.GET if "status" in request.GET else None)
    status = form.status_value()
    reports = (
        _with_hours(_reviewable(request.user).filter(status__in=STATUS_FILTERS[status]))
        .select_related("agreement", "organisation", "submitted_by", "decided_by")
        .prefetch_related("agreement__versions")  # the agreement's title
        .order_by("-month", "agreement__registry_number", "organisation__name", "pk")
    )
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "followup/hours/review.html",
        {
            "form": form,
            "status": status,
            "page": page,
            "query": urlencode({"status": status}),
            "submitted": MonthStatus.SUBMITTED,
            # A refused return comes back with its comment as typed and its error at the field.
            "kept_return": request.session.pop(KEPT_RETURN, None),
        },
    )


KEPT_RETURN = "hours_return_refused"


def _back(request):
    """Where the form was posted from (the same filter and page), if it is one of ours."""
    return posted_next(request, reverse("followup:hours-review"))


def _decide(request, action):
    """Run a service; what it refuses becomes a message. Nothing is half-done: the services
    are atomic. Returns the result, or None when refused."""
    try:
        return action()
    except PermissionDenied:
        messages.error(request, _("You may not decide on some of these months. Nothing was changed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return None


@login_required
@require_POST
def hours_approve(request):
    _require_reviewer(request.user)
    try:
        ids = {int(value) for value in request.POST.getlist("reports")}
    except ValueError:
        ids = set()
    if not ids:
        messages.error(request, _("Choose the months to approve."))
        return redirect(_back(request))
    reports = list(access.visible(request.user, MonthReport).filter(pk__in=ids).select_related("agreement"))
    if len(reports) != len(ids):
        messages.error(request, _("Some of the chosen months no longer exist. Nothing was changed."))
        return redirect(_back(request))
    done = _decide(request, lambda: services.hours_approve_months(by=request.user, reports=reports))
    if done:
        messages.success(
            request,
            ngettext("%(count)s month approved.", "%(count)s months approved.", len(done)) % {"count": len(done)},
        )
    return redirect(_back(request))


@login_required
@require_POST
def hours_return(request, report_pk):
    _require_reviewer(request.user)
    queryset = MonthReport.objects.select_related("agreement", "organisation")
    report = access.access(request.user, access.VIEW, queryset, pk=report_pk)
    comment = request.POST.get("comment", "")
    try:
        done = services.hours_return_month(by=request.user, report=report, comment=comment)
    except ValidationError as error:
        if "comment" in getattr(error, "error_dict", {}):  # the comment's own error stands at it
            request.session[KEPT_RETURN] = {"pk": report.pk, "comment": comment, "errors": error.messages}
        else:  # e.g. a colleague decided meanwhile: the month is no longer there to return
            messages.error(request, " ".join(error.messages))
        return redirect(_back(request))
    except PermissionDenied:
        messages.error(request, _("You may not decide on some of these months. Nothing was changed."))
        return redirect(_back(request))
    if done:
        messages.success(
            request,
            _("%(month)s of %(organisation)s was returned.")
            % {"month": report.month.strftime("%Y-%m"), "organisation": report.organisation},
        )
    return redirect(_back(request))
