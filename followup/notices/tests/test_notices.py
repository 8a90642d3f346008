"""The status e-mails: who is told of each step (and who is not), only once the step has
committed, and an e-mail the server refused kept and sent by the daily command."""

import datetime
import io
import logging
from decimal import Decimal

import pytest

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from agreements import services as agreement_services
from agreements.tests.factories import make_agreement
from followup.hours import services as hours
from followup.hours.services import agreement_activities
from followup.meetings import services as meetings
from followup.models import Convener, MeetingKind
from followup.notices.models import Notice
from followup.notices.services import MAX_ATTEMPTS, send_pending
from followup.tests.factories import approver_for, hours_agreement, reporter_for
from iop.accounts import services as account_services
from iop.accounts.models import NOTICES_BY_ROLE, NoticeKind, Role
from iop.accounts.tests.factories import UserFactory
from partners.tests.factories import CommitteeFactory, ContactFactory, OrganisationFactory

LAST_YEAR = timezone.localdate().year - 1


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses everything."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


def addressed(outbox):
    return sorted(address for message in outbox for address in message.to)


def opt_out(user, kind):
    kinds = [other for other in NOTICES_BY_ROLE[user.role] if other != kind]
    account_services.notice_choices_save(by=user, user=user, kinds=kinds)


def log_hours(agreement, organisation, by, month=1):
    return hours.hours_log(
        by=by,
        agreement=agreement,
        organisation=organisation,
        activity=agreement_activities(agreement).first(),
        date=datetime.date(LAST_YEAR, month, 10),
        hours=Decimal("5"),
        volunteers=2,
    )


@pytest.fixture
def outsiders(db):
    """A planner of another committee and a partner of another organisation, with their own
    agreement: they are told nothing of this one."""
    other = hours_agreement(
        organisation=OrganisationFactory(name="Annan förening"), committee_name="Omsorgsnämnden", registry_number="ON 1"
    )
    organisation = other.versions.get().parties.get(organisation__isnull=False).organisation
    return [approver_for(other), reporter_for(organisation)]


@pytest.fixture
def submitted(agreement, organisation, reporter):
    entry = log_hours(agreement, organisation, reporter)
    return hours.hours_submit_month(by=reporter, report=entry.report)


# --- Months of hours ------------------------------------------------------------------------------


def test_the_committees_planners_are_told_when_a_month_is_submitted(
    agreement, organisation, reporter, approver, outsiders, mailoutbox, django_capture_on_commit_callbacks
):
    second_planner = approver_for(agreement)
    opted_out = approver_for(agreement)
    opt_out(opted_out, NoticeKind.MONTH_SUBMITTED)
    entry = log_hours(agreement, organisation, reporter)
    with django_capture_on_commit_callbacks(execute=True):
        hours.hours_submit_month(by=reporter, report=entry.report)

    assert addressed(mailoutbox) == sorted([approver.email, second_planner.email])
    message = mailoutbox[0]
    assert message.subject == f"IOP: Resurspoolen har lämnat in timmarna för {LAST_YEAR}-01"
    assert "Resurspoolen har lämnat in de ideella timmarna för" in message.body
    assert reverse("followup:hours-review") in message.body
    assert reverse("accounts:notice-settings") in message.body  # how to turn it off


