"""The attention items of the money: instalments to pay and true-ups to act on."""

from django.urls import reverse
from django.utils.translation import gettext as _

from finance import figures, readmodel, series
from finance.models import IndexValue
from followup.desk.attention.items import Item, Kind, new_item
from iop.core.formatting import format_amount

PAYMENTS_AHEAD_DAYS = 30  # a payment due within this many days


def payments(agreements, today) -> list[Item]:
    """Instalments overdue, or due within the coming days, and true-ups to act on, by the
    agreement's money series (the figures of the finance page)."""
    if not agreements:
        return []
    values = list(IndexValue.objects.all())
    table = figures.index_table(values)
    items = []
    for agreement, current in agreements:
        inputs = getattr(agreement, "money", None) or readmodel.load([agreement])[agreement.pk]
        money = series.money_series(inputs, current, table, today=today, values=values)
        url = reverse("finance:agreement-finance", args=[agreement.pk])
        for instalment in money.instalments:
            due = instalment.payable_from
            soon = instalment.status in ("due", "partly") and (due - today).days <= PAYMENTS_AHEAD_DAYS
            if instalment.status != "overdue" and not soon:
                continue
            recipient = instalment.recipient
            title = _("Pay %(amount)s to %(recipient)s: %(agreement)s") % {
                "amount": format_amount(instalment.outstanding),
                "recipient": recipient if recipient is not None else _("the partners"),
                "agreement": agreement,
            }
            key = f"payment:{agreement.pk}:{recipient.pk if recipient else 0}:{instalment.due}"
            items.append(new_item(key, Kind.PAYMENT, title, due, url, today))
        for correction in money.corrections:
            items.append(_true_up_item(agreement, correction, url, today))
    return items


def _true_up_item(agreement, correction, url, today):
    names = {
        "amount": format_amount(abs(correction.difference)),
        "recipient": correction.recipient if correction.recipient is not None else _("the partners"),
        "agreement": agreement,
        "due": correction.instalment.due,
    }
    if correction.difference > 0:
        title = _("True-up: pay %(amount)s more to %(recipient)s for the instalment of %(due)s: %(agreement)s") % names
    else:
        title = (
            _("True-up: claim back %(amount)s from %(recipient)s for the instalment of %(due)s: %(agreement)s") % names
        )
    recipient = correction.recipient.pk if correction.recipient is not None else 0
    key = f"true-up:{agreement.pk}:{recipient}:{correction.instalment.due}"
    return new_item(key, Kind.TRUE_UP, title, today, url, today)
