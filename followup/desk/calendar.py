"""A private calendar feed per user: meetings and deadlines for Outlook and other calendars.

Calendar apps cannot log in, so the feed is found by a secret token in its URL. The user
sees the URL on the calendar page and can revoke it there (a new one replaces it). A wrong
or revoked token is a plain 404, the same either way: nothing tells which tokens exist.
"""

import datetime
import re

from icalendar import Calendar, Event

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from followup.desk import attention, services
from followup.desk.models import CalendarToken

# The product, not a municipality: one installation serves several.
PRODID = "-//IOP//Idéburna offentliga partnerskap//SV"
# The characters secrets.token_urlsafe uses (followup.desk.services): anything else is no token, and is
# not looked up (a NUL byte in a query fails on PostgreSQL).
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,64}")


# --- The pages -----------------------------------------------------------------------------------


@login_required
def calendar_settings(request):
    if request.method == "POST" and "revoke" in request.POST:
        services.calendar_token_renew(user=request.user)
        messages.success(request, _("The old address no longer works. Use the new one below."))
        return redirect("followup:calendar-settings")
    token = services.calendar_token_get_or_create(user=request.user)
    feed_url = request.build_absolute_uri(reverse("followup:calendar-feed", args=[token.token]))
    return render(request, "followup/desk/calendar.html", {"feed_url": feed_url, "token": token})


@require_safe
def calendar_feed(request, token):
    if not TOKEN_SHAPE.fullmatch(token):
        raise Http404
    found = (
        CalendarToken.objects.select_related("user")
        .filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if found is None:
        raise Http404
    body = feed(found.user, base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="iop.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- The feed ------------------------------------------------------------------------------------


def feed(user, *, base_url="", today=None) -> bytes:
    """The user's meetings and deadlines as an iCalendar document (all-day events)."""
    today = today or timezone.localdate()
    stamp = timezone.now()
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _("IOP: meetings and deadlines"))
    agreements = attention.agreements_of(user, today)  # loaded once for both
    for meeting in attention.meetings_for(user, today, agreements=agreements):
        cal.add_component(_event(meeting.uid, meeting.title, meeting.date, base_url + meeting.url, stamp))
    for item in attention.items_for(user, today, agreements=agreements):
        if item.kind == attention.Kind.MEETING:
            continue  # an overdue meeting is already in the calendar on its due date
        cal.add_component(_event(item.key, item.title, item.due, base_url + item.url, stamp))
    return cal.to_ical()


def _event(key, title, day, url, stamp):
    event = Event()
    event.add("uid", f"{key}@iop")
    event.add("summary", title)
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("dtstamp", stamp)
    event.add("url", url)
    event.add("transp", "TRANSPARENT")  # a deadline does not make the user busy
    return event
