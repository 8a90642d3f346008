"""What changed between two versions of an agreement, section by section.

The sections come in the order the agreement reads. A text is compared line by line
(paragraph by paragraph, as the agreements are written), so a page can strike through
what was removed and mark what was added; lists (parties, responsibilities) are
compared item by item, and named items (activities, chapters) are matched by name.
The parts of a version that other apps keep (agreements.parts) are compared by their
own `changes`, as rows of the old and the new value side by side.
"""

import difflib
from dataclasses import dataclass, field

from django.db.models import prefetch_related_objects
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from agreements import parts
from agreements.models import BASIC_FIELDS, CRITERIA, TEXT_FIELDS, AgreementVersion, CriterionAssessment, Party

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
CHANGED, ADDED, REMOVED = "changed", "added", "removed"

KIND_LABELS = {CHANGED: _("Changed"), ADDED: _("Added"), REMOVED: _("Removed")}

PREFETCH = (
    "committee",
    "administration",
    "parties__organisation",
    "parties__committee",
    "responsibilities",
    "activities",
    "sections",
    "assessments",
)


@dataclass
class Row:
    """One line of a section shown side by side: what the old and the new version say."""

    label: str
    old: str
    new: str

    @property
    def changed(self):
        return self.old != self.new


@dataclass
class SectionChange:
    key: str  # stable name of the section: a field name, "parties", "chapter:<heading>"…
    title: str
    kind: str  # CHANGED, ADDED or REMOVED
    lines: list = field(default_factory=list)  # (EQUAL | INSERT | DELETE, text)
    note: str = ""  # e.g. the wording of a criterion
    rows: list[Row] = field(default_factory=list)  # side by side instead of lines (figures, not text)

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]


def compare_versions(old: AgreementVersion, new: AgreementVersion) -> list[SectionChange]:
    """The sections that differ from `old` to `new`, in reading order; [] when none do."""
    prefetch_related_objects([old, new], *PREFETCH)
    return [
        *_basic_facts(old, new),
        *_texts(old, new),
        *_parties(old, new),
        *(change for part in parts.registered() for change in part.changes(old, new)),
        *_responsibilities(old, new),
        *_named(
            old.activities.all(), new.activities.all(), "activity", _("Activity “%(name)s”"), "name", "description"
        ),
        *_named(old.sections.all(), new.sections.all(), "chapter", _("Chapter “%(name)s”"), "heading", "body"),
        *_criteria(old, new),
    ]


# --- Line diffs ----------------------------------------------------------------------------


def text_lines(text) -> list[str]:
    """A text as its non-empty lines: blank lines between paragraphs are no change."""
    if text is None:
        return []
    return [line.rstrip() for line in str(text).splitlines() if line.strip()]


def line_diff(old_lines, new_lines) -> list[tuple[str, str]]:
    """[(op, line)]: what stayed, what was removed, what was added, in reading order."""
    diff = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, old_from, old_to, new_from, new_to in matcher.get_opcodes():
        if tag == "equal":
            diff += [(EQUAL, line) for line in old_lines[old_from:old_to]]
            continue
        diff += [(DELETE, line) for line in old_lines[old_from:old_to]]
        diff += [(INSERT, line) for line in new_lines[new_from:new_to]]
    return diff


def _change(key, title, old_lines, new_lines, note=""):
    """A SectionChange, or None when the lines are the same."""
    if old_lines == new_lines:
        return None
    kind = ADDED if not old_lines else REMOVED if not new_lines else CHANGED
    return SectionChange(key, title, kind, line_diff(old_lines, new_lines), note)


def _keep(changes):
    return [change for change in changes if change is not None]


# --- The sections -----------------------------------------------------------------------------


def _label(name):
    return capfirst(AgreementVersion._meta.get_field(name).verbose_name)


def _value(version, name):
    value = getattr(version, name)
    if value is None or value == "":
        return "–"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _basic_facts(old, new):
    lines = []
    for name in BASIC_FIELDS:
        before, after = _value(old, name), _value(new, name)
        if before != after:
            lines += [(DELETE, f"{_label(name)}: {before}"), (INSERT, f"{_label(name)}: {after}")]
    return [SectionChange("basic", _("Basic facts"), CHANGED, lines)] if lines else []


