"""Everyone follows hours against the commitment: per agreement and year, by activity and by
month, as a chart and tables, and as CSV and Excel.

The figures of one agreement come from `followup.hours.progress.agreement_hours`; the summary of
many agreements is one grouped query, and their commitments a fixed few more. Neither costs more
queries for more hours.
"""

# Long module: one page, whose filters, figures, chart and exports must agree with each other.

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Subquery, Sum
from django.forms.models import ModelChoiceIterator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.models import Activity, Agreement, AgreementVersion
from agreements.state import with_state
from finance.models import Contribution, ContributionKind
from followup.hours.models import HourEntry, MonthReport
from followup.hours.progress import ZERO, Tally, agreement_hours, commitment_to_date, share_to_date, value_of_hours
from iop.accounts import access
from iop.accounts.models import Role
from iop.core import charts, spreadsheets
from iop.core.charts import PALETTE
from iop.core.collation import swedish, swedish_key
from iop.core.spreadsheets import AMOUNT, HOURS, PERCENT, Column, Table
from iop.core.widgets import NameChoiceField, QuickSelect
from partners.forms import MUNICIPALITY_PARAMETER, add_municipality_choice, chosen_municipality
from partners.models import Committee

# --- Whose hours ----------------------------------------------------------------------------


def _committee_agreements(committee):
    """The agreements of a committee: a version of theirs under it."""
    return Agreement.objects.filter(versions__committee=committee).values("pk")


def _followed_committees(user):
    """The committees whose agreements the user may follow on the progress page: a planner
    their own, administrators and viewers all. Partners follow their organisations' hours."""
    role = access.role_of(user)
    if role == Role.PLANNER:
        return user.committees.all()
    if role in access.MUNICIPALITY_WIDE:
        return access.visible(user, Committee)
    return Committee.objects.none()


# --- Progress: filters -----------------------------------------------------------------------


def _progress_agreements(user):
    """The agreements the user may follow that have hours or an hours commitment."""
    # correlated EXISTS: the database looks up each agreement's rows by its index rather
    # than collecting every month report of the municipality first
    hours_commitment = Contribution.objects.filter(
        kind=ContributionKind.HOURS, hours__gt=0, version__agreement=OuterRef("pk")
    )
    reported = access.visible(user, MonthReport).filter(agreement=OuterRef("pk"))
    with_hours = Exists(reported) | Exists(hours_commitment)
    return (
        Agreement.objects.filter(pk__in=access.following(user, Agreement).values("pk"))
        .filter(with_hours)
        .order_by(swedish("registry_number"), "pk")
    )


