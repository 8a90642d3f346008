from django.urls import path, register_converter

from followup import views_entry, views_meetings, views_review, views_upload, views_yearly
from followup.desk import calendar


class MonthConverter:
    """A month in a URL: 2026-11."""

    regex = r"\d{4}-(0[1-9]|1[0-2])"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(MonthConverter, "month")

app_name = "followup"
urlpatterns = [
    path("timmar/", views_entry.hours_home, name="hours-home"),
    path("timmar/granskning/", views_review.hours_review, name="hours-review"),
    path("timmar/granskning/godkann/", views_review.hours_approve, name="hours-approve"),
    path("timmar/granskning/<int:report_pk>/tillbaka/", views_review.hours_return, name="hours-return"),
    path("timmar/framsteg/", views_review.hours_progress_view, name="hours-progress"),
    path("timmar/framsteg.<str:fmt>", views_review.hours_progress_export, name="hours-progress-export"),
    path("timmar/mall.<str:fmt>", views_upload.hours_template, name="hours-template"),
    path("timmar/<int:agreement_pk>/<int:organisation_pk>/ladda-upp/", views_upload.hours_upload, name="hours-upload"),
    path("timmar/<int:agreement_pk>/<int:organisation_pk>/<month:month>/", views_entry.hours_month, name="hours-month"),
    path(
        "timmar/<int:agreement_pk>/<int:organisation_pk>/<month:month>/ark/",
        views_entry.hours_sheet,
        name="hours-sheet",
    ),
    path(
        "timmar/<int:agreement_pk>/<int:organisation_pk>/<month:month>/lamna-in/",
        views_entry.hours_submit,
        name="hours-submit",
    ),
    path("timmar/post/<int:entry_pk>/ta-bort/", views_entry.hours_entry_delete, name="hours-entry-delete"),
    # the follow-up of an agreement
    path("uppfoljning/<int:agreement_pk>/", views_meetings.follow_up, name="follow-up"),
    path("uppfoljning/<int:agreement_pk>/regler/", views_meetings.rule_save, name="rule-save"),
    path("uppfoljning/<int:agreement_pk>/regler/<int:pk>/ta-bort/", views_meetings.rule_remove, name="rule-remove"),
    path("uppfoljning/<int:agreement_pk>/mote/ny/", views_meetings.meeting_create, name="meeting-create"),
    path("uppfoljning/mote/<int:pk>/", views_meetings.meeting_detail, name="meeting-detail"),
    path("uppfoljning/mote/<int:pk>/andra/", views_meetings.meeting_update, name="meeting-update"),
    path("uppfoljning/mote/<int:pk>/atgard/ny/", views_meetings.action_create, name="action-create"),
    path("uppfoljning/mote/<int:pk>/material/ny/", views_meetings.material_create, name="material-create"),
    path("uppfoljning/atgard/<int:pk>/klar/", views_meetings.action_done, name="action-done"),
    path("uppfoljning/<int:agreement_pk>/ar/<int:year>/", views_yearly.yearly, name="yearly"),
    path("uppfoljning/<int:agreement_pk>/ar/<int:year>/andra/", views_yearly.yearly_edit, name="yearly-edit"),
    path(
        "uppfoljning/<int:agreement_pk>/ar/<int:year>/berattelse/", views_yearly.narrative_edit, name="narrative-edit"
    ),
    path("uppfoljning/<int:agreement_pk>/ar/<int:year>.pdf", views_yearly.yearly_pdf, name="yearly-pdf"),
    path("uppfoljning/<int:agreement_pk>/ar/<int:year>.csv", views_yearly.yearly_export, name="yearly-export"),
    # reminders in the user's own calendar
    path("kalender/", calendar.calendar_settings, name="calendar-settings"),
    path("kalender/<str:token>.ics", calendar.calendar_feed, name="calendar-feed"),
]
