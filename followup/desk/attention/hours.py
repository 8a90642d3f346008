"""The attention items of the volunteer hours: months to approve or return, months to
report and submit."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements import bulk
from agreements.models import Agreement, AgreementVersion
from finance.models import ContributionKind
from followup.desk.attention.items import Item, Kind, new_item
from followup.models import EDITABLE, MonthReport, MonthStatus
from iop.accounts import access
from iop.core.dates import month_end

APPROVE_WITHIN_DAYS = 30  # a submitted month is to be approved or returned within this
RESUBMIT_WITHIN_DAYS = 30  # a returned month is to be corrected and submitted within this


def _next_month_end(month):
    """A month's hours are due by the end of the following month."""
    return month_end(month_end(month) + datetime.timedelta(days=1))


def _local_date(moment):
    return timezone.localdate(moment) if moment else None


def to_approve(user, role, today, agreements) -> list[Item]:
    """Months partners have submitted that the user decides on: a planner those of their
    committees' agreements, an administrator those of their municipality's."""
    reports = access.working_on(user, MonthReport).filter(status=MonthStatus.SUBMITTED)
    reports = list(
        reports.only("agreement", "organisation", "month", "submitted_at", "organisation__name").select_related(
            "organisation"
        )
    )
    _set_agreements(reports, agreements)
    url = reverse("followup:hours-review")
    items = []
    for report in reports:
        submitted = _local_date(report.submitted_at) or month_end(report.month)
        names = {"organisation": report.organisation, "month": f"{report.month:%Y-%m}", "agreement": report.agreement}
        title = _("Approve or return the hours of %(organisation)s for %(month)s: %(agreement)s") % names
        label = _("Approve or return the hours of %(organisation)s for %(month)s") % names
        due = submitted + datetime.timedelta(days=APPROVE_WITHIN_DAYS)
        key = f"approve:{report.pk}"
        items.append(new_item(key, Kind.APPROVE, title, due, url, today, agreement=report.agreement, label=label))
    return items


def _set_agreements(reports, agreements):
    """Sets each report's agreement, for its name: those of `agreements` that are loaded
    already, the others (ended since, say) with their versions in two queries."""
    named = {agreement.pk: agreement for agreement, _current in agreements}
    missing = {report.agreement_id for report in reports} - named.keys()
    if missing:
        others = list(Agreement.objects.filter(pk__in=missing))
        versions = AgreementVersion.objects.filter(agreement__in=missing).only("agreement", "number", "title")
        bulk.attach(others, "versions", AgreementVersion, bulk.by(versions, "agreement_id"))
        named.update((agreement.pk, agreement) for agreement in others)
    for report in reports:
        MonthReport.agreement.field.set_cached_value(report, named[report.agreement_id])


def to_submit(user, agreements, organisation_ids, today) -> list[Item]:
    """Past months the partner has not submitted: open or returned months of any age, and
    last month when nothing is reported yet under an agreement with an hours commitment.
    (A month without hours cannot be submitted, so an empty month is only a prompt until
    its due date.)"""
    this_month = today.replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    reports = list(
        access.visible(user, MonthReport)
        .filter(Q(month=last_month) | Q(status__in=EDITABLE), month__lt=this_month)
        .select_related("organisation")
    )
    _set_agreements(reports, agreements)
    items = []
    for report in reports:
        if report.status not in EDITABLE:
            continue
        url = reverse(
            "followup:hours-month", args=[report.agreement_id, report.organisation_id, f"{report.month:%Y-%m}"]
        )
        if report.status == MonthStatus.RETURNED:
            returned = _local_date(report.decided_at) or today
            names = {"month": f"{report.month:%Y-%m}", "agreement": report.agreement}
            title = _("Hours for %(month)s were returned: correct and submit them again (%(agreement)s)") % names
            label = _("Hours for %(month)s were returned: correct and submit them again") % names
            key = f"returned:{report.pk}:{returned}"
            due = returned + datetime.timedelta(days=RESUBMIT_WITHIN_DAYS)
            items.append(
                new_item(
                    key,
                    Kind.RETURNED,
                    title,
                    due,
                    url,
                    today,
                    agreement=report.agreement,
                    label=label,
                    list_url=reverse("followup:hours-home"),
                )
            )
        else:
            items.append(_submit_item(report.agreement, report.organisation, report.month, url, today))
    reported = {(report.agreement_id, report.organisation_id, report.month) for report in reports}
    for agreement, current in agreements:
        version = current.in_force
        if not (version.start_date and version.start_date <= month_end(last_month) and last_month <= current.end):
            continue
        committed = {c.party_id for c in version.contributions.all() if c.kind == ContributionKind.HOURS}
        for party in version.parties.all():
            if party.organisation_id not in organisation_ids or party.pk not in committed:
                continue
            if (agreement.pk, party.organisation_id, last_month) in reported:
                continue
            url = reverse("followup:hours-month", args=[agreement.pk, party.organisation_id, f"{last_month:%Y-%m}"])
            items.append(_submit_item(agreement, party.organisation, last_month, url, today))
    return items


def _submit_item(agreement, organisation, month, url, today):
    names = {"organisation": organisation, "month": f"{month:%Y-%m}", "agreement": agreement}
    title = _("Report and submit the hours of %(organisation)s for %(month)s: %(agreement)s") % names
    label = _("Report and submit the hours of %(organisation)s for %(month)s") % names
    key = f"hours:{agreement.pk}:{organisation.pk}:{month:%Y-%m}"
    due = _next_month_end(month)
    # several months of an agreement: the hours page lists them all
    list_url = reverse("followup:hours-home")
    return new_item(key, Kind.SUBMIT, title, due, url, today, agreement=agreement, label=label, list_url=list_url)
