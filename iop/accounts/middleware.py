"""Sessions end after 30 minutes without a request (SESSION_COOKIE_AGE) and after a while
whatever the user does (SESSION_MAX_AGE).

The inactivity timeout is renewed by saving the session, which moves its expiry on. Saving
it on every request (SESSION_SAVE_EVERY_REQUEST) would write the session table on every
page, so a logged-in user's session is saved at most once a minute (RENEW_EVERY), and then
with RENEW_EVERY more than SESSION_COOKIE_AGE: it still ends no earlier than
SESSION_COOKIE_AGE after the last request, and at most RENEW_EVERY later."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

STARTED = "iop_session_started"
RENEWED = "iop_session_renewed"
RENEW_EVERY = 60  # seconds


def _now():
    return int(timezone.now().timestamp())


def _renew(session, now):
    """A change: the session middleware saves the session and sends its cookie anew."""
    session[RENEWED] = now
    session.set_expiry(settings.SESSION_COOKIE_AGE + RENEW_EVERY)


@receiver(user_logged_in, dispatch_uid="iop_session_begins")
def _session_begins(sender, request, user, **kwargs):
    """A login saves the session anyway: its lifetime and its renewal start there."""
    now = _now()
    request.session[STARTED] = now
    _renew(request.session, now)


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = request.session
            started = session.get(STARTED)
            now = _now()
            if started is None:
                session[STARTED] = now
            elif now - started > settings.SESSION_MAX_AGE:
                logout(request)
                messages.info(
                    request,
                    _("You have been logged out: a session lasts at most %(hours)s hours.")
                    % {"hours": settings.SESSION_MAX_AGE // 3600},
                )
                return redirect(settings.LOGIN_URL)
            if now - session.get(RENEWED, 0) >= RENEW_EVERY:
                _renew(session, now)
        return self.get_response(request)
