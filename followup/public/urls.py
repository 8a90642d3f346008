"""The public register's addresses, under offentligt/ (no login)."""

from django.urls import path

from followup.public import views

app_name = "public"
urlpatterns = [
    path("", views.municipality_list, name="municipality-list"),
    path("<slug:slug>/", views.register_page, name="register"),
    path("<slug:slug>/iop.csv", views.register_csv, name="register-csv"),
    path("<slug:slug>/iop.json", views.register_json, name="register-json"),
    path("<slug:slug>/dcat.rdf", views.register_dcat, name="register-dcat"),
    path("<slug:slug>/<int:pk>/overenskommelse.pdf", views.signed_pdf, name="signed-pdf"),
]
