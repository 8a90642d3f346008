from django.urls import path

from agreements import views
from agreements.views import compare as views_compare
from agreements.views import exchange as views_exchange

app_name = "agreements"
urlpatterns = [
    path("", views.agreement_list, name="agreement-list"),
    path("ny/", views.agreement_create, name="agreement-create"),
    path("import/", views_exchange.agreement_import, name="agreement-import"),
    path("standardtexter/", views.default_texts, name="default-texts"),
    path("standardtexter/<str:field>/", views.default_text_edit, name="default-text-edit"),
    path("<int:pk>/", views.agreement_detail, name="agreement-detail"),
    path("<int:pk>/version/<int:number>/", views.version_detail, name="version-detail"),
    path("<int:pk>/version/<int:number>/pdf/", views.version_pdf, name="version-pdf"),
    path("<int:pk>/version/<int:number>/forhandsvisning/", views.version_pdf_preview, name="version-pdf-preview"),
    path("<int:pk>/version/<int:number>/original/", views.scan_download, name="scan-download"),
    path("<int:pk>/version/<int:number>/original/ladda-upp/", views.scan_upload, name="scan-upload"),
    path("<int:pk>/version/<int:number>/original/ta-tillbaka/", views.scan_withdraw, name="scan-withdraw"),
    path("<int:pk>/jamfor/", views_compare.version_compare, name="version-compare"),
    path("<int:pk>/historik/", views_compare.agreement_history_view, name="agreement-history"),
    path("<int:pk>/export/", views_exchange.agreement_export, name="agreement-export"),
    # drafting, part by part
    path("<int:pk>/utkast/parter/", views.parties, name="parties"),
    path("<int:pk>/utkast/parter/<int:party_pk>/", views.party_edit, name="party-edit"),
    path("<int:pk>/utkast/kriterier/", views.criteria, name="criteria"),
    path("<int:pk>/utkast/del/<str:part>/", views.version_edit, name="version-edit"),
    path("<int:pk>/utkast/<str:kind>/", views.items, name="items"),
    path("<int:pk>/utkast/<str:kind>/<int:item_pk>/", views.item_edit, name="item-edit"),
    path("<int:pk>/utkast/<str:kind>/<int:item_pk>/<str:action>/", views.item_action, name="item-action"),
    # the life cycle
    path("<int:pk>/till-beslut/", views.version_submit, name="version-submit"),
    path("<int:pk>/till-utkast/", views.version_return, name="version-return"),
    path("<int:pk>/beslut/", views.version_decide, name="version-decide"),
    path("<int:pk>/underskrift/<int:party_pk>/", views.version_sign, name="version-sign"),
    path("<int:pk>/forlang/", views.agreement_extend, name="agreement-extend"),
    path("<int:pk>/sag-upp/", views.agreement_terminate, name="agreement-terminate"),
    path("<int:pk>/andra/", views.agreement_amend, name="agreement-amend"),
    path("<int:pk>/fornya/", views.agreement_renew, name="agreement-renew"),
]
