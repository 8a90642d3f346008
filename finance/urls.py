from django.urls import path, register_converter

from finance.views import agreement, defaults, index_values, overview
from iop.core.urlwords import Words


class MoneyItem(Words):
    words = {"bidrag": "contribution", "fordelning": "split", "belopp": "amount"}


register_converter(MoneyItem, "money_item")

app_name = "finance"
urlpatterns = [
    path("opi/", index_values.index_list, name="index-list"),
    path("opi/ny/", index_values.index_create, name="index-create"),
    path("opi/<int:pk>/", index_values.index_update, name="index-update"),
    path("oversikt/", overview.committee_overview_view, name="committee-overview"),
    path("oversikt.<str:fmt>", overview.committee_overview_export, name="committee-overview-export"),
    path("kommunen/", overview.municipality_overview_view, name="municipality-overview"),
    path("kommuner/<int:pk>/betalningsvillkor/", defaults.default_terms, name="default-terms"),
    path("overenskommelse/<int:pk>/", agreement.agreement_finance, name="agreement-finance"),
    path("overenskommelse/<int:pk>/utbetalning/", agreement.payment_create, name="payment-create"),
    path(
        "overenskommelse/<int:pk>/utbetalning/<int:payment_pk>/rattelse/",
        agreement.payment_correct,
        name="payment-correct",
    ),
    path("overenskommelse/<int:pk>/efterreglering/", agreement.true_up_record, name="true-up-record"),
    path("overenskommelse/<int:pk>/aterbetalning/", agreement.repayment_create, name="repayment-create"),
    path(
        "overenskommelse/<int:pk>/aterbetalning/<int:repayment_pk>/reglerad/",
        agreement.repayment_settle,
        name="repayment-settle",
    ),
    path("overenskommelse/<int:pk>/utkast/", agreement.draft_money, name="draft-money"),
    path(
        "overenskommelse/<int:pk>/utkast/<money_item:kind>/<int:item_pk>/ta-bort/",
        agreement.draft_money_remove,
        name="draft-money-remove",
    ),
]
