"""The follow-up pages' addresses, under uppfoljning/ (included in followup.urls, namespace followup)."""

from django.urls import path

from followup.meetings.views import defaults, meetings, yearly

urlpatterns = [
    path("uppfoljning/<int:agreement_pk>/", meetings.follow_up, name="follow-up"),
    path("uppfoljning/<int:agreement_pk>/regler/", meetings.rule_save, name="rule-save"),
    path("uppfoljning/<int:agreement_pk>/regler/<int:pk>/ta-bort/", meetings.rule_remove, name="rule-remove"),
    path("uppfoljning/<int:agreement_pk>/mote/ny/", meetings.meeting_create, name="meeting-create"),
    path("uppfoljning/mote/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("uppfoljning/mote/<int:pk>/andra/", meetings.meeting_update, name="meeting-update"),
    path("uppfoljning/mote/<int:pk>/atgard/ny/", meetings.action_create, name="action-create"),
    path("uppfoljning/mote/<int:pk>/material/ny/", meetings.material_create, name="material-create"),
    path("uppfoljning/atgard/<int:pk>/klar/", meetings.action_done, name="action-done"),
    path("uppfoljning/<int:agreement_pk>/ar/<int:year>/", yearly.yearly, name="yearly"),
    path("uppfoljning/<int:agreement_pk>/ar/<int:year>/andra/", yearly.yearly_edit, name="yearly-edit"),
    path("uppfoljning/<int:agreement_pk>/ar/<int:year>/berattelse/", yearly.narrative_edit, name="narrative-edit"),
    path("uppfoljning/<int:agreement_pk>/ar/<int:year>.pdf", yearly.yearly_pdf, name="yearly-pdf"),
    path("uppfoljning/<int:agreement_pk>/ar/<int:year>.csv", yearly.yearly_export, name="yearly-export"),
    path("uppfoljning/kommuner/<int:pk>/regler/", defaults.default_rules, name="default-rules"),
]
