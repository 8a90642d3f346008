"""Overview pages for municipal users: a committee's agreements and their money for a year
(printable, and as Excel and CSV), and the municipality across its committees with a
chart of the committees' money over the years."""

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from finance import overview as overviews
from iop.accounts import access
from iop.accounts.models import Role
from iop.core import spreadsheets
from iop.core.collation import swedish_key
from iop.core.formatting import format_amount
from iop.core.spreadsheets import AMOUNT, PERCENT, Column
from partners.forms import MUNICIPALITY_PARAMETER, add_municipality_choice, chosen_municipality
from partners.models import Committee

CHART_YEARS = 10


class OverviewForm(forms.Form):
    committee = forms.ModelChoiceField(
        label=gettext_lazy("Committee"),
        queryset=Committee.objects.none(),
        required=False,
        empty_label=gettext_lazy("All committees"),
    )
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100, required=False)

    def __init__(self, *args, user, with_committee=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_committee = None
        self.user = user
        add_municipality_choice(self, user)
        # One municipality at a time: its committees only.
        self.municipality = chosen_municipality(user, self.data)
        if with_committee:
            committees = access.visible(user, Committee).filter(municipality=self.municipality)
            committees = committees.select_related("municipality")
            self.fields["committee"].queryset = committees
            self.default_committee = _default_committee(user, committees)
            self.fields["committee"].initial = self.default_committee
        else:
            del self.fields["committee"]

    def parameters(self):
        """{"year": …, "committee": …} for the overview, or None when the input is wrong.
        Without a committee in the input (not even the empty "All committees"), the
        user's default committee."""
        if not self.is_bound:
            return {
                "year": timezone.localdate().year,
                "committee": self.default_committee,
                "municipality": self.municipality,
            }
        if not self.is_valid():
            return None
        chosen = "committee" in self.data
        return {
            "year": self.cleaned_data.get("year") or timezone.localdate().year,
            "committee": self.cleaned_data.get("committee") if chosen else self.default_committee,
            "municipality": chosen_municipality(self.user, self.cleaned_data),
        }


def _default_committee(user, committees):
    """A planner starts with their own committee (the first by name if they have several);
    administrators and viewers, who look across the municipality, with all committees."""
    if access.role_of(user) != Role.PLANNER:
        return None
    own = user.committees.filter(pk__in=committees.values("pk")).select_related("municipality")
    return min(own, key=lambda committee: swedish_key(committee.name), default=None)


def _require_municipal(user):
    if access.role_of(user) not in access.MUNICIPAL_USERS:
        raise PermissionDenied


def _form(request, **kwargs):
    data = {key: value for key, value in request.GET.items() if key in ("committee", "year", MUNICIPALITY_PARAMETER)}
    return OverviewForm(data or None, user=request.user, **kwargs)


def _query(parameters, user):
    committee = parameters["committee"]
    query = {"committee": committee.pk if committee else "", "year": parameters["year"]}
    return urlencode(query | _municipality_query(parameters, user))


def _municipality_query(parameters, user):
    """The superuser's choice of municipality, carried to the exports and links."""
    municipality = parameters["municipality"]
    return {MUNICIPALITY_PARAMETER: municipality.slug} if user.is_superuser and municipality else {}


# --- Committee overview ----------------------------------------------------------------------


def _committee_page(request, form, parameters, status=200):
    overview = None
    if parameters is not None:
        overview = overviews.committee_overview(user=request.user, **parameters)
    return render(
        request,
        "finance/committee_overview.html",
        {
            "form": form,
            "overview": overview,
            "query": _query(parameters, request.user) if parameters else "",
            "municipality_query": urlencode(_municipality_query(parameters, request.user)) if parameters else "",
            "municipality": form.municipality,
        },
        status=status,
    )


@login_required
def committee_overview_view(request):
    _require_municipal(request.user)
    form = _form(request)
    return _committee_page(request, form, form.parameters())


@login_required
def committee_overview_export(request, fmt):
    _require_municipal(request.user)
    if fmt not in EXPORTS:
        raise Http404
    form = _form(request)
    parameters = form.parameters()
    if parameters is None:  # no file for wrong input: the page says what is wrong
        return _committee_page(request, form, None, status=400)
    overview = overviews.committee_overview(user=request.user, **parameters)
    content_type, write = EXPORTS[fmt]
    response = HttpResponse(write(overview), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_filename(overview, parameters["municipality"])}.{fmt}"'
    return response


def _filename(overview, municipality=None):
    who = slugify(overview.committee.name) if overview.committee else "alla-namnder"
    if municipality is not None and overview.committee is None:
        who = f"{municipality.slug}-{who}"
    return f"iop-oversikt-{who}-{overview.year}"


def _row_note(row):
    notes = [_("not yet known")] if row.unknown else []
    if row.true_up:
        notes.append(_("true-up %(amount)s") % {"amount": format_amount(row.true_up)})
    return "; ".join(notes + _flags(row.scope))


def _totals_note(totals):
    notes = []
    if totals.unknown:
        notes.append(
            ngettext(
                "%(count)s agreement not yet known, not included",
                "%(count)s agreements not yet known, not included",
                totals.unknown,
            )
            % {"count": totals.unknown}
        )
    return "; ".join(notes + _flags(totals))


def _flags(item):
    flags = []
    if item.preliminary:
        flags.append(_("preliminary OPI"))
    if item.outside_guideline:
        flags.append(_("outside the guideline"))
    return flags


def _table(overview) -> spreadsheets.Table:
    """The page's rows and totals: amounts in kronor (whole kronor in CSV), the share as a fraction."""
    columns = [
        Column(_("Committee"), width=18),
        Column(_("Dnr"), width=14),
        Column(_("Agreement"), width=30),
        Column(_("Partners"), width=24),
        Column(_("Planned participants"), width=10),
        Column(_("Participants"), width=20),
        Column(_("Target group"), width=30),
        Column(_("Referral"), width=20),
        Column(_("Value per year"), AMOUNT, width=14, places=0),
        Column(_("Committee cost per year"), AMOUNT, width=14, places=0),
        Column(_("Committee money over the whole period"), AMOUNT, width=16, places=0),
        Column(_("Activities"), width=30),
        Column(_("Municipal share"), PERCENT, width=10),
        Column(_("Note"), width=24),
    ]
    rows = [
        [
            row.version.committee.name,
            row.agreement.registry_number,
            row.version.title,
            ", ".join(row.partners),
            row.version.planned_participants,
            row.version.participants_note,
            row.version.target_group,
            row.version.referral,
            row.scope.total,
            row.scope.municipal_money,
            row.period_total,
            ", ".join(row.activities),
            row.scope.municipal_share,
            _row_note(row),
        ]
        for row in overview.rows
    ]
    totals = overview.totals
    rows.append(
        [
            _("Total"),
            "",
            "",
            "",
            None,
            "",
            "",
            "",
            totals.value,
            totals.cost,
            totals.period_total,
            "",
            totals.share,
            _totals_note(totals),
        ]
    )
    return spreadsheets.Table(str(overview.year), columns, rows, totals=True, wrap=True)


def _csv(overview) -> bytes:
    return spreadsheets.to_csv(_table(overview))


def _xlsx(overview) -> bytes:
    return spreadsheets.to_xlsx(_table(overview), title=_filename(overview))


EXPORTS = {"xlsx": (spreadsheets.XLSX, _xlsx), "csv": (spreadsheets.CSV, _csv)}


# --- Municipality overview -------------------------------------------------------------------


@login_required
def municipality_overview_view(request):
    _require_municipal(request.user)
    form = _form(request, with_committee=False)
    parameters = form.parameters()
    context = {"form": form, "overview": None, "chart": None, "municipality": form.municipality}
    if parameters is not None:
        year = parameters["year"]
        years = range(year - CHART_YEARS + 1, year + 1)
        context["municipality_query"] = urlencode(_municipality_query(parameters, request.user))
        overview, money = overviews.municipality_overview_and_money(
            user=request.user, year=year, years=years, municipality=parameters["municipality"]
        )
        context["overview"] = overview
        context["chart"] = overviews.chart(money)
    return render(request, "finance/municipality_overview.html", context)