class _AgreementChoices(ModelChoiceIterator):
    """The agreements as (pk, label) from one query, labelled as `Agreement.__str__` does
    (Dnr and the latest version's title), without an instance and a prefetch per agreement."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        title = AgreementVersion.objects.filter(agreement=OuterRef("pk")).order_by("-number").values("title")[:1]
        rows = (
            self.queryset.prefetch_related(None)
            .annotate(latest_title=Subquery(title))
            .values_list("pk", "registry_number", "latest_title")
        )
        for pk, registry_number, latest_title in rows:
            yield (pk, f"{registry_number} {latest_title or ''}".strip() or _("Agreement without registry number"))


class AgreementChoiceField(forms.ModelChoiceField):
    iterator = _AgreementChoices
    widget = QuickSelect


class ProgressForm(forms.Form):
    # A planner follows their own committees' agreements, and sees all of them unless they
    # choose one committee; administrators and viewers see the whole municipality's.
    committee = NameChoiceField(label=gettext_lazy("Committee"), queryset=Committee.objects.none(), required=False)
    agreement = AgreementChoiceField(
        label=gettext_lazy("Agreement"),
        queryset=Agreement.objects.none(),
        required=False,
        empty_label=gettext_lazy("All agreements"),
    )
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100, required=False)
    activity = forms.ChoiceField(label=gettext_lazy("Activity"), required=False, widget=QuickSelect)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        role = access.role_of(user)
        self.user, self.municipality = user, None
        if role != Role.PARTNER:
            # One municipality at a time (partners follow their own agreements wherever they are).
            add_municipality_choice(self, user)
            self.municipality = chosen_municipality(user, self.data)
        if role in (Role.PLANNER, *access.MUNICIPALITY_WIDE):
            self.fields["committee"].queryset = _in(_followed_committees(user), self.municipality)
            self.fields["committee"].empty_label = (
                _("All your committees") if role == Role.PLANNER else _("All committees")
            )
        else:
            del self.fields["committee"]
        agreements = _in(_progress_agreements(user), self.municipality)
        self.fields["agreement"].queryset = agreements
        names = (
            Activity.objects.filter(version__agreement__in=agreements.values("pk"))
            .order_by()
            .values_list("name", flat=True)
            .distinct()
        )
        self.fields["activity"].choices = [("", _("All activities"))] + [
            (name, name) for name in sorted(set(names), key=swedish_key)
        ]


def _in(queryset, municipality, path="municipality"):
    """The part of the queryset of `municipality`; all of it for None (a partner)."""
    return queryset if municipality is None else queryset.filter(**{path: municipality})


@dataclass
class Filters:
    agreement: Agreement | None
    year: int
    activity: str
    committee: Committee | None = None  # None: all the committees the user follows
    municipality: object = None  # the one whose hours are shown; None for a partner
    chosen: bool = False  # the municipality was chosen (by the installation's superuser)

    @property
    def query(self):
        query = {
            "committee": self.committee.pk if self.committee else "",
            "agreement": self.agreement.pk if self.agreement else "",
            "year": self.year,
            "activity": self.activity,
        }
        if self.chosen and self.municipality is not None:
            query[MUNICIPALITY_PARAMETER] = self.municipality.slug
        return urlencode(query)


def _progress_form(request):
    keys = ("committee", "agreement", "year", "activity", MUNICIPALITY_PARAMETER)
    data = {key: value for key, value in request.GET.items() if key in keys}
    return ProgressForm(data or None, user=request.user, initial={"year": timezone.localdate().year})


def _filters(form):
    """The filters, or None when the input is wrong (the form then says why)."""
    this_year = timezone.localdate().year
    chosen = MUNICIPALITY_PARAMETER in form.fields
    if not form.is_bound:
        return Filters(None, this_year, "", municipality=form.municipality, chosen=chosen)
    if not form.is_valid():
        return None
    data = form.cleaned_data
    municipality = chosen_municipality(form.user, data) if form.municipality is not None else None
    return Filters(
        data["agreement"],
        data["year"] or this_year,
        data["activity"] or "",
        data.get("committee"),
        municipality=municipality,
        chosen=chosen,
    )


# --- Progress: the figures -------------------------------------------------------------------


@dataclass
class Line:
    """One row of a table: what it is about, its hours by status, and their value."""

    label: object  # a month (date), an activity name, or an agreement
    tally: Tally
    hourly_value: Decimal | None = None
    commitment: Decimal | None = None  # an agreement's line: its hours per year
    expected_to_date: Decimal | None = None  # and their part due to date

    @property
    def share_to_date(self):
        return share_to_date(self.tally.total, self.expected_to_date)

    @property
    def approved_value(self):
        return value_of_hours(self.tally.approved, self.hourly_value)

    @property
    def total_value(self):
        return value_of_hours(self.tally.total, self.hourly_value)


@dataclass
class AgreementProgress:
    agreement: Agreement
    progress: object  # followup.hours.progress.Progress
    by_month: list[Line]
    by_activity: list[Line]
    chart: "MonthChart"

    @property
    def totals(self):
        progress = self.progress
        hourly = progress.hourly_value
        tally = progress.totals
        return [
            (_("Approved"), tally.approved, value_of_hours(tally.approved, hourly)),
            (_("Submitted"), tally.submitted, value_of_hours(tally.submitted, hourly)),
            (_("Not yet submitted"), tally.not_submitted, value_of_hours(tally.not_submitted, hourly)),
        ]

    @property
    def total_line(self):
        return Line(_("Total"), self.progress.totals, self.progress.hourly_value)


def _filtered_entries(user, filters):
    entries = access.following(user, HourEntry)  # partners their organisations', planners their committees'
    entries = _in(entries, filters.municipality, "report__agreement__municipality")
    if filters.committee is not None:
        entries = entries.filter(report__agreement__in=_committee_agreements(filters.committee))
    if filters.activity:
        entries = entries.filter(activity__name=filters.activity)
    return entries


def agreement_progress(user, filters) -> AgreementProgress:
    # The agreement was chosen among those the user follows (ProgressForm); its hours are
    # those the yearly follow-up material shows the user too.
    agreement = with_state(Agreement.objects.filter(pk=filters.agreement.pk), "contributions").get()
    progress = agreement_hours(user=user, agreement=agreement, year=filters.year, activity=filters.activity)
    hourly = progress.hourly_value
    known = dict(progress.by_month)
    months = [datetime.date(filters.year, number, 1) for number in range(1, 13)]
    by_month = [Line(month, known.get(month, Tally()), hourly) for month in months]
    by_activity = [Line(name, tally, hourly) for name, tally in progress.by_activity]
    return AgreementProgress(agreement, progress, by_month, by_activity, month_chart(by_month))


@dataclass
class Summary:
    year: int
    municipality_wide: bool
    lines: list[Line]
    total: Line
    committee: Committee | None = None


def summary(user, filters) -> Summary:
    """One row per agreement with hours in the year: one grouped query over all the entries."""
    tallies: dict[int, Tally] = {}
    rows = (
        _filtered_entries(user, filters)
        # An entry belongs to the month report of its date (followup.hours.services files it
        # there), so the reports of the year hold all its entries: the database then reads
        # only those reports' entries rather than every month's of the agreements.
        .filter(date__year=filters.year, report__month__year=filters.year)
        .order_by()
        .values("report__agreement", "report__status")
        .annotate(hours=Sum("hours"))
    )
    for row in rows:
        tallies.setdefault(row["report__agreement"], Tally()).add(row["report__status"], row["hours"])
    # the lines show the Dnr, and the latest version's title and committee: read with the
    # agreements, rather than each agreement's versions
    latest = AgreementVersion.objects.filter(agreement=OuterRef("pk")).order_by("-number")
    agreements = Agreement.objects.filter(pk__in=list(tallies)).annotate(
        latest_title=Subquery(latest.values("title")[:1]),
        latest_committee=Subquery(latest.values("committee__name")[:1]),
    )
    organisations = None
    if access.role_of(user) == Role.PARTNER:  # their own commitment, as their hours are their own
        organisations = set(user.organisations.values_list("pk", flat=True))
    today = timezone.localdate()
    lines = sorted(
        (
            Line(
                agreement,
                tallies[agreement.pk],
                None,
                *commitment_to_date(agreement, filters.year, organisations, today),
            )
            for agreement in with_state(agreements, "contributions")
        ),
        key=lambda line: (swedish_key(line.label.registry_number), line.label.pk),
    )
    total = Tally()
    for line in lines:
        total.approved += line.tally.approved
        total.submitted += line.tally.submitted
        total.not_submitted += line.tally.not_submitted
    municipality_wide = access.role_of(user) in access.MUNICIPALITY_WIDE and filters.committee is None
    return Summary(filters.year, municipality_wide, lines, Line(_("Total"), total), filters.committee)


# --- Progress: the chart ---------------------------------------------------------------------


# Okabe–Ito colours, told apart also with colour vision deficiency.
SERIES = (
    ("approved", gettext_lazy("Approved"), PALETTE[2]),
    ("submitted", gettext_lazy("Submitted"), PALETTE[0]),
    ("not_submitted", gettext_lazy("Not yet submitted"), PALETTE[1]),
)


@dataclass
class Segment(charts.Bar):
    month: datetime.date
    hours: Decimal


@dataclass
class MonthChart(charts.Plot):
    """Stacked bars, one per month: approved at the bottom, then submitted, then not yet
    submitted."""

    segments: list[Segment] = field(default_factory=list)
    month_labels: list[tuple[float, str]] = field(default_factory=list)  # (x, "jan")
    legend: list[tuple[str, str]] = field(default_factory=list)  # (label, colour)


def month_chart(lines, *, width=760, height=320, steps=4) -> MonthChart:
    chart = MonthChart(width, height, left=70, top=20, right=width - 10, bottom=height - 40)
    chart.legend = [(str(label), colour) for _key, label, colour in SERIES]
    chart.scale_to(max((line.tally.total for line in lines), default=ZERO), steps)
    for line, slot in zip(lines, chart.slots(len(lines), fill=Decimal("0.7")), strict=True):
        chart.month_labels.append((slot.middle, str(MONTHS_3[line.label.month])))
        below = ZERO
        for key, label, colour in SERIES:
            hours = getattr(line.tally, key)
            if not hours:
                continue
            rect = chart.rect(slot.left, slot.width, hours, below)
            chart.segments.append(Segment(**rect, color=colour, label=str(label), month=line.label, hours=hours))
            below += hours
    return chart


# --- Progress: the page and its exports ------------------------------------------------------


def _figures(user, filters):
    """What the page shows, and the export writes: the figures and their tables."""
    if filters.agreement is not None:
        figures = {"detail": agreement_progress(user, filters), "summary": None}
    else:
        figures = {"detail": None, "summary": summary(user, filters)}
    return figures | {"tables": _tables(figures)}


def _progress_page(request, form, filters, status=200):
    context = {"form": form, "filters": filters, "detail": None, "summary": None, "tables": []}
    if filters is not None:
        context.update(_figures(request.user, filters))
    return render(request, "followup/hours/progress.html", context, status=status)


@login_required
def hours_progress_view(request):
    form = _progress_form(request)
    return _progress_page(request, form, _filters(form))


@login_required
def hours_progress_export(request, fmt):
    if fmt not in EXPORTS:
        raise Http404
    form = _progress_form(request)
    filters = _filters(form)
    if filters is None:  # no file for wrong input: the page says what is wrong
        return _progress_page(request, form, None, status=400)
    figures = _figures(request.user, filters)
    content_type, write = EXPORTS[fmt]
    tables = figures["tables"]
    if figures["detail"] is not None:  # the page shows the commitment above its tables
        tables = [*tables, _commitment_table(figures["detail"].progress)]
    response = HttpResponse(write(tables), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_filename(filters)}.{fmt}"'
    return response


def _filename(filters):
    if filters.agreement:
        who = slugify(filters.agreement.registry_number or f"{filters.agreement.pk}")
    elif filters.committee:
        who = slugify(filters.committee.name)
    else:
        who = "alla"
        if filters.chosen and filters.municipality is not None:
            who = f"{filters.municipality.slug}-alla"
    return f"iop-timmar-{who}-{filters.year}"


def _hour_cells(line):
    tally = line.tally
    return [tally.approved, tally.submitted, tally.not_submitted, tally.total]


def _hour_columns():
    titles = [_("Approved (h)"), _("Submitted (h)"), _("Not yet submitted (h)"), _("Total (h)")]
    return [Column(title, HOURS, places=1) for title in titles]


def _tables(figures) -> list[Table]:
    """The page's tables: hours and kronor as Decimal."""
    if figures["summary"] is not None:
        result = figures["summary"]
        rows = [
            [
                line.label.registry_number,
                _agreement_title(line.label),
                _committee(line.label),
                line.commitment,
                line.expected_to_date,
                *_hour_cells(line),
            ]
            for line in result.lines
        ]
        total = result.total
        promised = sum((line.commitment for line in result.lines if line.commitment is not None), ZERO)
        expected = sum((line.expected_to_date for line in result.lines if line.expected_to_date is not None), ZERO)
        rows.append([_("Total"), "", "", promised, expected, *_hour_cells(total)])
        columns = [
            Column(_("Dnr"), width=30),
            Column(_("Agreement")),
            Column(_("Committee")),
            Column(_("Commitment per year (h)"), HOURS, places=1),
            Column(_("Due to date, pro rata (h)"), HOURS, places=1),
            *_hour_columns(),
        ]
        return [Table(_("Agreements"), columns, rows, totals=True)]
    detail = figures["detail"]
    value = Column(_("Value of approved hours (kr)"), AMOUNT, places=0)
    tables = []
    for title, first, lines, label in (
        (_("By month"), _("Month"), detail.by_month, lambda month: month.strftime("%Y-%m")),
        (_("By activity"), _("Activity"), detail.by_activity, str),
    ):
        rows = [[label(line.label), *_hour_cells(line), line.approved_value] for line in lines]
        rows.append([_("Total"), *_hour_cells(detail.total_line), detail.total_line.approved_value])
        tables.append(Table(title, [Column(first, width=30), *_hour_columns(), value], rows, totals=True))
    return tables


def _commitment_table(progress) -> Table:
    """The commitment and how the hours stand against it, in one row."""
    share = progress.share_to_date
    columns = [
        Column(_("Commitment per year (h)"), HOURS, places=1),
        Column(_("Due to date, pro rata (h)"), HOURS, places=1),
        Column(_("Total (h)"), HOURS, places=1),
        Column(_("Ahead (+) or behind (−) (h)"), HOURS, places=1),
        Column(_("Share of the commitment to date"), PERCENT),
    ]
    row = [
        progress.commitment,
        progress.expected_to_date,
        progress.totals.total,
        progress.ahead_by,
        None if share is None else Decimal(share) / 100,
    ]
    return Table(_("Commitment"), columns, [row])


def _agreement_title(agreement):
    """Of an agreement of `summary()`'s lines."""
    return agreement.latest_title or ""


def _committee(agreement):
    """Of an agreement of `summary()`'s lines."""
    return agreement.latest_committee or ""


def _csv(tables) -> bytes:
    return spreadsheets.to_csv(*tables)


def _xlsx(tables) -> bytes:
    return spreadsheets.to_xlsx(*tables)


EXPORTS = {"xlsx": (spreadsheets.XLSX, _xlsx), "csv": (spreadsheets.CSV, _csv)}
