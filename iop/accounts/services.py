"""Writes to users: role and bindings kept consistent, whatever path creates them."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from iop.accounts import access
from iop.accounts.models import NOTICES_BY_ROLE, NoticeOptOut, Role, User

PROFILE_FIELDS = ("username", "first_name", "last_name", "email", "title", "role", "is_active")


def _check_bindings(*, role, committees, organisations, municipality=None, superuser=False):
    errors = {}
    if role == Role.PLANNER and not committees:
        errors["committees"] = _("A planner works for at least one committee.")
    if role == Role.PARTNER and not organisations:
        errors["organisations"] = _("A partner represents at least one organisation.")
    if role != Role.PARTNER and municipality is None and not superuser:
        errors["municipality"] = _("The municipality's staff belong to a municipality.")
    if role == Role.PLANNER and municipality is not None:
        if any(committee.municipality_id != municipality.pk for committee in committees):
            errors["committees"] = _("A planner works for committees of their own municipality only.")
    if errors:
        raise ValidationError(errors)


def _municipality(by, user, role, fields):
    """Staff belong to a municipality: the one chosen (by the installation's superuser), the
    user's own, or the administrator's who adds them; partners to none."""
    if role == Role.PARTNER:
        return None
    chosen = fields.pop("municipality", None)
    if chosen is not None and (by is None or by.is_superuser):
        return chosen
    return user.municipality or (by.municipality if by is not None else chosen)


def _apply(user, *, fields, committees, organisations):
    for name, value in fields.items():
        setattr(user, name, value)
    # Only the installation's superuser enters the Django admin back office, which does not
    # keep municipalities apart; a municipality's administrators work in IOP itself.
    if user.role != Role.ADMINISTRATOR:
        user.is_staff = user.is_superuser = False
    user.full_clean(exclude=["password"])
    user.save()
    # Bindings only mean something for their role; others are cleared, not kept around.
    user.committees.set(committees if user.role == Role.PLANNER else [])
    user.organisations.set(organisations if user.role == Role.PARTNER else [])
    return user


@transaction.atomic
def user_create(
    *,
    by: User | None,
    committees: Iterable[Model] = (),
    organisations: Iterable[Model] = (),
    password: str | None = None,
    **fields: Any,
) -> User:
    if by is not None and not access.can(by, access.CREATE, User):
        raise PermissionDenied
    user = User()
    fields["municipality"] = _municipality(by, user, fields.get("role"), fields)
    _check_bindings(
        role=fields.get("role"),
        committees=committees,
        organisations=organisations,
        municipality=fields["municipality"],
        superuser=fields.get("is_superuser", False),
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    return _apply(user, fields=fields, committees=committees, organisations=organisations)


@transaction.atomic
def user_update(
    *, by: User | None, user: User, committees: Iterable[Model] = (), organisations: Iterable[Model] = (), **fields: Any
) -> User:
    if not access.can(by, access.CHANGE, user):
        raise PermissionDenied
    role = fields.get("role", user.role)
    fields["municipality"] = _municipality(by, user, role, fields)
    _check_bindings(
        role=role,
        committees=committees,
        organisations=organisations,
        municipality=fields["municipality"],
        superuser=user.is_superuser,
    )
    if user == by and (fields.get("role", user.role) != Role.ADMINISTRATOR or not fields.get("is_active", True)):
        raise ValidationError({"role": _("You cannot take away your own administrator access.")})
    return _apply(user, fields=fields, committees=committees, organisations=organisations)


def user_send_welcome(*, user: User, request: HttpRequest) -> None:
    """E-mail a new user a link to choose their password (the password-reset flow)."""
    if not user.email:
        return
    link = request.build_absolute_uri(
        reverse(
            "accounts:password-reset-confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    )
    context = {"user": user, "link": link}
    send_mail(
        subject=_("Your account in IOP"),
        message=render_to_string("accounts/email/welcome.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )


@transaction.atomic
def notice_choices_save(*, by: User, user: User, kinds: Iterable[str]) -> None:
    """Keep which status e-mails `user` gets: `kinds`; every other kind their role can get is
    turned off. Each user chooses their own; the opt-outs' history records who changed them
    and when."""
    if by is None or by.pk != user.pk:
        raise PermissionDenied
    kinds, offered = set(kinds), NOTICES_BY_ROLE[user.role]
    if kinds - set(offered):
        raise ValidationError({"kinds": _("Choose among the kinds of e-mail listed.")})
    # Locked, so that two saves at once do not both turn the same kind off.
    User.objects.select_for_update().filter(pk=user.pk).first()
    turned_off = {opt_out.kind: opt_out for opt_out in NoticeOptOut.objects.filter(user=user)}
    for kind in offered:
        existing = turned_off.get(kind)
        if kind in kinds and existing is not None:
            existing._history_user = by
            existing.delete()
        elif kind not in kinds and existing is None:
            opt_out = NoticeOptOut(user=user, kind=kind)
            opt_out.full_clean()
            opt_out._history_user = by
            opt_out.save()
