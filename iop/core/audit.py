"""The audit trail, beside the change history that django-simple-history keeps per model.

- Logins, failed logins, password-reset requests and refused access are written as
  `AccessEvent`s.
- Failed logins throttle further attempts, per user name and per address.
- Password-reset e-mails are limited per e-mail address and per address asking.
- Audit rows (history tables and access events) cannot be changed or deleted: a database
  trigger refuses it.
- Records a public authority must keep (agreements, decisions, minutes, money) are never
  deleted: they are ended or withdrawn instead.
"""

import datetime
import hashlib
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.contrib.auth import signals as auth_signals
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connections, transaction
from django.db.models.signals import post_migrate, pre_delete
from django.utils import timezone
from django.utils.translation import gettext as _

# --- access events -------------------------------------------------------------------


def client_address(request):
    """The address the request came from. Behind a proxy, the proxy must pass it on as
    REMOTE_ADDR (gunicorn's --forwarded-allow-ips); a client-set header is not trusted."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(kind, request=None, *, user=None, username="", target=None):
    from iop.accounts.models import AccessEvent

    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    event = AccessEvent(
        kind=kind,
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        address=client_address(request),
        method=(request.method or "") if request is not None else "",
        path=request.get_full_path()[:500] if request is not None else "",
    )
    if target is not None:
        model, pk = target
        event.target_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        event.target_id = pk
    event.save()
    return event


def _logged_in(sender, request, user, **kwargs):
    from iop.accounts.models import AccessKind

    record(AccessKind.LOGIN, request, user=user)


def _login_failed(sender, credentials, request=None, **kwargs):
    from iop.accounts.models import AccessKind

    record(AccessKind.LOGIN_FAILED, request, username=credentials.get("username", ""))


def _logged_out(sender, request, user, **kwargs):
    from iop.accounts.models import AccessKind

    if user is not None:
        record(AccessKind.LOGOUT, request, user=user)


def refuse(exception, model, pk):
    """Mark a refusal (Http404 for an outsider, PermissionDenied for a reader) with what
    was refused, for the middleware below to record."""
    exception.refused = (model, pk)
    return exception


class RefusedAccessMiddleware:
    """Records every refused access. It sees the exception after the request's transaction
    has been rolled back, so the record is kept whatever the view had begun."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from iop.accounts.models import AccessKind

        target = getattr(exception, "refused", None)
        # A 404 for something that does not exist is not a refusal; one for an object the
        # user may not see is (access() marks it).
        if isinstance(exception, PermissionDenied) or target is not None:
            record(AccessKind.REFUSED, request, target=target)


# --- login throttling ----------------------------------------------------------------