def test_the_organisations_partners_are_told_when_a_month_is_approved(
    submitted, agreement, organisation, reporter, approver, outsiders, mailoutbox, django_capture_on_commit_callbacks
):
    colleague = reporter_for(organisation)
    opted_out = reporter_for(organisation)
    opt_out(opted_out, NoticeKind.MONTH_APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        hours.hours_approve_months(by=approver, reports=[submitted])

    assert addressed(mailoutbox) == sorted([reporter.email, colleague.email])
    assert mailoutbox[0].subject == f"IOP: timmarna för {LAST_YEAR}-01 är godkända"
    month_page = reverse("followup:hours-month", args=[agreement.pk, organisation.pk, f"{LAST_YEAR}-01"])
    assert month_page in mailoutbox[0].body


def test_months_approved_at_once_make_one_email_per_partner(
    agreement, organisation, reporter, approver, mailoutbox, django_capture_on_commit_callbacks
):
    reports = [
        hours.hours_submit_month(by=reporter, report=log_hours(agreement, organisation, reporter, month=month).report)
        for month in (2, 1)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        hours.hours_approve_months(by=approver, reports=reports)
    assert addressed(mailoutbox) == [reporter.email]
    assert mailoutbox[0].subject == f"IOP: timmarna för {LAST_YEAR}-01, {LAST_YEAR}-02 är godkända"
    assert reverse("followup:hours-home") in mailoutbox[0].body


def test_a_returned_month_tells_the_partners_what_to_correct(
    submitted, agreement, organisation, reporter, approver, outsiders, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        hours.hours_return_month(by=approver, report=submitted, comment="Promenadgruppen saknar antal deltagare.")

    assert addressed(mailoutbox) == [reporter.email]
    message = mailoutbox[0]
    assert message.subject == f"IOP: timmarna för {LAST_YEAR}-01 har skickats tillbaka för rättelse"
    assert "Promenadgruppen saknar antal deltagare." in message.body
    assert reverse("followup:hours-month", args=[agreement.pk, organisation.pk, f"{LAST_YEAR}-01"]) in message.body


# --- Meetings -------------------------------------------------------------------------------------


@pytest.fixture
def meeting(agreement, approver):
    return meetings.meeting_save(
        by=approver,
        agreement=agreement,
        kind=MeetingKind.FOLLOW_UP,
        date=datetime.date(LAST_YEAR, 11, 20),
        convened_by=Convener.ADMINISTRATION,
        participants="Anna Berg (Resurspoolen), Kim Holm (Äldrenämnden)",
    )


def test_the_planners_are_told_when_a_partner_adds_material(
    meeting, organisation, reporter, approver, outsiders, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meetings.material_add(
            by=reporter, meeting=meeting, organisation=organisation, text="Vår verksamhetsberättelse."
        )

    assert addressed(mailoutbox) == [approver.email]
    assert mailoutbox[0].subject == f"IOP: Resurspoolen har lagt till material till mötet {LAST_YEAR}-11-20"
    assert reverse("followup:meeting-detail", args=[meeting.pk]) in mailoutbox[0].body


def test_participants_are_told_when_the_minutes_are_recorded(
    meeting, agreement, organisation, reporter, approver, outsiders, mailoutbox, django_capture_on_commit_callbacks
):
    named = ContactFactory(organisation=organisation, name="Anna Berg", email="anna@resurspoolen.se")
    ContactFactory(organisation=organisation, name="Bo Ek", email="bo@resurspoolen.se")  # not at the meeting
    committee = agreement.versions.get().committee
    committee_contact = ContactFactory(organisation=None, committee=committee, name="Kim Holm", email="kim@kommun.se")
    other_planner = approver_for(agreement)
    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_save(by=approver, agreement=agreement, meeting=meeting, minutes="Vi gick igenom året.")

    # The planner who recorded them knows; the contact not named in the participants is not told.
    assert addressed(mailoutbox) == sorted([reporter.email, other_planner.email, named.email, committee_contact.email])
    assert mailoutbox[0].subject == f"IOP: protokollet från mötet {LAST_YEAR}-11-20"
    contact_mail = next(message for message in mailoutbox if message.to == [named.email])
    assert contact_mail.body.startswith("Hej Anna Berg!")
    assert reverse("accounts:notice-settings") not in contact_mail.body  # a contact has no account


def test_a_meeting_saved_without_new_minutes_tells_no_one(
    meeting, agreement, reporter, approver, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_save(by=approver, agreement=agreement, meeting=meeting, place="Stadshuset")
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_save(by=approver, agreement=agreement, meeting=meeting, minutes="Protokoll.")
    assert addressed(mailoutbox) == [reporter.email]
    with django_capture_on_commit_callbacks(execute=True):  # the same minutes saved again
        meetings.meeting_save(by=approver, agreement=agreement, meeting=meeting, minutes="Protokoll.")
    assert len(mailoutbox) == 1


# --- The agreement's decision and signatures ------------------------------------------------------


@pytest.fixture
def parties(db):
    """A ready agreement of a committee and two partners, the contacts of each, and people
    who must not be told: another organisation's contact and partner."""
    committee = CommitteeFactory(name="Äldrenämnden")
    first, second = OrganisationFactory(name="Resurspoolen"), OrganisationFactory(name="Stadsmissionen")
    agreement = make_agreement(committee=committee, partners=[first, second], state="ready")
    other = OrganisationFactory(name="Annan förening")
    people = {
        "committee": ContactFactory(organisation=None, committee=committee, email="namnd@kommun.se"),
        "first": ContactFactory(organisation=first, email="ordf@resurspoolen.se"),
        "second": ContactFactory(organisation=second, email="kansli@stadsmissionen.se"),
        "partner": reporter_for(first),
    }
    ContactFactory(organisation=first, email="")  # no address: cannot be told
    ContactFactory(organisation=other, email="info@annan.se")
    reporter_for(other)
    planner = UserFactory(role=Role.PLANNER, committees=[committee])
    return agreement.versions.get(), people, planner


def expected(people):
    return sorted(person.email for person in people.values())


def test_every_partys_contacts_are_told_when_the_agreement_is_decided(
    parties, mailoutbox, django_capture_on_commit_callbacks
):
    version, people, planner = parties
    with django_capture_on_commit_callbacks(execute=True):
        agreement_services.version_decide(
            by=planner, version=version, decision_body="Äldrenämnden", decision_date=datetime.date(2019, 11, 20)
        )
    assert addressed(mailoutbox) == expected(people)
    assert mailoutbox[0].subject == "IOP: överenskommelsen ÄN 2019-878 Idéburet offentligt partnerskap har beslutats"
    assert "Äldrenämnden beslutade om överenskommelsen" in mailoutbox[0].body
    assert version.agreement.get_absolute_url() in mailoutbox[0].body


def test_the_parties_are_told_once_when_the_last_party_has_signed(
    parties, mailoutbox, django_capture_on_commit_callbacks
):
    version, people, planner = parties
    agreement_services.version_decide(
        by=planner, version=version, decision_body="Äldrenämnden", decision_date=datetime.date(2019, 11, 20)
    )
    opt_out(people["partner"], NoticeKind.AGREEMENT_SIGNED)
    *first_parties, last = list(version.parties.all())
    with django_capture_on_commit_callbacks(execute=True):
        for party in first_parties:
            agreement_services.version_sign(
                by=planner,
                party=party,
                signatory_name="N",
                signatory_title="",
                place="Linköping",
                date=datetime.date(2019, 12, 16),
            )
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        agreement_services.version_sign(
            by=planner,
            party=last,
            signatory_name="N",
            signatory_title="",
            place="Linköping",
            date=datetime.date(2019, 12, 16),
        )
    assert addressed(mailoutbox) == sorted(person.email for key, person in people.items() if key != "partner")
    assert "är undertecknad av alla parter" in mailoutbox[0].subject


# --- After the commit, and only then --------------------------------------------------------------


def test_nothing_is_sent_or_kept_when_the_step_is_rolled_back(
    submitted, approver, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            hours.hours_approve_months(by=approver, reports=[submitted])
            assert Notice.objects.count() == 1  # written with the approval
            transaction.set_rollback(True)
    assert callbacks == []
    assert mailoutbox == []
    assert Notice.objects.count() == 0


def test_nothing_is_sent_before_the_commit(submitted, approver, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        hours.hours_approve_months(by=approver, reports=[submitted])
        assert mailoutbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mailoutbox) == 1


def test_a_refused_email_is_logged_kept_and_sent_by_the_daily_command(
    submitted, reporter, approver, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    with caplog.at_level(logging.ERROR, logger="followup.notices.services"):
        with django_capture_on_commit_callbacks(execute=True):
            hours.hours_approve_months(by=approver, reports=[submitted])  # the approval itself stands
    notice = Notice.objects.get()
    assert (notice.to, notice.sent_at, notice.attempts) == (reporter.email, None, 1)
    assert "the mail server is down" in notice.last_error
    assert "could not be sent" in caplog.text
    submitted.refresh_from_db()
    assert submitted.status == "approved"

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    call_command("send_reminders", stdout=io.StringIO())
    retried = [message for message in mail.outbox if message.subject == notice.subject]  # beside the reminders
    assert addressed(retried) == [reporter.email]
    assert retried[0].body == notice.body
    notice.refresh_from_db()
    assert notice.sent_at is not None and notice.attempts == 2 and notice.last_error == ""
    call_command("send_reminders", stdout=io.StringIO())  # sent once, never again
    assert len([message for message in mail.outbox if message.subject == notice.subject]) == 1


def test_the_daily_command_says_when_an_email_still_cannot_be_sent(submitted, approver, settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    hours.hours_approve_months(by=approver, reports=[submitted])  # on_commit never runs in this test
    with pytest.raises(CommandError, match="skickas igen vid nästa körning"):
        call_command("send_reminders", stdout=io.StringIO())
    assert Notice.objects.get().attempts == 1


def test_an_email_that_used_its_attempts_is_left_alone(submitted, approver, mailoutbox):
    hours.hours_approve_months(by=approver, reports=[submitted])
    Notice.objects.update(attempts=MAX_ATTEMPTS, last_error="refused")
    assert send_pending().sent == 0
    assert mailoutbox == []


def test_a_step_the_system_takes_tells_no_one(submitted, reporter, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        hours.hours_approve_months(by=None, reports=[submitted])  # an import, the demo's data
    assert mailoutbox == []
    assert not Notice.objects.exists()
