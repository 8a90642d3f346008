"""Pages of a municipality's settings kept by the apps above the register (its standard
texts, its default payment terms, its default follow-up rules). Each app names its page
here from its `ready()`, so the settings page links to them without importing upwards."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class SettingsPage:
    label: str
    url_name: str
    per_municipality: bool  # the URL takes the municipality's pk; else it is the user's own


_registered: list[SettingsPage] = []


def register(label, url_name, *, per_municipality=True) -> None:
    """Add a page (registering the same URL name twice is a no-op)."""
    if not any(page.url_name == url_name for page in _registered):
        _registered.append(SettingsPage(label, url_name, per_municipality))


def links(municipality) -> list[tuple[str, str]]:
    """[(label, address)] of the registered pages for `municipality`."""
    return [
        (page.label, reverse(page.url_name, args=[municipality.pk] if page.per_municipality else []))
        for page in _registered
    ]
