from django.urls import path

from finance import views, views_index, views_overview

app_name = "finance"
urlpatterns = [
    path("opi/", views_index.index_list, name="index-list"),
    path("opi/ny/", views_index.index_create, name="index-create"),
    path("opi/<int:pk>/", views_index.index_update, name="index-update"),
    path("oversikt/", views_overview.committee_overview_view, name="committee-overview"),
    path("oversikt.<str:fmt>", views_overview.committee_overview_export, name="committee-overview-export"),
    path("kommunen/", views_overview.municipality_overview_view, name="municipality-overview"),
    path("overenskommelse/<int:pk>/", views.agreement_finance, name="agreement-finance"),
    path("overenskommelse/<int:pk>/utbetalning/", views.payment_create, name="payment-create"),
    path(
        "overenskommelse/<int:pk>/utbetalning/<int:payment_pk>/rattelse/",
        views.payment_correct,
        name="payment-correct",
    ),
    path("overenskommelse/<int:pk>/efterreglering/", views.true_up_record, name="true-up-record"),
    path("overenskommelse/<int:pk>/aterbetalning/", views.repayment_create, name="repayment-create"),
    path(
        "overenskommelse/<int:pk>/aterbetalning/<int:repayment_pk>/reglerad/",
        views.repayment_settle,
        name="repayment-settle",
    ),
    path("overenskommelse/<int:pk>/utkast/", views.draft_money, name="draft-money"),
    path(
        "overenskommelse/<int:pk>/utkast/<str:kind>/<int:item_pk>/ta-bort/",
        views.draft_money_remove,
        name="draft-money-remove",
    ),
]
