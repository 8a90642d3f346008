"""The change history of objects as people read it: who, when, and what changed.

One engine for every history page. A page names its sources, one per history table
(django-simple-history): which rows to read and how to tell a record. The engine reads
each table once, compares every record with the one before it of the same row, leaves out
saves that changed nothing and merges all sources into one list, newest first.
"""

from dataclasses import dataclass, field

from iop.core.collation import swedish_key

CREATED, CHANGED, REMOVED = "+", "~", "-"


@dataclass
class Entry:
    when: object  # aware datetime
    who: object  # the user, or None for the system (imports, demo data)
    what: str = ""
    changes: list = field(default_factory=list)  # (field label, old, new)
    kind: str = CHANGED  # CREATED, CHANGED or REMOVED
    # Entries in a row with the same key tell one event (a move renumbers several rows): told once.
    move_key: tuple | None = field(default=None, repr=False)


def history(sources, context=None, limit=200) -> list[Entry]:
    """What happened, newest first, from the records of all `sources`."""
    entries = []
    for source in sources:
        entries += source.entries(context)
    # Within one transaction the history dates differ by microseconds; the source order
    # and the history id break exact ties the way the rows were written.
    entries.sort(key=lambda item: item[0], reverse=True)
    return _merge_moves([entry for _key, entry in entries])[:limit]


class Source:
    """One history table: which rows to read and how to tell them."""

    model = None
    select = ()
    prefetch = ()
    excluded = set()  # fields not worth telling
    rank = 0  # tie-breaker between tables for records written in the same instant
    compared = {CHANGED}  # the kinds of record told with their changes

    def lookup(self, context):
        """The filter of the rows to read, or None when there are none."""
        raise NotImplementedError

    def records(self, context):
        """The records, oldest first."""
        lookup = self.lookup(context)
        if lookup is None:
            return []
        return list(self.queryset(lookup).order_by("history_date", "history_id"))

    def queryset(self, lookup):
        return (
            self.model.history.filter(**lookup)
            .select_related("history_user", *self.select)
            .prefetch_related(*self.prefetch)
        )

    def entries(self, context):
        """[(sort key, Entry)] for the records of this table."""
        records = self.records(context)
        self.remember(context, records)
        previous = {}  # object id -> its record before this one
        result = []
        for record in records:
            before = previous.get(record.id)
            previous[record.id] = record
            entry = self.entry(context, record, before)
            if entry is not None:
                result.append(((record.history_date, self.rank, record.history_id), entry))
        return result

    def remember(self, context, records):
        """Note what other sources need to know."""

    def entry(self, context, record, before):
        kind = record.history_type
        changes = self.changes(context, record, before) if kind in self.compared and before is not None else {}
        if kind == CHANGED and not changes:
            return self.unchanged(context, record, before)
        what = self.what(context, record, kind, changes)
        return Entry(record.history_date, record.history_user, what, list(changes.values()), kind)

    def unchanged(self, context, record, before):
        """A save that changed nothing is left out."""
        return None

    def changes(self, context, record, before):
        """{field name: (label, old, new)}; `what` may take some out."""
        delta = record.diff_against(before, excluded_fields=self.excluded)
        return {
            change.field: (
                self.label(self.field(record, change.field)),
                self.readable(before, change.field, change.old),
                self.readable(record, change.field, change.new),
            )
            for change in delta.changes
        }

    def field(self, record, name):
        return record._meta.get_field(name)

    def label(self, model_field):
        return model_field.verbose_name

    def readable(self, record, name, value):
        return value

    def what(self, context, record, kind, changes):
        return ""


class ObjectSource(Source):
    """The latest records of one object, as the register shows them: every field compared,
    many-to-many values as names."""

    compared = {CREATED, CHANGED, REMOVED}

    def __init__(self, obj, newest):
        self.obj = obj
        self.model = type(obj)
        self.newest = newest

    def lookup(self, context):
        return {"id": self.obj.pk}

    def records(self, context):
        latest = self.queryset(self.lookup(context)).order_by("-history_date", "-history_id")[: self.newest]
        return list(reversed(latest))

    def field(self, record, name):
        return self.model._meta.get_field(name)  # many-to-many fields are the live model's only

    def readable(self, record, name, value):
        # Many-to-many values come as [{"administration": 1, "committee": 3}]: show names.
        model_field = self.field(record, name)
        if not model_field.many_to_many:
            return value
        key = model_field.related_model._meta.model_name
        ids = [row[key] for row in value or []]
        names = {obj.pk: str(obj) for obj in model_field.related_model._base_manager.filter(pk__in=ids)}
        return ", ".join(sorted((names.get(pk, "?") for pk in ids), key=swedish_key))


def history_entries(obj, limit=20) -> list[Entry]:
    """The latest changes of one object, newest first."""
    # One record more than shown: the oldest shown is compared with the one before it.
    return history([ObjectSource(obj, newest=limit + 1)], limit=limit)


def _merge_moves(entries):
    merged = []
    for entry in entries:
        if entry.move_key is not None and merged and merged[-1].move_key == entry.move_key:
            continue
        merged.append(entry)
    return merged
