"""The attention items of the money: instalments to pay, true-ups to act on, and (for
administrators, who keep the OPI) the index values whose absence leaves amounts unknown."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from finance import figures, readmodel, series
from finance.models import IndexValue
from followup.desk.attention.items import Item, Kind, new_item
from iop.core.formatting import format_amount

PAYMENTS_AHEAD_DAYS = 30  # a payment due within this many days


def payments(agreements, today, *, index_values=False) -> list[Item]:
    """Instalments overdue, or due within the coming days, and true-ups to act on, by the
    agreement's money series (the figures of the finance page). `index_values`: also the
    years whose OPI is missing where an instalment due by then has no amount for want of it
    (one item per year, however many agreements wait for it)."""
    if not agreements:
        return []
    values = list(IndexValue.objects.all())
    table = figures.index_table(values)
    items = []
    waiting = {}  # year -> (first day an instalment waits for it, {agreement pks})
    for agreement, current in agreements:
        inputs = getattr(agreement, "money", None) or readmodel.load([agreement])[agreement.pk]
        money = series.money_series(inputs, current, table, today=today, values=values)
        page = reverse("finance:agreement-finance", args=[agreement.pk])
        for instalment in money.instalments:
            due = instalment.payable_from
            coming = (due - today).days <= PAYMENTS_AHEAD_DAYS
            if instalment.status == "unknown" and coming:
                for year in _missing_years(money, instalment, table):
                    first, pks = waiting.get(year, (due, set()))
                    waiting[year] = (min(first, due), pks | {agreement.pk})
            soon = instalment.status in ("due", "partly") and coming
            if instalment.status != "overdue" and not soon:
                continue
            recipient = instalment.recipient
            names = {
                "amount": format_amount(instalment.outstanding),
                "recipient": recipient if recipient is not None else _("the partners"),
                "agreement": agreement,
            }
            title = _("Pay %(amount)s to %(recipient)s: %(agreement)s") % names
            label = _("Pay %(amount)s to %(recipient)s") % names
            key = f"payment:{agreement.pk}:{recipient.pk if recipient else 0}:{instalment.due}"
            items.append(
                new_item(
                    key,
                    Kind.PAYMENT,
                    title,
                    due,
                    page,
                    today,
                    agreement=agreement,
                    label=label,
                    list_url=f"{page}#schedule-heading",
                )
            )
        for correction in money.corrections:
            items.append(_true_up_item(agreement, correction, f"{page}#corrections-heading", today))
    if index_values:
        items += [_index_item(year, first, len(pks), today) for year, (first, pks) in sorted(waiting.items())]
    return items


def _missing_years(money, instalment, table):
    """The years without an OPI that the instalment's amount rests on: from the first year
    its version indexes (no earlier than the series' first period) to its period's year."""
    first = figures.first_indexation_year(instalment.version)
    if first is None or not money.periods:
        return []
    first = max(first, money.periods[0].span.nominal_start.year)
    return [year for year in range(first, instalment.period.span.nominal_start.year + 1) if year not in table]


def _index_item(year, due, count, today):
    names = {"year": year, "count": count}
    title = (
        ngettext(
            "Enter the OPI for %(year)s: the amounts of %(count)d agreement wait for it",
            "Enter the OPI for %(year)s: the amounts of %(count)d agreements wait for it",
            count,
        )
        % names
    )
    return new_item(f"index:{year}", Kind.INDEX, title, due, reverse("finance:index-list"), today)


def _true_up_item(agreement, correction, url, today):
    names = {
        "amount": format_amount(abs(correction.difference)),
        "recipient": correction.recipient if correction.recipient is not None else _("the partners"),
        "agreement": agreement,
        "due": correction.instalment.due,
    }
    if correction.difference > 0:
        title = _("True-up: pay %(amount)s more to %(recipient)s for the instalment of %(due)s: %(agreement)s") % names
        label = _("True-up: pay %(amount)s more to %(recipient)s for the instalment of %(due)s") % names
    else:
        title = (
            _("True-up: claim back %(amount)s from %(recipient)s for the instalment of %(due)s: %(agreement)s") % names
        )
        label = _("True-up: claim back %(amount)s from %(recipient)s for the instalment of %(due)s") % names
    recipient = correction.recipient.pk if correction.recipient is not None else 0
    key = f"true-up:{agreement.pk}:{recipient}:{correction.instalment.due}"
    return new_item(key, Kind.TRUE_UP, title, today, url, today, agreement=agreement, label=label)
