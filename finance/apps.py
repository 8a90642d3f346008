from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    """Contributions, OPI indexation and payments (issue: Finance)."""

    name = "finance"
    verbose_name = _("Finance")

    def ready(self):
        from agreements.compare import COMPARE_HOOKS
        from agreements.exchange import PARTS
        from agreements.services import COPY_HOOKS
        from finance import compare, exchange, timeline
        from finance.services import copy_money

        # An amendment or a renewal takes the money of the agreement with it.
        COPY_HOOKS.append(copy_money)
        # The money travels with the agreement in the JSON exchange...
        PARTS.append(exchange.PART)
        # ...and the comparison of two versions shows it beside the text.
        COMPARE_HOOKS.append(compare.money_changes)
        # The agreement's history tells what happened to its money.
        timeline.connect()
