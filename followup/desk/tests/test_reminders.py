"""The daily reminder e-mails: once per item and threshold, never again once handled."""

import datetime
import re
from io import StringIO

import pytest

from django.core import mail
from django.core.management import CommandError, call_command

from followup.desk.attention import Kind, items_for
from followup.desk.reminders import THRESHOLDS, send_reminders, threshold_reached
from followup.desk.tests.test_attention import TODAY, log_month, month_of, running_agreement, signed_agreement
from followup.hours import services
from followup.meetings import services as meetings
from followup.models import Convener, MeetingKind, ReminderSent

D = datetime.date


def run(today=None, *options):
    out = StringIO()
    arguments = [f"--today={today}"] if today else []
    call_command("send_reminders", *arguments, *options, stdout=out)
    return out.getvalue()


@pytest.fixture
def submitted(committee_x, organisation_a, partner_a):
    """A month of hours the partner has submitted; the committee's planner is to approve it.
    (The partner has no e-mail address here: these tests follow the planner's reminders.)"""
    partner_a.email = ""
    partner_a.save()
    agreement = running_agreement(committee_x, organisation_a, hours=True)
    report = log_month(agreement, organisation_a, partner_a, month_of(TODAY, 2))
    return services.hours_submit_month(by=partner_a, report=report)


def test_thresholds_are_90_30_and_7_days_and_an_overdue_item_has_reached_the_smallest():
    today = D(2026, 11, 22)
    assert THRESHOLDS == (90, 30, 7)
    assert threshold_reached(today + datetime.timedelta(days=91), today) is None
    assert threshold_reached(today + datetime.timedelta(days=90), today) == 90
    assert threshold_reached(today + datetime.timedelta(days=31), today) == 90
    assert threshold_reached(today + datetime.timedelta(days=30), today) == 30
    assert threshold_reached(today + datetime.timedelta(days=7), today) == 7
    assert threshold_reached(today - datetime.timedelta(days=100), today) == 7


def test_running_the_command_twice_sends_once(submitted, planner):
    planner.email = "planner@example.se"
    planner.save()
    assert re.search(r"\b1\b", run())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["planner@example.se"]
    item = next(item for item in items_for(planner) if item.kind == Kind.APPROVE)
    assert item.title in message.body and item.url in message.body
    assert ReminderSent.objects.filter(user=planner, key=item.key, threshold=30).exists()

    assert re.search(r"\b0\b", run())
    assert len(mail.outbox) == 1


def test_the_30_day_threshold_after_the_90_day_one_sends_again(committee_x, organisation_a, planner):
    planner.email = "planner@example.se"
    planner.save()
    end = TODAY + datetime.timedelta(days=100)
    agreement = signed_agreement(
        committee=committee_x,
        organisation=organisation_a,
        start=D(TODAY.year - 2, 1, 1),
        end=end,
        notice_months=None,
    )
    key = f"ending:{agreement.pk}:{end}"

    run(end - datetime.timedelta(days=95))  # within 12 months, not yet 90 days: nothing
    assert mail.outbox == []
    run(end - datetime.timedelta(days=90))
    run(end - datetime.timedelta(days=60))
    assert len(mail.outbox) == 1
    run(end - datetime.timedelta(days=30))
    assert len(mail.outbox) == 2
    assert sorted(ReminderSent.objects.filter(user=planner, key=key).values_list("threshold", flat=True)) == [30, 90]
    run(end - datetime.timedelta(days=29))
    assert len(mail.outbox) == 2


def test_a_handled_item_is_not_reminded_again(submitted, planner):
    planner.email = "planner@example.se"
    planner.save()
    services.hours_approve_months(by=planner, reports=[submitted])
    run()
    assert mail.outbox == []
    assert not ReminderSent.objects.exists()


def test_a_handled_item_drops_out_before_its_next_threshold(committee_x, organisation_a, partner_a):
    partner_a.email = "partner@example.se"
    partner_a.save()
    agreement = running_agreement(committee_x, organisation_a)
    meeting = meetings.meeting_save(
        by=None,
        agreement=agreement,
        kind=MeetingKind.OPERATIONAL,
        date=TODAY - datetime.timedelta(days=10),
        convened_by=Convener.ADMINISTRATION,
    )
    due = TODAY + datetime.timedelta(days=60)
    action = meetings.action_item_add(
        by=None,
        meeting=meeting,
        text="Boka lokal",
        owner="Resurspoolen",
        owner_organisation=organisation_a,
        due_date=due,
    )
    run(TODAY)
    assert len(mail.outbox) == 1 and "Boka lokal" in mail.outbox[0].body
    meetings.action_item_done(by=partner_a, item=action)
    run(due - datetime.timedelta(days=7))
    assert len(mail.outbox) == 1


def test_users_without_e_mail_or_inactive_get_nothing(submitted, planner):
    planner.email = ""
    planner.save()
    run()
    planner.email, planner.is_active = "planner@example.se", False
    planner.save()
    run()
    assert mail.outbox == []


def test_one_e_mail_per_user_lists_all_their_new_items(committee_x, organisation_a, partner_a):
    partner_a.email = "partner@example.se"
    partner_a.save()
    agreement = running_agreement(committee_x, organisation_a)
    meetings.rule_save(by=None, agreement=agreement, kind=MeetingKind.OPERATIONAL, months="6", convened_by="partners")
    run()
    assert len(mail.outbox) == 1
    reminded = set(ReminderSent.objects.filter(user=partner_a).values_list("key", flat=True))
    assert reminded == {item.key for item in items_for(partner_a)} and len(reminded) == 2


def test_a_dry_run_neither_sends_nor_records(submitted, planner):
    planner.email = "planner@example.se"
    planner.save()
    assert re.search(r"\b1\b", run(None, "--dry-run"))
    assert mail.outbox == [] and not ReminderSent.objects.exists()


def test_a_failed_e_mail_is_not_recorded_and_the_command_says_so(submitted, planner, settings, monkeypatch):
    planner.email = "planner@example.se"
    planner.save()

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("no SMTP server")

    monkeypatch.setattr("followup.desk.reminders.send_mail", refuse)
    with pytest.raises(CommandError):
        run()
    assert not ReminderSent.objects.exists()


def test_a_wrong_date_is_refused():
    with pytest.raises(CommandError):
        call_command("send_reminders", "--today=22/11/2026", stdout=StringIO())


def test_links_in_the_e_mail_start_with_the_base_url(submitted, planner):
    planner.email = "planner@example.se"
    planner.save()
    send_reminders(base_url="https://iop.example.se/")
    assert "https://iop.example.se/timmar/granskning/" in mail.outbox[0].body
