"""Writes of the desk: the private calendar address."""

import secrets

from django.db import transaction
from django.utils import timezone

from followup.desk.models import CalendarToken
from iop.accounts.models import User


@transaction.atomic
def calendar_token_get_or_create(*, user: User) -> CalendarToken:
    """The user's token in use, made on first need."""
    token = CalendarToken.objects.filter(user=user, revoked_at__isnull=True).first()
    return token or CalendarToken.objects.create(user=user, token=secrets.token_urlsafe(32))


@transaction.atomic
def calendar_token_renew(*, user: User) -> CalendarToken:
    """Revoke the user's token (the old URL stops working) and make a new one."""
    CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    return CalendarToken.objects.create(user=user, token=secrets.token_urlsafe(32))
