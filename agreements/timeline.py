"""The history of an agreement as people read it: who did what, and when.

Every row of an agreement (the agreement, its versions and everything in them, the
signatures, extensions and a termination) keeps its own history table. Here each of
those tables is read once for the whole agreement, the records are told as short
sentences and merged into one list, newest first, so the cost of the page does not grow
with the length of the history.
"""

from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.models import (
    Activity,
    Agreement,
    AgreementVersion,
    CriterionAssessment,
    Extension,
    Party,
    Responsibility,
    ScannedOriginal,
    Section,
    Signature,
    Termination,
)
from iop.core.history import CHANGED, CREATED, REMOVED, Entry, Source, history

# Bookkeeping that changes on every save and says nothing to a reader. `order` alone is
# told as one "order changed" line per move rather than per row renumbered.
NOISE = {"lock_version", "updated_at", "created_at", "order"}
# The history is read one part at a time: the agreement's own text and life cycle here,
# money and hours and follow-up from the apps that register them (see `register`).
TEXT = "agreement"
PARTS = {TEXT: gettext_lazy("The agreement")}


def agreement_history(agreement: Agreement, part: str = TEXT, limit: int = 200) -> list[Entry]:
    """What happened to the agreement (or to one other part of it), newest first."""
    context = _Context(agreement)
    sources = [source for source in SOURCES if source.part == part]
    if part != TEXT and any(getattr(source, "per_version", False) for source in sources):
        # Version numbers and party names, to tell which version a row belonged to.
        for source in (_VERSIONS, _PARTIES):
            source.remember(context, source.records(context))
    return history(sources, context, limit)


class _Context:
    """What the descriptions need to know across tables: version numbers and party names."""

    def __init__(self, agreement):
        self.agreement = agreement
        self.version_numbers = {}  # version id -> number
        self.parties = {}  # party id -> (version id, name)

    def number(self, version_id):
        return self.version_numbers.get(version_id, "?")

    def party_name(self, party_id):
        return self.parties.get(party_id, (None, "?"))[1]


