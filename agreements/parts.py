"""The parts of a version that other apps keep (the money, …), plugged in here.

An agreement's own content (texts, parties, responsibilities, activities, chapters,
criteria) lives in this app. A part kept by an app above it subclasses `VersionPart`,
overrides what it takes part in and registers one instance from its app's `ready()`:

- `start`: a new agreement's first draft starts with it (its municipality's defaults);
- `copy`: an amendment or a renewal copies it into the new draft;
- `export_*`, `read_*`, `write_*`: it travels in the JSON exchange under `key`
  (agreements.exchange); a part without `key` does not travel;
- `changes`: the comparison of two versions shows it (agreements.compare);
- `printed`: what it adds to the printed agreement (agreements.document);
- `problems`: what it finds wrong in a draft before decision (agreements.services);
- `list_related` / `list_fields`: the one-to-one relations of a version joined when lists
  load agreements for reading (agreements.bulk, `with_state(version_related=…)`).

So the agreements app calls the parts without knowing them.
"""

from collections.abc import Iterable


class VersionPart:
    """A part of each version (and of each agreement) kept by another app. Every hook has
    a default that does nothing, so a part overrides only what it takes part in."""

    # Under this key in each version and each agreement of the exchange document; "" to stay out.
    key = ""
    # One-to-one lookups from a version that lists join, and the fields of them they read.
    list_related: tuple = ()
    list_fields: tuple = ()
    # What the export reads: lookups from a version to join (one-to-one) and to prefetch,
    # and lookups from an agreement to prefetch.
    export_related: tuple = ()
    export_version_prefetch: tuple = ()
    export_agreement_prefetch: tuple = ()

    def start(self, version, *, by) -> None:
        """Give the first draft of a new agreement what its municipality starts every
        agreement with (called after its own content, or a copied agreement's, is in)."""

    def copy(self, source, target, party_map, *, by) -> None:
        """Copy the part of `source` into `target`, a new draft whose own content is copied
        already; `party_map` maps the pk of each party of `source` to its copy."""

    def export_version(self, version, parties):
        """The part of `version` as a JSON value; `parties` in the order the document lists them."""
        return None

    def export_agreement(self, agreement):
        return None

    def read_version(self, reader, at, value, party_count):
        """Check `value` (None when the key is left out) with the Reader, and return what
        `write_version` needs."""
        return None

    def read_agreement(self, reader, at, value):
        return None

    def write_version(self, version, value, parties, *, by) -> None:
        """Save what `read_version` returned, while the version is still a draft (the guard
        of a signed version refuses anything added to it)."""

    def write_agreement(self, agreement, value, *, by) -> None:
        """Save what `read_agreement` returned, after the agreement's versions, extensions
        and termination."""

    def changes(self, old, new) -> list:
        """The `agreements.compare.SectionChange`s of the part from `old` to `new`, shown
        after the parties. Called once per comparison: load what it reads for both at once."""
        return []

    def printed(self, version):
        """What the printed agreement shows of the part (an object for the PDF template
        under `printed.parts[key]`), or None for nothing."""
        return None

    def problems(self, version) -> list[str]:
        """What in the draft stops it from going to decision because of the part."""
        return []


_registered: list[VersionPart] = []


def register(part: VersionPart) -> None:
    """Plug in a part (from the app's `ready()`); registering the same class twice is a no-op."""
    if not any(type(existing) is type(part) for existing in _registered):
        _registered.append(part)


def registered() -> tuple[VersionPart, ...]:
    return tuple(_registered)


def exchanged() -> tuple[VersionPart, ...]:
    """The parts that travel in the exchange document."""
    return tuple(part for part in _registered if part.key)


def list_related() -> tuple[str, ...]:
    return _flat(part.list_related for part in _registered)


def list_fields() -> tuple[str, ...]:
    return _flat(part.list_fields for part in _registered)


def _flat(groups: Iterable[tuple]) -> tuple:
    return tuple(item for group in groups for item in group)
