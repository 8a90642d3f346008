"""Loading many agreements and what hangs on them for reading, in a fixed number of queries.

`prefetch_related` builds a filtered queryset for every object and relation it fills: for a
committee's couple of hundred agreements with their versions, parties, contributions,
meetings and payments that is thousands of querysets, which cost more than the rest of a
page together. Here each kind of object is loaded in one query, with only the fields that
are read, and `attach` hands each object its related ones, so that `obj.<relation>.all()`
gives them as after `prefetch_related` (and `state()`, `str(agreement)` and what the
version's parts compute read them without a query).
"""

from collections import defaultdict

from django.db.models import F, QuerySet, sql

from agreements import parts as version_parts
from agreements.models import Agreement, AgreementVersion, Extension
from partners.models import Committee


class Loaded(QuerySet):
    """What `obj.<relation>.all()` returns after `attach`: the related objects loaded in
    bulk, for reading (iterate, len, bool, count, exists). Its SQL is not narrowed to the
    object, so a narrowed copy (filter, order_by, first, …) would read the whole table: it
    refuses instead."""

    def _chain(self):
        raise TypeError("These related objects were loaded in bulk for reading: narrow them in Python.")


def attach(instances, name, model, pairs):
    """As prefetch_related, without a queryset per instance: `instance.<name>.all()` gives
    the objects of the (instance pk, object) pairs, in their order."""
    groups = defaultdict(list)
    for pk, obj in pairs:
        groups[pk].append(obj)
    query = sql.Query(model)  # never narrowed nor run, so one serves all (building one costs more than the rest)
    for instance in instances:
        objects = groups.get(instance.pk, [])
        loaded = Loaded(model=model, query=query)
        loaded._result_cache = objects
        loaded._prefetch_done = True
        instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = loaded
        # and as a plain list, which `state()` reads without a manager (agreements.state._related)
        instance.__dict__[f"listed_{name}"] = objects


def by(objects, key):
    """(object.key, object) pairs for `attach`."""
    return ((getattr(obj, key), obj) for obj in objects)


# What `state()` and an agreement's name read of a version: no texts.
STATE_FIELDS = (
    "agreement",
    "number",
    "status",
    "title",
    "start_date",
    "end_date",
    "extension_count",
    "notice_months",
    "decision_deadline",
    # what the money series reads of a version besides its terms
    "decision_date",
    "signed_on",
)


def attach_state(agreements, *, version_fields=(), committee=False, parts=False):
    """Attaches what `state()` and `str(agreement)` read to the agreements (load them with
    `select_related("termination")`): their versions (`STATE_FIELDS` and `version_fields`,
    with the committee and the parts' one-to-one relations if asked, see agreements.parts), extensions and successors with
    their versions. Four queries, five when there are successors."""
    pks = [agreement.pk for agreement in agreements]
    if not pks:
        return
    versions = AgreementVersion.objects.filter(agreement__in=pks)
    fields = [*STATE_FIELDS, *version_fields]
    if committee:
        versions = versions.select_related("committee")
        fields += [f"committee__{field.name}" for field in Committee._meta.concrete_fields]
    if parts:
        versions = versions.select_related(*version_parts.list_related())  # also caches "none"
        fields += version_parts.list_fields()
    attach(agreements, "versions", AgreementVersion, by(versions.only(*fields), "agreement_id"))
    extensions = Extension.objects.filter(agreement__in=pks).only("agreement", "new_end")
    attach(agreements, "extensions", Extension, by(extensions, "agreement_id"))
    # one row per successor and predecessor
    successors = list(Agreement.objects.filter(predecessors__in=pks).annotate(predecessor=F("predecessors")))
    if successors:
        versions = AgreementVersion.objects.filter(agreement__in={s.pk for s in successors}).only(*STATE_FIELDS)
        attach(successors, "versions", AgreementVersion, by(versions, "agreement_id"))
    attach(agreements, "successors", Agreement, by(successors, "predecessor"))
