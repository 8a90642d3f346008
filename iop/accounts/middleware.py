"""Sessions end after a while whatever the user does: an absolute lifetime on top of the
inactivity timeout (SESSION_COOKIE_AGE, renewed on every request)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.translation import gettext as _

STARTED = "iop_session_started"


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(STARTED)
            now = int(time.time())
            if started is None:
                request.session[STARTED] = now
            elif now - started > settings.SESSION_MAX_AGE:
                logout(request)
                messages.info(
                    request,
                    _("You have been logged out: a session lasts at most %(hours)s hours.")
                    % {"hours": settings.SESSION_MAX_AGE // 3600},
                )
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)
