"""Which status e-mail each event sends, to whom, with which subject and link. Connected to
the signals of the hours, the meetings and the agreements' life cycle from followup's
`ready()`, so those apps never name this one."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from agreements import signals as agreement_signals
from followup.hours import signals as hours_signals
from followup.meetings import signals as meeting_signals
from followup.notices import recipients
from followup.notices.services import notify
from iop.accounts.models import NoticeKind


def _month(report):
    return f"{report.month:%Y-%m}"


def month_submitted(sender, *, report, by, **kwargs):
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("IOP: %(organisation)s has submitted the hours of %(month)s") % {
            "organisation": report.organisation,
            "month": _month(report),
        }
    notify(
        NoticeKind.MONTH_SUBMITTED,
        recipients.planners(report.agreement),
        by=by,
        subject=subject,
        link=reverse("followup:hours-review"),
        report=report,
        month=_month(report),
    )


def _month_decided(kind, reports, by, subject, months):
    """One e-mail for the months of one organisation under one agreement decided at once:
    it links to the month, or to the hours page when there are several."""
    report = reports[0]
    if len(reports) == 1:
        link = reverse("followup:hours-month", args=[report.agreement_id, report.organisation_id, months])
    else:
        link = reverse("followup:hours-home")
    notify(
        kind,
        recipients.partner_users([report.organisation_id]),
        by=by,
        subject=subject,
        link=link,
        report=report,
        month=months,
    )


def months_approved(sender, *, reports, by, **kwargs):
    groups = {}
    for report in sorted(reports, key=lambda report: report.month):
        groups.setdefault((report.agreement_id, report.organisation_id), []).append(report)
    for group in groups.values():
        months = ", ".join(_month(report) for report in group)
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("IOP: the hours of %(month)s are approved") % {"month": months}
        _month_decided(NoticeKind.MONTH_APPROVED, group, by, subject, months)


def month_returned(sender, *, report, by, **kwargs):
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("IOP: the hours of %(month)s were returned to be corrected") % {"month": _month(report)}
    _month_decided(NoticeKind.MONTH_RETURNED, [report], by, subject, _month(report))


def material_added(sender, *, material, by, **kwargs):
    meeting = material.meeting
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("IOP: %(organisation)s added material to the meeting of %(date)s") % {
            "organisation": material.organisation,
            "date": f"{meeting.date:%Y-%m-%d}",
        }
    notify(
        NoticeKind.MATERIAL_ADDED,
        recipients.planners(meeting.agreement),
        by=by,
        subject=subject,
        link=reverse("followup:meeting-detail", args=[meeting.pk]),
        material=material,
        meeting=meeting,
    )


def minutes_recorded(sender, *, meeting, by, **kwargs):
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("IOP: the minutes of the meeting of %(date)s") % {"date": f"{meeting.date:%Y-%m-%d}"}
    notify(
        NoticeKind.MINUTES_RECORDED,
        recipients.participants(meeting),
        by=by,
        subject=subject,
        link=reverse("followup:meeting-detail", args=[meeting.pk]),
        meeting=meeting,
    )


def _version_moved(kind, version, by, subject):
    notify(
        kind,
        recipients.party_contacts(version),
        by=by,
        subject=subject,
        link=version.agreement.get_absolute_url(),
        version=version,
        agreement=version.agreement,
    )


def _title(version):
    return f"{version.agreement.registry_number} {version.title}".strip()


def version_decided(sender, *, version, by, **kwargs):
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("IOP: the agreement %(agreement)s has been decided") % {"agreement": _title(version)}
    _version_moved(NoticeKind.AGREEMENT_DECIDED, version, by, subject)


def version_signed(sender, *, version, by, **kwargs):
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("IOP: the agreement %(agreement)s is signed by all parties") % {"agreement": _title(version)}
    _version_moved(NoticeKind.AGREEMENT_SIGNED, version, by, subject)


def connect():
    uid = "followup.notices"
    hours_signals.month_submitted.connect(month_submitted, dispatch_uid=uid)
    hours_signals.months_approved.connect(months_approved, dispatch_uid=uid)
    hours_signals.month_returned.connect(month_returned, dispatch_uid=uid)
    meeting_signals.material_added.connect(material_added, dispatch_uid=uid)
    meeting_signals.minutes_recorded.connect(minutes_recorded, dispatch_uid=uid)
    agreement_signals.version_decided.connect(version_decided, dispatch_uid=uid)
    agreement_signals.version_signed.connect(version_signed, dispatch_uid=uid)
