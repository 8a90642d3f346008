"""The audit trail: logins and refused access recorded, logins throttled, audit rows and
kept records never changed or deleted, and the whole story readable per agreement."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest

from django.apps import apps
from django.contrib import admin
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.db.models.signals import pre_delete
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from agreements.tests.factories import make_agreement
from finance.models import Payment
from finance.services import payment_register
from followup.hours.services import agreement_activities, hours_log
from followup.tests.factories import hours_agreement, reporter_for
from iop.accounts.models import AccessEvent, AccessKind, User
from iop.accounts.tests.factories import PASSWORD, UserFactory
from iop.core import audit

LOGIN = "accounts:login"


def log_in(client, username, password, address="10.0.0.1"):
    return client.post(reverse(LOGIN), {"username": username, "password": password}, REMOTE_ADDR=address)


# --- logins ---------------------------------------------------------------------------


def test_a_login_and_a_logout_are_recorded_with_who_and_from_where(client, planner):
    assert log_in(client, planner.username, PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"), REMOTE_ADDR="10.0.0.1")
    events = list(AccessEvent.objects.order_by("pk").values_list("kind", "user", "username", "address"))
    assert events == [
        (AccessKind.LOGIN, planner.pk, planner.username, "10.0.0.1"),
        (AccessKind.LOGOUT, planner.pk, planner.username, "10.0.0.1"),
    ]


def test_a_failed_login_is_recorded_with_the_name_that_was_typed(client, planner):
    response = log_in(client, planner.username, "wrong")
    assert response.status_code == 200
    log_in(client, "nobody-by-that-name", "wrong")
    failures = AccessEvent.objects.filter(kind=AccessKind.LOGIN_FAILED).order_by("pk")
    assert [(event.username, event.user_id) for event in failures] == [
        (planner.username, None),
        ("nobody-by-that-name", None),
    ]


def test_after_five_failures_not_even_the_right_password_lets_the_user_in(client, planner, settings):
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        log_in(client, planner.username, "guess")
    response = log_in(client, planner.username, PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Too many failed logins" in response.content.decode() or "För många" in response.content.decode()
    assert AccessEvent.objects.filter(kind=AccessKind.LOGIN_THROTTLED, username=planner.username).count() == 1
    # The name is held back, not the others who log in from elsewhere.
    other = UserFactory(username="someone-else")
    assert log_in(client, other.username, PASSWORD, address="10.0.0.2").status_code == 302


def test_the_hold_ends_when_the_failures_leave_the_window(client, planner, settings):
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        log_in(client, planner.username.upper(), "guess")  # the name is matched without case
    assert log_in(client, planner.username, PASSWORD).status_code == 200  # held back
    later = timezone.now() + datetime.timedelta(minutes=settings.LOGIN_FAILURE_WINDOW, seconds=1)
    with mock.patch("iop.core.audit.timezone.now", return_value=later):
        assert log_in(client, planner.username, PASSWORD).status_code == 302


def test_one_address_trying_many_names_is_held_back_too(db, client, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 4
    user = UserFactory(username="real-user")
    for number in range(4):
        log_in(client, f"guess-{number}", "guess", address="10.9.9.9")
    assert log_in(client, user.username, PASSWORD, address="10.9.9.9").status_code == 200
    assert log_in(client, user.username, PASSWORD, address="10.1.1.1").status_code == 302


# --- refused access -------------------------------------------------------------------


@pytest.fixture
def agreement_a(organisation_a, committee_x):
    return make_agreement(committee=committee_x, partners=[organisation_a])


def refused():
    return list(AccessEvent.objects.filter(kind=AccessKind.REFUSED).values_list("user", "path", "target_id"))


def test_a_partner_reaching_for_another_organisations_agreement_is_recorded(client_as, partner_b, agreement_a):
    path = reverse("agreements:agreement-detail", args=[agreement_a.pk])
    assert client_as(partner_b).get(path).status_code == 404
    assert refused() == [(partner_b.pk, path, agreement_a.pk)]
    event = AccessEvent.objects.get(kind=AccessKind.REFUSED)
    assert event.target_type.model_class() is Agreement


def test_a_reader_trying_to_change_is_recorded_though_the_request_is_rolled_back(client_as, viewer, agreement_a):
    path = reverse("agreements:version-edit", args=[agreement_a.pk, "basics"])
    assert client_as(viewer).post(path, {"title": "Ändrad"}).status_code == 403
    assert refused() == [(viewer.pk, path, agreement_a.pk)]


def test_a_page_for_something_that_does_not_exist_is_not_a_refusal(client_as, partner_b, agreement_a):
    assert (
        client_as(partner_b).get(reverse("agreements:agreement-detail", args=[agreement_a.pk + 99])).status_code == 404
    )
    assert refused() == []


def test_the_agreements_history_shows_refusals_money_and_hours(client_as, planner, partner_b):
    agreement = hours_agreement(organisation=partner_b.organisations.get())
    planner.committees.set([agreement.versions.get().committee])
    organisation = partner_b.organisations.get()
    payment_register(
        by=planner, agreement=agreement, recipient=organisation, date=timezone.localdate(), amount=Decimal("1000")
    )
    reporter = reporter_for(organisation)
    hours_log(
        by=reporter,
        agreement=agreement,
        organisation=organisation,
        activity=agreement_activities(agreement)[0],
        date=timezone.localdate(),
        hours=Decimal("3"),
        volunteers=1,
    )
    stranger = reporter_for(
        make_agreement(registry_number="X 1").versions.get().parties.get(organisation__isnull=False).organisation
    )
    client = client_as(stranger)
    client.get(reverse("agreements:agreement-detail", args=[agreement.pk]))
    client = client_as(planner)
    history = reverse("agreements:agreement-history", args=[agreement.pk])
    page = client.get(history).content.decode()
    assert str(stranger) in page  # the refusal, with the agreement's own history
    money = client.get(history, {"del": "ekonomi"}).content.decode()
    assert "Utbetalning ”" in money and "1\xa0000\xa0kr" in money
    hours = client.get(history, {"del": "uppfoljning"}).content.decode()
    assert f"{agreement_activities(agreement)[0].name}: 3" in hours
    assert client.get(history, {"del": "okänd"}).status_code == 404


def test_administrators_read_the_access_log_and_no_one_else(client_as, administrator, planner, partner_b, agreement_a):
    client_as(partner_b).get(reverse("agreements:agreement-detail", args=[agreement_a.pk]))
    assert client_as(planner).get(reverse("accounts:access-log")).status_code == 403
    response = client_as(administrator).get(reverse("accounts:access-log"), {"kind": AccessKind.REFUSED})
    assert response.status_code == 200
    # Newest first: the planner was refused the log after the partner the agreement.
    assert [event.user for event in response.context["events"]] == [planner, partner_b]


# --- nothing kept is deleted ----------------------------------------------------------


def test_every_kept_model_refuses_deletion():
    connected = {key[0] for key, *_rest in pre_delete.receivers}
    for label in audit.KEPT_MODELS:
        assert pre_delete.has_listeners(apps.get_model(label)), label
        assert f"iop-kept-{label}" in connected, label


def test_an_agreement_a_payment_and_a_user_cannot_be_deleted(agreement_a, planner, organisation_a):
    payment = Payment.objects.create(
        agreement=agreement_a, recipient=organisation_a, date=datetime.date(2024, 1, 31), amount=Decimal("10")
    )
    for delete in (
        agreement_a.delete,
        payment.delete,
        planner.delete,
        Payment.objects.all().delete,
        organisation_a.delete,  # would take the agreement's parties with it
    ):
        # Kept (or protected by what refers to it, as the agreement by its payment).
        with pytest.raises((audit.RecordKept, ProtectedError)), transaction.atomic():
            delete()
    assert Agreement.objects.filter(pk=agreement_a.pk).exists()
    assert Payment.objects.count() == 1
    assert User.objects.filter(pk=planner.pk).exists()


def test_django_admin_offers_no_delete_for_kept_records(rf, administrator):
    request = rf.get("/admin/")
    request.user = administrator
    kept = [model for model in admin.site._registry if audit.is_kept(model)]
    assert len(kept) >= 8
    for model in kept:
        assert not admin.site._registry[model].has_delete_permission(request), model
    # Draft wording that is not a public record may still be removed there.
    default_text = apps.get_model("agreements", "DefaultText")
    assert admin.site._registry[default_text].has_delete_permission(request)


# --- audit rows cannot be changed -----------------------------------------------------


def test_audit_rows_cannot_be_changed_or_deleted_in_the_database(agreement_a, planner, client):
    log_in(client, planner.username, PASSWORD)
    if connection.vendor == "sqlite":
        # The development database gets the triggers only here (see install_audit_triggers).
        audit.refuse_audit_changes(connection)
    history = agreement_a.history.model
    assert history.objects.exists() and AccessEvent.objects.exists()
    for table in (history._meta.db_table, AccessEvent._meta.db_table):
        for statement in (f'UPDATE "{table}" SET id = id', f'DELETE FROM "{table}"'):  # noqa: S608
            with pytest.raises(DatabaseError, match="audit records cannot be changed or deleted"):
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(statement)
    assert set(audit.audit_tables()) >= {
        "agreements_historicalagreement",
        "finance_historicalpayment",
        "followup_historicalhourentry",
        "followup_historicalfollowupmeeting",
        "accounts_accessevent",
    }


@pytest.mark.django_db
def test_every_history_table_has_its_trigger_on_postgresql():
    if connection.vendor != "postgresql":
        audit.refuse_audit_changes(connection)
        with connection.cursor() as cursor:
            cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'iop_audit%'")
            tables = {row[0] for row in cursor.fetchall()}
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = 'iop_audit_is_kept'")
            tables = {row[0].strip('"') for row in cursor.fetchall()}
    assert tables == set(audit.audit_tables())
