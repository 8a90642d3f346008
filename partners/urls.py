from django.urls import path

from partners import views

app_name = "partners"
urlpatterns = [
    path("organisationer/", views.OrganisationList.as_view(), name="organisation-list"),
    path("organisationer/ny/", views.OrganisationForm.as_view(), name="organisation-create"),
    path("organisationer/<int:pk>/", views.OrganisationDetail.as_view(), name="organisation-detail"),
    path("organisationer/<int:pk>/andra/", views.OrganisationForm.as_view(), name="organisation-update"),
    path("namnder/", views.CommitteeList.as_view(), name="committee-list"),
    path("namnder/ny/", views.CommitteeForm.as_view(), name="committee-create"),
    path("namnder/<int:pk>/", views.CommitteeDetail.as_view(), name="committee-detail"),
    path("namnder/<int:pk>/andra/", views.CommitteeForm.as_view(), name="committee-update"),
    path("forvaltningar/", views.AdministrationList.as_view(), name="administration-list"),
    path("forvaltningar/ny/", views.AdministrationForm.as_view(), name="administration-create"),
    path("forvaltningar/<int:pk>/", views.AdministrationDetail.as_view(), name="administration-detail"),
    path("forvaltningar/<int:pk>/andra/", views.AdministrationForm.as_view(), name="administration-update"),
    path("kommuner/", views.MunicipalityList.as_view(), name="municipality-list"),
    path("kommuner/ny/", views.MunicipalityForm.as_view(), name="municipality-create"),
    path("kommuner/<int:pk>/", views.MunicipalityDetail.as_view(), name="municipality-detail"),
    path("kommuner/<int:pk>/andra/", views.MunicipalityForm.as_view(), name="municipality-update"),
    path("kommuner/<int:pk>/installningar/", views.MunicipalitySettings.as_view(), name="municipality-settings"),
    path(
        "organisationer/<int:party_pk>/kontakter/ny/",
        views.ContactForm.as_view(),
        {"kind": "organisation"},
        name="organisation-contact-create",
    ),
    path(
        "namnder/<int:party_pk>/kontakter/ny/",
        views.ContactForm.as_view(),
        {"kind": "committee"},
        name="committee-contact-create",
    ),
    path(
        "forvaltningar/<int:party_pk>/kontakter/ny/",
        views.ContactForm.as_view(),
        {"kind": "administration"},
        name="administration-contact-create",
    ),
    path("kontakter/<int:pk>/andra/", views.ContactForm.as_view(), name="contact-update"),
]
