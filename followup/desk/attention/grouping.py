"""The attention list as the start page shows it: one group per agreement, the overdue
groups first, and in each group one line per kind of thing to do. One agreement entered
after the fact can call for a dozen meetings; the page then says "12 meetings not held"
once, under the agreement's name, rather than twelve lines that each repeat it."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from followup.desk.attention.items import Item, Kind

SEPARATE = {Kind.INDEX}  # each missing OPI year is its own thing to do


def _counted(kind, count):
    """What `count` items of a kind say on one line."""
    names = {"count": count}
    phrases = {
        Kind.MEETING: ngettext("%(count)d follow-up meeting overdue", "%(count)d follow-up meetings overdue", count),
        Kind.APPROVE: ngettext(
            "%(count)d month of hours to approve or return", "%(count)d months of hours to approve or return", count
        ),
        Kind.SUBMIT: ngettext(
            "%(count)d month of hours to report and submit", "%(count)d months of hours to report and submit", count
        ),
        Kind.RETURNED: ngettext(
            "%(count)d returned month to correct and submit again",
            "%(count)d returned months to correct and submit again",
            count,
        ),
        Kind.ACTION: ngettext("%(count)d open action", "%(count)d open actions", count),
        Kind.PAYMENT: ngettext("%(count)d instalment to pay", "%(count)d instalments to pay", count),
        Kind.TRUE_UP: ngettext("%(count)d true-up to act on", "%(count)d true-ups to act on", count),
    }
    phrase = phrases.get(kind) or ngettext("%(count)d thing to do", "%(count)d things to do", count)
    return phrase % names


@dataclass(frozen=True)
class Line:
    kind: str
    count: int
    text: str
    due: datetime.date  # the earliest of its items
    url: str
    overdue: bool  # some of its items are
    overdue_count: int


@dataclass(frozen=True)
class Group:
    title: str  # the agreement's name, or what the lines are about when no agreement
    url: str
    lines: tuple[Line, ...]

    @property
    def overdue(self):
        return any(line.overdue for line in self.lines)

    @property
    def due(self):
        return min(line.due for line in self.lines)


def _line(items: list[Item]) -> Line:
    first = min(items, key=lambda item: (item.due, item.key))
    overdue = sum(item.overdue for item in items)
    if len(items) == 1:
        return Line(first.kind, 1, first.label, first.due, first.url, first.overdue, overdue)
    urls = {item.url for item in items}
    url = urls.pop() if len(urls) == 1 else first.list_url
    return Line(first.kind, len(items), _counted(first.kind, len(items)), first.due, url, overdue > 0, overdue)


def _order(thing):
    """Overdue first, then the soonest."""
    return (not thing.overdue, thing.due)


def grouped(items: list[Item]) -> list[Group]:
    """The items by agreement (those of no agreement in a group of their own), each group
    one line per kind; overdue groups and lines first, then the soonest."""
    groups: dict[object, dict[str, list[Item]]] = {}
    heads = {}
    for item in items:
        agreement = item.agreement
        group_key = agreement.pk if agreement is not None else item.kind
        line_key = item.key if item.kind in SEPARATE else item.kind
        groups.setdefault(group_key, {}).setdefault(line_key, []).append(item)
        if group_key not in heads:
            heads[group_key] = (str(agreement), agreement.get_absolute_url()) if agreement is not None else _head(item)
    result = []
    for group_key, kinds in groups.items():
        lines = sorted(
            (_line(kind_items) for kind_items in kinds.values()), key=lambda line: (*_order(line), line.kind)
        )
        title, url = heads[group_key]
        result.append(Group(title, url, tuple(lines)))
    return sorted(result, key=lambda group: (*_order(group), group.title))


def _head(item):
    if item.kind == Kind.INDEX:
        return _("Index values (OPI)"), item.url
    return "", ""
