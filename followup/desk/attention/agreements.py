"""The attention items of an agreement's own dates: the decision date, the last day for
notice and the end."""

from django.utils.translation import gettext as _

from agreements.models import Agreement
from followup.desk.attention.items import Item, Kind, new_item

DATES_AHEAD_DAYS = 90  # a decision date or last day for notice shows this long before
ENDING_MONTHS = 12  # an agreement ending within this many months


def dates(agreement, current, today, *, partner=False) -> list[Item]:
    """The decision date, the last day for notice and the end, while nothing has settled them.

    A decision is settled by a notice or a successor (an extension moves it with the period);
    so is the ending. A partner (`partner`) is told only the last day for notice: any party
    may give notice in writing, but deciding, extending and renewing are the committee's."""
    items = []
    names = {"agreement": agreement}
    deadline = current.decision_deadline
    notice = current.last_notice_day
    due = [
        deadline and (deadline - today).days <= DATES_AHEAD_DAYS,
        notice and 0 <= (notice - today).days <= DATES_AHEAD_DAYS,
        current.ends_within(ENDING_MONTHS, today),
    ]
    if not any(due):
        return items  # most agreements on most days: nothing to look up
    url = agreement.get_absolute_url()
    terminated = _terminated(agreement)
    succeeded = bool(agreement.successors.all())
    # An extension moves the decision date with the period (state.decision_deadline): the
    # new date is a new decision.
    if due[0] and not partner and not (terminated or succeeded):
        title = _("Decide whether to change, extend or end %(agreement)s") % names
        label = _("Decide whether to change, extend or end the agreement")
        key = f"decision:{agreement.pk}:{deadline}"
        items.append(new_item(key, Kind.DECISION, title, deadline, url, today, agreement=agreement, label=label))
    if due[1] and not terminated:
        title = _("Last day to give notice on %(agreement)s") % names
        label = _("Last day to give notice")
        key = f"notice:{agreement.pk}:{notice}"
        items.append(new_item(key, Kind.NOTICE, title, notice, url, today, agreement=agreement, label=label))
    if due[2] and not partner and not terminated and not succeeded:
        title = _("%(agreement)s ends: extend, renew or let it end") % names
        label = _("The agreement ends: extend, renew or let it end")
        key = f"ending:{agreement.pk}:{current.end}"
        items.append(new_item(key, Kind.ENDING, title, current.end, url, today, agreement=agreement, label=label))
    return items


def _terminated(agreement):
    try:
        return agreement.termination is not None
    except Agreement.termination.RelatedObjectDoesNotExist:
        return False