def _lock_key(*parts):
    digest = hashlib.blake2b("\x00".join(("iop-throttle", *parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _hold(*keys):
    """Lock these throttle keys until the transaction ends, for every process: counting
    the attempts and recording one become a single step. On PostgreSQL a transaction-level
    advisory lock per key; SQLite, the development database, gets none (it takes one
    writer at a time)."""
    connection = transaction.get_connection()
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # Always in the same order: two attempts never each hold a lock the other waits for.
        for key in sorted({_lock_key(*key) for key in keys if key[-1]}):
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


@contextmanager
def login_attempt(request, username):
    """One login attempt under the throttle: gives the minutes this user name or address
    is held back (0: go ahead and check the password).

    The user name and the address stay locked until the transaction ends, so the count,
    the password check and the failure it records (`user_login_failed`) are one step:
    parallel guesses cannot all pass the count before the first failure is written.
    Attempts for one name or from one address are checked one after the other."""
    with transaction.atomic():
        # Upper case, as the count matches the name (iexact compares UPPER()).
        _hold(("login-name", (username or "").upper()), ("login-address", client_address(request) or ""))
        yield login_refused_for(request, username)


def login_refused_for(request, username):
    """Minutes left before this user name or address may try again, or 0.

    Counts the failed logins of the last LOGIN_FAILURE_WINDOW minutes, for the user name
    (LOGIN_FAILURE_LIMIT) and for the address (LOGIN_FAILURE_LIMIT_PER_ADDRESS), so that
    guessing one account's password and trying one password on many accounts are both slowed.
    """
    from iop.accounts.models import AccessEvent, AccessKind

    window = datetime.timedelta(minutes=settings.LOGIN_FAILURE_WINDOW)
    since = timezone.now() - window
    failures = AccessEvent.objects.filter(kind=AccessKind.LOGIN_FAILED, at__gte=since)
    address = client_address(request)
    for rows, limit in (
        (failures.filter(username__iexact=username or ""), settings.LOGIN_FAILURE_LIMIT),
        (failures.filter(address=address) if address else failures.none(), settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS),
    ):
        times = list(rows.order_by("-at").values_list("at", flat=True)[:limit])
        if len(times) >= limit:
            # Free again when the oldest of the last `limit` failures leaves the window.
            remaining = times[-1] + window - timezone.now()
            return max(1, -(-int(remaining.total_seconds()) // 60))
    return 0


# --- password-reset e-mails -----------------------------------------------------------

# E-mails to one e-mail address, and asked for from one address, within the window.
PASSWORD_RESET_LIMIT = 3
PASSWORD_RESET_LIMIT_PER_ADDRESS = 20
PASSWORD_RESET_WINDOW = 60  # minutes


def password_reset_allowed(request, email):
    """Whether a password-reset e-mail may go to this e-mail address now, and record the
    request either way. Limited per e-mail address (PASSWORD_RESET_LIMIT), so that no one
    floods a mailbox, and per address asking (PASSWORD_RESET_LIMIT_PER_ADDRESS), so that
    no one sends to many; whether an account has the e-mail address does not matter."""
    from iop.accounts.models import AccessEvent, AccessKind

    name = email[: AccessEvent._meta.get_field("username").max_length]
    address = client_address(request)
    with transaction.atomic():
        # Counted and recorded in one step, as for logins.
        _hold(("reset-email", name.upper()), ("reset-address", address or ""))
        since = timezone.now() - datetime.timedelta(minutes=PASSWORD_RESET_WINDOW)
        asked = AccessEvent.objects.filter(kind=AccessKind.PASSWORD_RESET, at__gte=since)
        allowed = asked.filter(username__iexact=name).count() < PASSWORD_RESET_LIMIT and (
            not address or asked.filter(address=address).count() < PASSWORD_RESET_LIMIT_PER_ADDRESS
        )
        record(AccessKind.PASSWORD_RESET if allowed else AccessKind.PASSWORD_RESET_HELD, request, username=name)
    return allowed


# --- nothing a public authority must keep is deleted ---------------------------------

# Models whose rows are ended or withdrawn, never deleted. Content of a draft (a chapter,
# a party, a contribution not yet decided) and hours not yet submitted may be removed:
# the history table still tells that they were there.
KEPT_MODELS = (
    "accounts.User",
    "accounts.AccessEvent",
    "partners.Municipality",
    "partners.Committee",
    "partners.Administration",
    "partners.Organisation",
    "agreements.Agreement",
    "agreements.AgreementVersion",
    "agreements.Signature",
    "agreements.Extension",
    "agreements.Termination",
    "agreements.SignedDocument",
    "agreements.ScannedOriginal",
    "finance.Payment",
    "finance.PaymentCorrection",
    "finance.Repayment",
    "finance.TrueUp",
    "followup.MonthReport",
    "followup.FollowUpMeeting",
    "followup.ActionItem",
    "followup.MeetingMaterial",
    "followup.YearlyFollowUp",
    "followup.YearlyNarrative",
)


class RecordKept(Exception):
    """A record the municipality must keep was about to be deleted."""

    def __init__(self, obj):
        super().__init__(
            _("%(model)s “%(object)s” is kept: it can be ended or withdrawn, not deleted.")
            % {"model": obj._meta.verbose_name, "object": obj}
        )


def _refuse_delete(sender, instance, **kwargs):
    raise RecordKept(instance)


# --- audit rows cannot be changed ----------------------------------------------------

TRIGGER_FUNCTION = """
CREATE OR REPLACE FUNCTION iop_audit_is_kept() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'IOP: audit records cannot be changed or deleted (%)', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
"""


def audit_tables():
    """The history tables of every model simple-history follows, and the access events."""
    tables = [model._meta.db_table for model in apps.get_models() if _is_history(model)]
    tables.append(apps.get_model("accounts", "AccessEvent")._meta.db_table)
    return sorted(tables)


def _is_history(model):
    from simple_history.models import HistoricalChanges

    # Historical models, and the historical rows of many-to-many fields (`m2m_fields`).
    return issubclass(model, HistoricalChanges)


def install_audit_triggers(using="default", **kwargs):
    """On PostgreSQL, after every migrate: a trigger on every audit table refuses UPDATE
    and DELETE.

    TRUNCATE stays possible for the table's owner, which is how the test database is
    emptied between tests; the application's database user should not own the tables in
    production (see the README). SQLite, the development database, gets none at migrate:
    its test runs empty the tables with DELETE. `refuse_audit_changes` installs them there
    for a test."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        refuse_audit_changes(connection)


def refuse_audit_changes(connection):
    """Install the triggers (idempotent)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(TRIGGER_FUNCTION)
        for table in audit_tables():
            quoted = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS iop_audit_is_kept ON {quoted}")
                cursor.execute(
                    f"CREATE TRIGGER iop_audit_is_kept BEFORE UPDATE OR DELETE ON {quoted} "
                    "FOR EACH ROW EXECUTE FUNCTION iop_audit_is_kept()"
                )
                continue
            for event in ("update", "delete"):
                cursor.execute(
                    f"CREATE TRIGGER IF NOT EXISTS iop_audit_is_kept_{event}_{table} BEFORE {event.upper()} "
                    f"ON {quoted} BEGIN SELECT RAISE(ABORT, 'IOP: audit records cannot be changed or deleted'); END"
                )


def connect():
    auth_signals.user_logged_in.connect(_logged_in, dispatch_uid="iop-audit-login")
    auth_signals.user_login_failed.connect(_login_failed, dispatch_uid="iop-audit-login-failed")
    auth_signals.user_logged_out.connect(_logged_out, dispatch_uid="iop-audit-logout")
    for label in KEPT_MODELS:
        pre_delete.connect(_refuse_delete, sender=apps.get_model(label), dispatch_uid=f"iop-kept-{label}")
    # Once, after all apps have migrated (post_migrate is sent only for apps with models).
    post_migrate.connect(
        install_audit_triggers, sender=apps.get_app_config("accounts"), dispatch_uid="iop-audit-triggers"
    )


def is_kept(model):
    return model._meta.label in KEPT_MODELS


class KeptRecordsAdminMixin:
    """Django admin offers no delete for records that are kept."""

    def has_delete_permission(self, request, obj=None):
        return not is_kept(self.model) and super().has_delete_permission(request, obj)


def refusals_of(obj, limit=50):
    """The latest refused attempts to reach this object."""
    from iop.accounts.models import AccessEvent, AccessKind

    return list(
        AccessEvent.objects.filter(
            kind=AccessKind.REFUSED,
            target_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            target_id=obj.pk,
        ).select_related("user")[:limit]
    )
