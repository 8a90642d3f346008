"""Agreements to a JSON document (agreements.exchange.format): each agreement with every
version, its parties, content, criteria and signatures, what happened after signing
(extensions, termination, predecessors), and under their own keys the parts that other
apps register (agreements.parts: the money, with the payments). Not exported: the archived
PDF of a signed version and the scanned originals (files; the PDF renders again from the
content), the history of changes, and what other apps keep without registering a part
(the follow-up rules and meetings, the hours).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, QuerySet

from agreements import parts
from agreements.exchange.format import (
    ACTIVITY_FIELDS,
    ADMINISTRATION_FIELDS,
    AMOUNT,
    ASSESSMENT_FIELDS,
    COMMITTEE_FIELDS,
    CONTACT_FIELDS,
    EXTENSION_FIELDS,
    FORMAT,
    FORMAT_VERSION,
    MUNICIPALITY_FIELDS,
    ORGANISATION_FIELDS,
    RESPONSIBILITY_FIELDS,
    SECTION_FIELDS,
    SIGNATURE_FIELDS,
    TERMINATION_FIELDS,
    VERSION_FIELDS,
)
from agreements.models import Agreement, AgreementVersion, Party


def export_document(agreements) -> dict:
    """The document for these agreements (a queryset or any iterable of Agreement).

    Agreements are listed by municipality and registry number, and every list inside in
    its own fixed order, so the same database always exports the same document.
    """
    if not isinstance(agreements, QuerySet):
        agreements = Agreement.objects.filter(pk__in=[agreement.pk for agreement in agreements])
    rows = sorted(_with_content(agreements), key=lambda a: (a.municipality.name, a.registry_number, a.pk))
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "agreements": [_export_agreement(agreement) for agreement in rows],
    }


def _with_content(queryset):
    """Everything the export reads, in a fixed number of queries."""
    parties = Party.objects.select_related("committee", "organisation", "contact", "signatory", "signature")
    versions = AgreementVersion.objects.select_related("committee", "administration").prefetch_related(
        Prefetch("parties", queryset=parties), "responsibilities", "activities", "sections", "assessments"
    )
    versions = versions.select_related(*(lookup for part in parts.exchanged() for lookup in part.export_related))
    versions = versions.prefetch_related(
        *(lookup for part in parts.exchanged() for lookup in part.export_version_prefetch)
    )
    return queryset.select_related("municipality", "termination").prefetch_related(
        "predecessors",
        "extensions",
        Prefetch("versions", queryset=versions),
        *(lookup for part in parts.exchanged() for lookup in part.export_agreement_prefetch),
    )


def _export_agreement(agreement):
    return {
        "registry_number": agreement.registry_number,
        "municipality": plain(agreement.municipality, MUNICIPALITY_FIELDS),
        "predecessors": sorted(predecessor.registry_number for predecessor in agreement.predecessors.all()),
        "extensions": [
            plain(extension, EXTENSION_FIELDS)
            for extension in sorted(agreement.extensions.all(), key=lambda e: (e.new_end, e.pk))
        ],
        "termination": plain(_one_or_none(agreement, "termination"), TERMINATION_FIELDS),
        "versions": [_export_version(version) for version in sorted(agreement.versions.all(), key=lambda v: v.number)],
        **{part.key: part.export_agreement(agreement) for part in parts.exchanged()},
    }


def _export_version(version):
    parties = _in_order(version.parties.all())
    index = {party.pk: position for position, party in enumerate(parties)}
    return {
        "number": version.number,
        "status": version.status,
        "committee": plain(version.committee, COMMITTEE_FIELDS),
        "administration": plain(version.administration, ADMINISTRATION_FIELDS),
        **plain(version, VERSION_FIELDS),
        "parties": [_export_party(party) for party in parties],
        # A responsibility names its party by position in the list above; null is joint.
        "responsibilities": [
            {"party": index.get(item.party_id), **plain(item, RESPONSIBILITY_FIELDS)}
            for item in _in_order(version.responsibilities.all())
        ],
        "activities": [plain(item, ACTIVITY_FIELDS) for item in _in_order(version.activities.all())],
        "sections": [plain(item, SECTION_FIELDS) for item in _in_order(version.sections.all())],
        "assessments": [
            plain(item, ASSESSMENT_FIELDS) for item in sorted(version.assessments.all(), key=lambda a: a.criterion)
        ],
        **{part.key: part.export_version(version, parties) for part in parts.exchanged()},
    }


def _export_party(party):
    if party.committee_id:
        who = {"committee": party.committee.name}
    else:
        who = {"organisation": plain(party.organisation, ORGANISATION_FIELDS)}
    return {
        **who,
        "description": party.description,
        "contact": plain(party.contact, CONTACT_FIELDS),
        "signatory": plain(party.signatory, CONTACT_FIELDS),
        "signature": plain(_one_or_none(party, "signature"), SIGNATURE_FIELDS),
    }


def plain(instance, fields):
    """The instance's values of these fields, dates as ISO text, amounts as text with the
    field's decimal places ("933000.00"); None for no instance."""
    if instance is None:
        return None
    values = {}
    for name, kind in fields.items():
        value = getattr(instance, name)
        if isinstance(value, datetime.date):
            value = value.isoformat()
        elif kind == AMOUNT and value is not None:
            places = instance._meta.get_field(name).decimal_places
            value = str(Decimal(value).quantize(Decimal(1).scaleb(-places)))
        values[name] = value
    return values


def _in_order(items):
    return sorted(items, key=lambda item: (item.order, item.pk))


def _one_or_none(instance, name):
    try:
        return getattr(instance, name)
    except ObjectDoesNotExist:
        return None
