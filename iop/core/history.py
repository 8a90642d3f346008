"""The change history of an object as people read it: who, when, and what changed."""

from dataclasses import dataclass, field


@dataclass
class HistoryEntry:
    when: object
    who: object
    kind: str  # "+" created, "~" changed, "-" removed
    changes: list = field(default_factory=list)  # (field label, old, new)


def history_entries(obj, limit=20):
    """The latest changes, newest first, in one query."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for newer, older in zip(records, records[1:] + [None], strict=True):
        if len(entries) == limit:
            break
        changes = []
        if older is not None:
            for change in newer.diff_against(older).changes:
                label = obj._meta.get_field(change.field).verbose_name
                changes.append((label, change.old, change.new))
        entries.append(HistoryEntry(newer.history_date, newer.history_user, newer.history_type, changes))
    return entries
