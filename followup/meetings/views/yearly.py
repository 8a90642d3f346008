"""The yearly follow-up material of an agreement: the printable page, its PDF and its CSV,
and the forms the parties fill in (participants and indicators, each party's account).

The material is compiled by `followup.meetings.material.yearly_material`; these views fetch the
agreement as the user may see it, hand the material to a template or a file, and call
followup.meetings.services for writes.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from agreements.models import Agreement
from agreements.state import state, with_state
from followup.meetings.forms import NarrativeForm, YearlyFollowUpForm
from followup.meetings.material import agreements_for_material, period_years, yearly_material
from followup.meetings.models import YearlyFollowUp
from followup.meetings.services import narrative_save, yearly_follow_up_save
from iop.accounts import access
from iop.core import spreadsheets
from iop.core.forms import run_service
from iop.core.pdf import render_pdf
from iop.core.spreadsheets import Column, Table

PDF_TEMPLATE = "followup/meetings/pdf/yearly.html"


def _agreement(request, pk, action=access.VIEW, queryset=None):
    queryset = with_state(Agreement.objects.all()) if queryset is None else queryset
    return access.access(request.user, action, queryset, pk=pk)


def _check_year(agreement, year):
    if year not in period_years(agreement):
        raise Http404


def _material(request, agreement_pk, year):
    agreement = _agreement(request, agreement_pk, queryset=agreements_for_material())
    _check_year(agreement, year)
    return yearly_material(agreement, year, timezone.localdate(), user=request.user)


def _own_organisations(user):
    return set(user.organisations.values_list("pk", flat=True)) if user.is_authenticated else set()


def _yearly_url(agreement, year):
    return reverse("followup:yearly", args=[agreement.pk, year])


# --- The material: page, PDF, CSV ------------------------------------------------------------


@login_required
def yearly(request, agreement_pk, year):
    material = _material(request, agreement_pk, year)
    agreement = material.agreement
    may_change = access.can(request.user, access.CHANGE, agreement)
    if may_change:
        writable = {narrative.party_name for narrative in material.narratives}
        waiting = False
    else:
        own = _own_organisations(request.user)
        mine = {n.party_name for n in material.narratives if n.organisation is not None and n.organisation.pk in own}
        # A partner writes once the municipality has opened the year (see narrative_edit).
        writable = mine if material.follow_up is not None else set()
        waiting = bool(mine) and material.follow_up is None
    context = {
        "agreement": agreement,
        "material": material,
        "years": period_years(agreement),
        "may_change": may_change,
        "writable": writable,
        "waiting_for_year": waiting,
    }
    return render(request, "followup/meetings/yearly.html", context)


def _filename(material, suffix):
    who = slugify(material.registry_number) or str(material.agreement.pk)
    return f"uppfoljning-{who}-{material.year}.{suffix}"


@login_required
def yearly_pdf(request, agreement_pk, year):
    material = _material(request, agreement_pk, year)
    pdf = render_pdf(PDF_TEMPLATE, {"material": material, "printed_on": timezone.localdate()})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(material, "pdf")}"'
    return response


def _rows(material):
    """(section, item, value) for every figure of the material, in the page's order."""
    hours, money = material.hours, material.money
    version = material.version
    rows = [
        (_("Agreement"), _("Dnr"), material.registry_number),
        (_("Agreement"), _("Title"), material.title),
        (_("Agreement"), _("Year"), material.year),
        (_("Agreement"), _("Period"), f"{version.start_date:%Y-%m-%d} – {material.end:%Y-%m-%d}"),
        (_("Objectives"), _("Objectives"), material.objectives),
    ]
    if money is not None:
        amount = money.amount
        section = _("The committee's money")
        rows += [
            (section, _("Base (kr)"), amount.base),
            (section, _("OPI used (%)"), amount.index.percent if amount.index else None),
            (section, _("OPI status"), amount.index.status_label if amount.index else ""),
            (section, _("Indexed amount (kr)"), amount.amount),
            (section, _("Preliminary"), _("yes") if amount.preliminary else _("no")),
            (section, _("Known"), _("yes") if amount.known else _("no")),
        ]
        for recipient, share in money.split:
            name = str(recipient) if recipient is not None else _("not distributed")
            rows.append((section, _("To %(recipient)s (kr)") % {"recipient": name}, share))
        rows.append((section, _("Paid (kr)"), money.paid))
    section = _("Volunteer hours")
    if hours.only_of is not None:
        rows.append((section, _("Only the hours and commitment of"), ", ".join(hours.only_of)))
    rows += [
        (section, _("Approved (h)"), hours.totals.approved),
        (section, _("Value of approved hours (kr)"), hours.approved_value),
        (section, _("Submitted, awaiting approval (h)"), hours.totals.submitted),
        (section, _("Commitment per year (h)"), hours.commitment),
        (section, _("Value of the commitment (kr)"), material.commitment_value),
        (section, _("Due to date, pro rata (h)"), hours.expected_to_date),
        (section, _("Value per hour (kr)"), hours.hourly_value),
    ]
    section = _("Participants and other indicators")
    rows += [
        (section, _("Planned participants"), material.planned_participants),
        (section, _("Planned participants, in words"), material.participants_note),
        (section, _("Participants reached"), material.participants_reached),
        (section, _("Other indicators"), material.indicators),
    ]
    section = _("Meetings")
    rows += [(section, _("Planned"), material.planned_count), (section, _("Held"), material.held_count)]
    for item in material.meetings:
        held = f"{item.held.date:%Y-%m-%d}" if item.held else _("not held")
        rows.append((section, f"{item.kind_label} {item.due:%Y-%m-%d}", held))
    section = _("Open action items")
    for item in material.open_actions:
        owner = f"{item.owner} ({item.owner_organisation})" if item.owner_organisation else item.owner
        rows.append((section, f"{item.text} – {owner}", f"{item.due_date:%Y-%m-%d}"))
    section = _("The parties' accounts of the year")
    rows += [(section, narrative.party_name, narrative.text) for narrative in material.narratives]
    return rows


