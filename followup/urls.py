from django.urls import path

from followup.desk import calendar
from followup.hours import urls as hours_urls
from followup.meetings import urls as meetings_urls

app_name = "followup"
urlpatterns = [
    *hours_urls.urlpatterns,
    # the follow-up of an agreement
    *meetings_urls.urlpatterns,
    # reminders in the user's own calendar
    path("kalender/", calendar.calendar_settings, name="calendar-settings"),
    path("kalender/<str:token>.ics", calendar.calendar_feed, name="calendar-feed"),
]
