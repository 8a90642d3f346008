"""The administrator's "Get started" list: what a newly set-up municipality still lacks
(manage.py setup_municipality creates only the municipality, its committees and
administrations and its first administrator)."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, DefaultText
from iop.accounts.models import Role, User
from partners.models import Administration, Committee, Municipality


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    url: str
    done: bool


def _facts(municipality_id, user):
    """What the municipality has, in one query (the start page is counted)."""
    mine = OuterRef("pk")
    return (
        Municipality.objects.filter(pk=municipality_id)
        .annotate(
            # Set up from the command line: changed since, by someone in IOP.
            changed=Exists(Municipality.history.filter(id=mine, history_type="~")),
            committees_=Exists(Committee.objects.filter(municipality=mine)),
            administrations_=Exists(Administration.objects.filter(municipality=mine)),
            default_texts_=Exists(DefaultText.objects.filter(municipality=mine).exclude(text="")),
            users_=Exists(User.objects.filter(municipality=mine, is_active=True).exclude(pk=user.pk)),
            agreements_=Exists(Agreement.objects.filter(municipality=mine)),
        )
        .values("changed", "committees_", "administrations_", "default_texts_", "users_", "agreements_")
        .first()
    )


def steps(user):
    """The steps, ticked where done; empty when there is nothing left to start, or the user
    is no administrator of a municipality. The list shows while the municipality lacks
    committees, administrations, standard texts or other users."""
    if user.role != Role.ADMINISTRATOR or user.municipality_id is None:
        return []
    facts = _facts(user.municipality_id, user)
    if facts is None or all(facts[key] for key in ("committees_", "administrations_", "default_texts_", "users_")):
        return []
    return [
        Step(
            "settings",
            _("Check the municipality's settings"),
            reverse("partners:municipality-update", args=[user.municipality_id]),
            facts["changed"],
        ),
        Step("committees", _("Add the committees"), reverse("partners:committee-list"), facts["committees_"]),
        Step(
            "administrations",
            _("Add the administrations"),
            reverse("partners:administration-list"),
            facts["administrations_"],
        ),
        Step(
            "default_texts",
            _("Write the standard texts"),
            reverse("agreements:default-texts"),
            facts["default_texts_"],
        ),
        Step(
            "users",
            _("Add the users: planners, viewers and partners"),
            reverse("accounts:user-list"),
            facts["users_"],
        ),
        Step(
            "agreement",
            _("Draft the first agreement"),
            reverse("agreements:agreement-create"),
            facts["agreements_"],
        ),
    ]