def _csv(material) -> bytes:
    """Kronor and hours as numbers; text from the register stays text."""
    columns = [Column(_("Section")), Column(_("Item")), Column(_("Value"))]
    return spreadsheets.to_csv(Table(_("Value"), columns, [list(row) for row in _rows(material)]))


@login_required
def yearly_export(request, agreement_pk, year):
    material = _material(request, agreement_pk, year)
    response = HttpResponse(_csv(material), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(material, "csv")}"'
    return response


# --- What the parties record ------------------------------------------------------------------


@login_required
def yearly_edit(request, agreement_pk, year):
    agreement = _agreement(request, agreement_pk, access.CHANGE)
    _check_year(agreement, year)
    record = YearlyFollowUp.objects.filter(agreement=agreement, year=year).first()
    initial = {"participants_reached": record.participants_reached, "indicators": record.indicators} if record else {}
    form = YearlyFollowUpForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form,
            lambda: yearly_follow_up_save(by=request.user, agreement=agreement, year=year, **form.cleaned_data),
        )
    ):
        messages.success(request, _("The year's participants and indicators were saved."))
        return redirect(_yearly_url(agreement, year))
    title = _("Participants and indicators %(year)s") % {"year": year}
    return render(
        request,
        "form.html",
        {"form": form, "title": title, "agreement": agreement, "cancel_url": _yearly_url(agreement, year)},
    )


@login_required
def narrative_edit(request, agreement_pk, year):
    """A party's account of the year: partners write their own organisation's, planners any
    party's. A partner writes once the municipality has opened the year's follow-up."""
    agreement = _agreement(request, agreement_pk)
    _check_year(agreement, year)
    version = state(agreement).shown
    name = request.POST.get("party", "") if request.method == "POST" else request.GET.get("party", "")
    party = next((party for party in version.parties.all() if party.name == name), None)
    if party is None:
        raise Http404
    may_change = access.can(request.user, access.CHANGE, agreement)
    if not may_change and party.organisation_id not in _own_organisations(request.user):
        raise PermissionDenied
    follow_up = YearlyFollowUp.objects.filter(agreement=agreement, year=year).first()
    if follow_up is None and not may_change:
        messages.info(
            request,
            _(
                "The year's follow-up has not been opened by the municipality yet. You can write your account once it has."
            ),
        )
        return redirect(_yearly_url(agreement, year))
    written = follow_up.narratives.filter(party_name=party.name).first() if follow_up else None
    form = NarrativeForm(request.POST or None, initial={"party": party.name, "text": written.text if written else ""})

    def save():
        with transaction.atomic():  # the year's record and the account, or neither
            record = follow_up or yearly_follow_up_save(by=request.user, agreement=agreement, year=year)
            narrative_save(
                by=request.user,
                follow_up=record,
                party_name=party.name,
                text=form.cleaned_data["text"],
                organisation=party.organisation,
            )

    if request.method == "POST" and form.is_valid() and run_service(form, save):
        messages.success(request, _("The account of %(party)s was saved.") % {"party": party.name})
        return redirect(_yearly_url(agreement, year))
    title = _("The account of %(party)s, %(year)s") % {"party": party.name, "year": year}
    return render(
        request,
        "form.html",
        {"form": form, "title": title, "agreement": agreement, "cancel_url": _yearly_url(agreement, year)},
    )
