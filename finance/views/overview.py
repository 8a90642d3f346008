"""Overview pages for municipal users: a committee's agreements and their money for a year
(printable, and as Excel and CSV), and the municipality across its committees with a
chart of the committees' money over the years."""

import csv
import io
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
from finance.figures import whole_kronor
from iop.accounts import access
from iop.accounts.models import Role
from iop.core.collation import swedish_key
from iop.core.templatetags.iop import format_amount
from partners.models import Committee

CHART_YEARS = 10
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The thousands separator in Excel's format codes is ","; Swedish Excel shows a space.
AMOUNT_FORMAT = '#,##0 "kr"'
SHARE_FORMAT = "0.0%"


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
        if with_committee:
            committees = access.visible(user, Committee).select_related("municipality")
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
            return {"year": timezone.localdate().year, "committee": self.default_committee}
        if not self.is_valid():
            return None
        chosen = "committee" in self.data
        return {
            "year": self.cleaned_data.get("year") or timezone.localdate().year,
            "committee": self.cleaned_data.get("committee") if chosen else self.default_committee,
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
    data = {key: value for key, value in request.GET.items() if key in ("committee", "year")}
    return OverviewForm(data or None, user=request.user, **kwargs)


def _query(parameters):
    committee = parameters["committee"]
    return urlencode({"committee": committee.pk if committee else "", "year": parameters["year"]})


# --- Committee overview ----------------------------------------------------------------------


def _committee_page(request, form, parameters, status=200):
    overview = None
    if parameters is not None:
        overview = overviews.committee_overview(user=request.user, **parameters)
    return render(
        request,
        "finance/committee_overview.html",
        {"form": form, "overview": overview, "query": _query(parameters) if parameters else ""},
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
    response["Content-Disposition"] = f'attachment; filename="{_filename(overview)}.{fmt}"'
    return response


def _filename(overview):
    who = slugify(overview.committee.name) if overview.committee else "alla-namnder"
    return f"iop-oversikt-{who}-{overview.year}"


def _headers():
    return [
        _("Committee"),
        _("Dnr"),
        _("Agreement"),
        _("Partners"),
        _("Planned participants"),
        _("Participants"),
        _("Target group"),
        _("Referral"),
        _("Value per year"),
        _("Committee cost per year"),
        _("Committee money over the whole period"),
        _("Activities"),
        _("Municipal share"),
        _("Note"),
    ]


def _row_note(row):
    notes = [_("not yet known")] if row.unknown else []
    if row.true_up:
        notes.append(_("true-up %(amount)s") % {"amount": format_amount(row.true_up)})
    return "; ".join(notes + _flags(row))


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


def _cells(overview):
    """Rows of (text or number) cells: amounts as Decimal, the share as a fraction."""
    for row in overview.rows:
        yield [
            row.committee.name,
            row.registry_number,
            row.title,
            ", ".join(row.partners),
            row.planned_participants,
            row.participants_note,
            row.target_group,
            row.referral,
            row.value,
            row.cost,
            row.period_total,
            ", ".join(row.activities),
            row.share,
            _row_note(row),
        ]
    totals = overview.totals
    yield [
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


AMOUNT_COLUMNS = (8, 9, 10)
SHARE_COLUMN = 12
# A cell starting with one of these is a formula to a spreadsheet: text from the register
# must stay text (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _as_text(value):
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def _csv(overview) -> bytes:
    out = io.StringIO()
    out.write("\ufeff")  # the BOM: Excel then reads the file as UTF-8
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(_headers())
    for cells in _cells(overview):
        for index in AMOUNT_COLUMNS:
            cells[index] = "" if cells[index] is None else int(whole_kronor(cells[index]))
        share = overviews.percent(cells[SHARE_COLUMN])
        cells[SHARE_COLUMN] = "" if share is None else str(share).replace(".", ",")
        writer.writerow(["" if cell is None else _as_text(cell) for cell in cells])
    return out.getvalue().encode("utf-8")


def _xlsx(overview) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(overview.year)
    workbook.properties.title = _filename(overview)
    sheet.append(_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cells in _cells(overview):
        sheet.append(cells)
        line = sheet.max_row
        for index in AMOUNT_COLUMNS:
            sheet.cell(line, index + 1).number_format = AMOUNT_FORMAT
        sheet.cell(line, SHARE_COLUMN + 1).number_format = SHARE_FORMAT
        for cell in sheet[line]:
            if cell.data_type == "f":  # openpyxl takes "=…" for a formula; ours is text
                cell.data_type = "s"
            cell.alignment = Alignment(vertical="top", wrap_text=isinstance(cell.value, str))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    widths = [18, 14, 30, 24, 10, 20, 30, 20, 14, 14, 16, 30, 10, 24]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


EXPORTS = {"xlsx": (XLSX, _xlsx), "csv": ("text/csv; charset=utf-8", _csv)}


# --- Municipality overview -------------------------------------------------------------------


@login_required
def municipality_overview_view(request):
    _require_municipal(request.user)
    form = _form(request, with_committee=False)
    parameters = form.parameters()
    context = {"form": form, "overview": None, "chart": None}
    if parameters is not None:
        year = parameters["year"]
        years = range(year - CHART_YEARS + 1, year + 1)
        overview, money = overviews.municipality_overview_and_money(user=request.user, year=year, years=years)
        context["overview"] = overview
        context["chart"] = overviews.chart(money)
    return render(request, "finance/municipality_overview.html", context)
