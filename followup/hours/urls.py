"""The hours pages' addresses, under timmar/ (included in followup.urls, namespace followup)."""

from django.urls import path, register_converter

from followup.hours.views import entry, progress, review, upload


class MonthConverter:
    """A month in a URL: 2026-11."""

    regex = r"\d{4}-(0[1-9]|1[0-2])"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(MonthConverter, "month")

urlpatterns = [
    path("timmar/", entry.hours_home, name="hours-home"),
    path("timmar/granskning/", review.hours_review, name="hours-review"),
    path("timmar/granskning/godkann/", review.hours_approve, name="hours-approve"),
    path("timmar/granskning/<int:report_pk>/tillbaka/", review.hours_return, name="hours-return"),
    path("timmar/framsteg/", progress.hours_progress_view, name="hours-progress"),
    path("timmar/framsteg.<str:fmt>", progress.hours_progress_export, name="hours-progress-export"),
    path("timmar/mall.<str:fmt>", upload.hours_template, name="hours-template"),
    path("timmar/<int:agreement_pk>/<int:organisation_pk>/ladda-upp/", upload.hours_upload, name="hours-upload"),
    path("timmar/<int:agreement_pk>/<int:organisation_pk>/<month:month>/", entry.hours_month, name="hours-month"),
    path("timmar/<int:agreement_pk>/<int:organisation_pk>/<month:month>/ark/", entry.hours_sheet, name="hours-sheet"),
    path(
        "timmar/<int:agreement_pk>/<int:organisation_pk>/<month:month>/lamna-in/",
        entry.hours_submit,
        name="hours-submit",
    ),
    path("timmar/post/<int:entry_pk>/ta-bort/", entry.hours_entry_delete, name="hours-entry-delete"),
]
