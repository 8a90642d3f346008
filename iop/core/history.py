"""The change history of an object as people read it: who, when, and what changed."""

from dataclasses import dataclass, field

from iop.core.collation import swedish_key


@dataclass
class HistoryEntry:
    when: object
    who: object
    kind: str  # "+" created, "~" changed, "-" removed
    changes: list = field(default_factory=list)  # (field label, old, new)


def _readable(model_field, value):
    """Many-to-many values come as [{"administration": 1, "committee": 3}]: show names."""
    if not model_field.many_to_many:
        return value
    key = model_field.related_model._meta.model_name
    ids = [row[key] for row in value or []]
    names = {obj.pk: str(obj) for obj in model_field.related_model._base_manager.filter(pk__in=ids)}
    return ", ".join(sorted((names.get(pk, "?") for pk in ids), key=swedish_key))


def history_entries(obj, limit=20):
    """The latest changes, newest first. Saves that changed nothing are left out."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for newer, older in zip(records, records[1:] + [None], strict=True):
        changes = []
        if older is not None:
            for change in newer.diff_against(older).changes:
                model_field = obj._meta.get_field(change.field)
                changes.append(
                    (model_field.verbose_name, _readable(model_field, change.old), _readable(model_field, change.new))
                )
        if newer.history_type == "~" and not changes:
            continue
        entries.append(HistoryEntry(newer.history_date, newer.history_user, newer.history_type, changes))
    return entries[:limit]
