"""The sections of the printed agreement, named once: the keys a municipality puts in its
own order (its settings) and the keys the printed agreement (agreements.document) prints
by. Here, on the register's floor, because the municipality's settings keep the order;
the cover comes first and the signatures last, always."""

from django.utils.translation import gettext_lazy as _

# In the seeds' order: the order of a municipality that has not chosen its own.
SECTIONS = {
    "background": _("Background of the agreement"),
    "purpose": _("The agreement's shared societal challenge and purpose"),
    "objectives": _("Objectives"),
    "target_group": _("Target group"),
    "value_base": _("Value base"),
    "gender_equality": _("Gender equality"),
    "parties": _("The parties of the agreement"),
    "starting_points": _("Starting points of the agreement"),
    "content": _("The content of the partnership"),
    "chapters": _("The agreement's own chapters"),
    "referral": _("Referral and participants"),
    "follow_up": _("Follow-up"),
    "economy": _("Economy"),
    "period": _("Period of the agreement"),
}
DEFAULT_ORDER = tuple(SECTIONS)


def section_order_of(municipality) -> list[str]:
    """The municipality's order of the sections: its own keys that are known, then any
    section it has not placed (one added after it chose) in the seeds' order."""
    chosen = [key for key in (municipality.section_order or []) if key in SECTIONS] if municipality else []
    chosen = list(dict.fromkeys(chosen))
    return chosen + [key for key in DEFAULT_ORDER if key not in chosen]
