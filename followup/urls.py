from django.urls import path

from followup import views_calendar
from followup.hours import urls as hours_urls
from followup.meetings import urls as meetings_urls

app_name = "followup"
urlpatterns = [
    *hours_urls.urlpatterns,
    # the follow-up of an agreement
    *meetings_urls.urlpatterns,
    # reminders in the user's own calendar
    path("kalender/", views_calendar.calendar_settings, name="calendar-settings"),
    path("kalender/<str:token>.ics", views_calendar.calendar_feed, name="calendar-feed"),
]
