from django.urls import path, register_converter

from followup import views_entry, views_review, views_upload


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
    path("", views_entry.hours_home, name="hours-home"),
    path("granskning/", views_review.hours_review, name="hours-review"),
    path("granskning/godkann/", views_review.hours_approve, name="hours-approve"),
    path("granskning/<int:report_pk>/tillbaka/", views_review.hours_return, name="hours-return"),
    path("framsteg/", views_review.hours_progress_view, name="hours-progress"),
    path("framsteg.<str:fmt>", views_review.hours_progress_export, name="hours-progress-export"),
    path("mall.<str:fmt>", views_upload.hours_template, name="hours-template"),
    path("<int:agreement_pk>/<int:organisation_pk>/ladda-upp/", views_upload.hours_upload, name="hours-upload"),
    path("<int:agreement_pk>/<int:organisation_pk>/<month:month>/", views_entry.hours_month, name="hours-month"),
    path("<int:agreement_pk>/<int:organisation_pk>/<month:month>/ark/", views_entry.hours_sheet, name="hours-sheet"),
    path(
        "<int:agreement_pk>/<int:organisation_pk>/<month:month>/lamna-in/",
        views_entry.hours_submit,
        name="hours-submit",
    ),
    path("post/<int:entry_pk>/ta-bort/", views_entry.hours_entry_delete, name="hours-entry-delete"),
]