def _readable(record, name, value):
    """A value as a reader knows it: names instead of ids, labels instead of codes."""
    model_field = record._meta.get_field(name)
    if value is None or value == "":
        return ""
    if model_field.is_relation and model_field.is_cached(record):
        related = getattr(record, name)
        return str(related) if related is not None else str(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


class _Source(Source):
    """One history table of the agreement: its rows are told as sentences."""

    excluded = NOISE  # a source may add fields not worth telling
    part = TEXT

    def unchanged(self, context, record, before):
        if before is None or getattr(before, "order", None) == getattr(record, "order", None):
            return None  # saved without a change
        what = self.moved(context, record)
        move_key = (self.model, self.version_id(context, record), record.history_user_id)
        return Entry(record.history_date, record.history_user, what, [], CHANGED, move_key)

    def label(self, model_field):
        return capfirst(model_field.verbose_name)

    def readable(self, record, name, value):
        return _readable(record, name, value)

    def version_id(self, context, record):
        return getattr(record, "version_id", None)

    def what(self, context, record, kind, changes):
        raise NotImplementedError

    def moved(self, context, record):
        return _("Version %(number)s: order of %(items)s changed") % {
            "number": context.number(self.version_id(context, record)),
            "items": self.model._meta.verbose_name_plural,
        }


class _AgreementSource(_Source):
    model = Agreement
    prefetch = ("historicalagreement_predecessors_set__to_agreement__versions",)
    excluded = NOISE | {"predecessors"}  # compared below from the prefetched rows
    rank = 0

    def lookup(self, context):
        return {"id": context.agreement.pk}

    def changes(self, context, record, before):
        changes = super().changes(context, record, before)
        old, new = _predecessors(before), _predecessors(record)
        if old != new:
            label = capfirst(Agreement._meta.get_field("predecessors").verbose_name)
            changes["predecessors"] = (label, ", ".join(old.values()), ", ".join(new.values()))
        return changes

    def what(self, context, record, kind, changes):
        return {CREATED: _("Agreement created"), CHANGED: _("Agreement changed"), REMOVED: _("Agreement removed")}[kind]


def _predecessors(record):
    rows = record.historicalagreement_predecessors_set.all()
    return {row.to_agreement_id: str(row.to_agreement or row.to_agreement_id) for row in rows}


class _VersionSource(_Source):
    model = AgreementVersion
    select = ("committee", "administration")
    rank = 1

    def lookup(self, context):
        return {"agreement_id": context.agreement.pk}

    def remember(self, context, records):
        for record in records:
            context.version_numbers[record.id] = record.number

    def version_id(self, context, record):
        return record.id

    def what(self, context, record, kind, changes):
        number = record.number
        if kind == CREATED:
            return _("Version %(number)s created") % {"number": number}
        if kind == REMOVED:
            return _("Version %(number)s removed") % {"number": number}
        if "status" in changes:
            _label, old, new = changes.pop("status")  # said in the sentence itself
            return _("Version %(number)s: status %(old)s → %(new)s") % {"number": number, "old": old, "new": new}
        return _("Version %(number)s changed") % {"number": number}


class _ItemSource(_Source):
    """Rows that belong to one version: told as "Version 2: Chapter “Rådgivning” added"."""

    def lookup(self, context):
        return {"version_id__in": list(context.version_numbers)} if context.version_numbers else None

    def what(self, context, record, kind, changes):
        template = {
            CREATED: _("Version %(number)s: %(item)s added"),
            CHANGED: _("Version %(number)s: %(item)s changed"),
            REMOVED: _("Version %(number)s: %(item)s removed"),
        }[kind]
        return template % {
            "number": context.number(self.version_id(context, record)),
            "item": self.item(context, record),
        }

    def item(self, context, record):
        raise NotImplementedError


class _PartySource(_ItemSource):
    model = Party
    select = ("committee", "organisation", "contact", "signatory")
    rank = 2

    def remember(self, context, records):
        for record in records:
            context.parties[record.id] = (record.version_id, str(record.organisation or record.committee or "?"))

    def item(self, context, record):
        return _("Party “%(name)s”") % {"name": context.party_name(record.id)}


class _ResponsibilitySource(_ItemSource):
    model = Responsibility
    rank = 3

    def changes(self, context, record, before):
        changes = super().changes(context, record, before)
        if "party" in changes:
            # Named from the parties' own history: the party may since have been removed.
            label, _old, _new = changes["party"]
            changes["party"] = (label, _owner(context, before), _owner(context, record))
        return changes

    def item(self, context, record):
        return _("Responsibility “%(name)s”") % {"name": Truncator(record.text).chars(50)}


def _owner(context, record):
    return context.party_name(record.party_id) if record.party_id else _("Joint")


class _ActivitySource(_ItemSource):
    model = Activity
    rank = 4

    def item(self, context, record):
        return _("Activity “%(name)s”") % {"name": record.name}


class _SectionSource(_ItemSource):
    model = Section
    rank = 5

    def item(self, context, record):
        return _("Chapter “%(name)s”") % {"name": record.heading}


class _AssessmentSource(_ItemSource):
    model = CriterionAssessment
    rank = 6

    def entry(self, context, record, before):
        if record.history_type == CREATED and not record.judgement and not record.motivation:
            return None  # an empty row the checklist creates and fills in the next save: told then
        return super().entry(context, record, before)

    def item(self, context, record):
        return _("Criterion %(number)s") % {"number": record.criterion}


class _SignatureSource(_Source):
    model = Signature
    rank = 7

    def lookup(self, context):
        return {"party_id__in": list(context.parties)} if context.parties else None

    def version_id(self, context, record):
        return context.parties.get(record.party_id, (None, ""))[0]

    def what(self, context, record, kind, changes):
        values = {
            "number": context.number(self.version_id(context, record)),
            "party": context.party_name(record.party_id),
            "name": record.signatory_name,
        }
        if kind == CREATED:
            return _("Version %(number)s: signed for %(party)s by %(name)s") % values
        if kind == REMOVED:
            return _("Version %(number)s: signature for %(party)s removed") % values
        return _("Version %(number)s: signature for %(party)s changed") % values


class _ExtensionSource(_Source):
    model = Extension
    rank = 8

    def lookup(self, context):
        return {"agreement_id": context.agreement.pk}

    def what(self, context, record, kind, changes):
        if kind == CREATED:
            return _("Extension recorded: end date %(old)s → %(new)s") % {
                "old": record.previous_end.isoformat(),
                "new": record.new_end.isoformat(),
            }
        return _("Extension removed") if kind == REMOVED else _("Extension changed")


class _TerminationSource(_Source):
    model = Termination
    rank = 9

    def lookup(self, context):
        return {"agreement_id": context.agreement.pk}

    def what(self, context, record, kind, changes):
        if kind == CREATED:
            return _("Notice of termination given by %(party)s: the agreement ends on %(date)s") % {
                "party": record.party_name,
                "date": record.end_date.isoformat(),
            }
        return _("Termination removed") if kind == REMOVED else _("Termination changed")


class _ScanSource(_Source):
    """The scans of the signed originals: uploaded, and withdrawn with a reason."""

    model = ScannedOriginal
    select = ("withdrawn_by",)
    rank = 10

    def lookup(self, context):
        return {"version_id__in": list(context.version_numbers)} if context.version_numbers else None

    def what(self, context, record, kind, changes):
        values = {"number": context.number(record.version_id), "file": record.filename}
        if kind == CREATED:
            return _("Version %(number)s: scan of the signed original “%(file)s” uploaded") % values
        if record.withdrawn_at is not None and "withdrawn_at" in changes:
            for name in ScannedOriginal.WITHDRAWAL:
                changes.pop(name, None)  # said in the sentence itself
            return _("Version %(number)s: scan “%(file)s” withdrawn: %(reason)s") % {
                **values,
                "reason": record.withdrawal_reason,
            }
        return _("Version %(number)s: scan “%(file)s” changed") % values


class RelatedSource(_Source):
    """Rows of other apps that belong to the agreement (money, hours, follow-up), told as
    "Payment “2024-01-31, 10 000 kr” added". Those apps register theirs with `register`."""

    def __init__(self, model, path, describe, *, rank, select=()):
        self.model = model
        # From the row to the agreement ("agreement", "meeting__agreement"), or "version" for
        # rows of a version (told with its number).
        self.path = path
        self.describe = describe  # (context, record) -> its name as a reader knows it
        self.rank = rank
        self.select = select

    @property
    def per_version(self):
        return self.path == "version"

    def lookup(self, context):
        if not self.per_version:
            return {f"{self.path}_id": context.agreement.pk}
        if not context.version_numbers:
            return None
        return {"version_id__in": list(context.version_numbers)}

    def what(self, context, record, kind, changes):
        values = {"item": capfirst(self.model._meta.verbose_name), "name": self.describe(context, record)}
        template = {
            CREATED: _("%(item)s “%(name)s” added"),
            CHANGED: _("%(item)s “%(name)s” changed"),
            REMOVED: _("%(item)s “%(name)s” removed"),
        }[kind]
        if self.per_version:
            return _("Version %(number)s: %(what)s") % {
                "number": context.number(record.version_id),
                "what": template % values,
            }
        return template % values


def register(part, label, sources):
    """Another app's rows join the agreement's history as a part of their own (called
    from its AppConfig.ready)."""
    PARTS[part] = label
    for source in sources:
        source.part = part
        SOURCES.append(source)


# In this order: versions before their content, parties before their signatures.
_VERSIONS = _VersionSource()
_PARTIES = _PartySource()
SOURCES = [
    _AgreementSource(),
    _VERSIONS,
    _PARTIES,
    _ResponsibilitySource(),
    _ActivitySource(),
    _SectionSource(),
    _AssessmentSource(),
    _SignatureSource(),
    _ExtensionSource(),
    _TerminationSource(),
    _ScanSource(),
]
