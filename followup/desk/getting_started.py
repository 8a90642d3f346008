"""The administrator's "Get started" list: what a newly set-up municipality still lacks
(manage.py setup_municipality creates only the municipality, its committees and
administrations and its first administrator)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, DefaultText
from iop.accounts.models import Role, User
from partners.models import Administration, Committee


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    url: str
    done: bool


def steps(user):
    """The steps, ticked where done; empty when there is nothing left to start, or the user
    is no administrator of a municipality. The list shows while the municipality lacks
    committees, administrations, standard texts or other users."""
    municipality = user.municipality if user.role == Role.ADMINISTRATOR else None
    if municipality is None:
        return []
    listed = [
        Step(
            "settings",
            _("Check the municipality's settings"),
            reverse("partners:municipality-update", args=[municipality.pk]),
            # Set up from the command line: changed once since, by someone in IOP.
            municipality.history.count() > 1,
        ),
        Step(
            "committees",
            _("Add the committees"),
            reverse("partners:committee-list"),
            Committee.objects.filter(municipality=municipality).exists(),
        ),
        Step(
            "administrations",
            _("Add the administrations"),
            reverse("partners:administration-list"),
            Administration.objects.filter(municipality=municipality).exists(),
        ),
        Step(
            "default_texts",
            _("Write the standard texts"),
            reverse("agreements:default-texts"),
            DefaultText.objects.filter(municipality=municipality).exclude(text="").exists(),
        ),
        Step(
            "users",
            _("Add the users: planners, viewers and partners"),
            reverse("accounts:user-list"),
            User.objects.filter(municipality=municipality, is_active=True).exclude(pk=user.pk).exists(),
        ),
    ]
    if all(step.done for step in listed[1:]):
        return []
    first_agreement = Step(
        "agreement",
        _("Draft the first agreement"),
        reverse("agreements:agreement-create"),
        Agreement.objects.filter(municipality=municipality).exists(),
    )
    return [*listed, first_agreement]