def _texts(old, new):
    return _keep(_change(name, _label(name), _field_lines(old, name), _field_lines(new, name)) for name in TEXT_FIELDS)


def _field_lines(version, name):
    value = getattr(version, name)
    return text_lines("" if value is None else value)


def party_key(party):
    """The same party in two versions: the committee, or the same organisation."""
    return "committee" if party.is_public else f"organisation:{party.organisation_id}"


def _party_line(party):
    description = " ".join(party.description.split())
    return f"{party.name} – {description}" if description else party.name


def _parties(old, new):
    old_parties, new_parties = list(old.parties.all()), list(new.parties.all())
    lines = _keyed_diff(old_parties, new_parties, key=party_key, line=_party_line)
    if all(op == EQUAL for op, _text in lines):
        return []
    kind = ADDED if not old_parties else REMOVED if not new_parties else CHANGED
    return [SectionChange("parties", capfirst(Party._meta.verbose_name_plural), kind, lines)]


def _keyed_diff(old_items, new_items, *, key, line):
    """Like line_diff, but items are matched by key, so a changed item shows as its old
    line removed and its new line added, and an unchanged one as equal."""
    old_keys, new_keys = [key(item) for item in old_items], [key(item) for item in new_items]
    diff = []
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, old_from, old_to, new_from, new_to in matcher.get_opcodes():
        if tag == "equal":
            for before, after in zip(old_items[old_from:old_to], new_items[new_from:new_to], strict=True):
                if line(before) == line(after):
                    diff.append((EQUAL, line(after)))
                else:
                    diff += [(DELETE, line(before)), (INSERT, line(after))]
            continue
        diff += [(DELETE, line(item)) for item in old_items[old_from:old_to]]
        diff += [(INSERT, line(item)) for item in new_items[new_from:new_to]]
    return diff


def _responsibilities(old, new):
    """Per owner as the agreement reads: the committee's, the joint ones, each partner's."""
    owners = {"joint": _("Joint responsibilities")}  # key -> title
    texts = {}  # (version pk, key) -> [text]
    for version in (new, old):
        parties = {party.pk: party for party in version.parties.all()}
        for party in parties.values():
            owners.setdefault(party_key(party), _("Responsibilities of %(party)s") % {"party": party.name})
        for item in version.responsibilities.all():
            owner = party_key(parties[item.party_id]) if item.party_id else "joint"
            texts.setdefault((version.pk, owner), []).append(item.text.strip())
    rank = {"committee": 0, "joint": 1}
    owners = dict(sorted(owners.items(), key=lambda owner: rank.get(owner[0], 2)))
    return _keep(
        _change(f"responsibilities:{key}", title, texts.get((old.pk, key), []), texts.get((new.pk, key), []))
        for key, title in owners.items()
    )


def _named(old_items, new_items, kind, title_format, name_field, body_field):
    """Activities and chapters: matched by name, a change is a change of the body."""
    old_bodies = {getattr(item, name_field): getattr(item, body_field) for item in old_items}
    new_bodies = {getattr(item, name_field): getattr(item, body_field) for item in new_items}
    names = list(new_bodies) + [name for name in old_bodies if name not in new_bodies]
    changes = []
    for name in names:
        title = title_format % {"name": name}
        before, after = old_bodies.get(name), new_bodies.get(name)
        if before is None or after is None:
            lines = [(DELETE if after is None else INSERT, line) for line in text_lines(before or after)]
            changes.append(SectionChange(f"{kind}:{name}", title, REMOVED if after is None else ADDED, lines))
        else:
            changes.append(_change(f"{kind}:{name}", title, text_lines(before), text_lines(after)))
    return _keep(changes)


def _assessment_lines(assessment):
    if assessment is None:
        return []
    judgement = capfirst(CriterionAssessment._meta.get_field("judgement").verbose_name)
    return [f"{judgement}: {assessment.get_judgement_display() or '–'}", *text_lines(assessment.motivation)]


def _criteria(old, new):
    old_assessments = {item.criterion: item for item in old.assessments.all()}
    new_assessments = {item.criterion: item for item in new.assessments.all()}
    return _keep(
        _change(
            f"criterion:{number}",
            _("Criterion %(number)s") % {"number": number},
            _assessment_lines(old_assessments.get(number)),
            _assessment_lines(new_assessments.get(number)),
            note=text,
        )
        for number, text in CRITERIA.items()
    )
