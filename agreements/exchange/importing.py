"""The import of an exchange document: the one service that writes it, all or nothing.

It reads the whole document first (agreements.exchange.reading), then writes it in one
transaction in which any problem undoes everything. It never overwrites: a registry number
that already exists is refused, because a signed agreement never changes. The register
entries an agreement names (municipality, committees, administrations, organisations,
contacts) are looked up, and created through partners.services when missing, so a document
imports into an empty database too.

The agreements themselves are not written through agreements.services: those walk the life
cycle from a draft, dated today, and an import records agreements as they were decided and
signed. So each row is written here as the services write theirs (validated as on screen,
the user recorded in its history, a problem naming its place), each version first as a draft
and given its status when its content is in place. The management command and the upload
page both call `import_document`.
"""

from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agreements import parts
from agreements.exchange.format import AgreementImportError, join
from agreements.exchange.reading import Record, find_municipality, read_document
from agreements.models import (
    Activity,
    Agreement,
    AgreementVersion,
    CriterionAssessment,
    Extension,
    Party,
    Responsibility,
    Section,
    Signature,
    Status,
    Termination,
)
from iop.accounts import access
from partners import services as partners
from partners.models import Administration, Committee, Organisation


def import_document(data, *, by=None) -> list[Agreement]:
    """Create the agreements of a parsed document, all or nothing; see the module docstring.

    `by` is the user importing (None for the system), recorded in the history of every
    row. Only administrators import: the import records signed agreements without the
    life cycle that otherwise leads up to a signature.
    """
    if by is not None and not access.is_administrator(by):
        raise PermissionDenied
    with transaction.atomic():
        agreements = read_document(data)
        return _write_agreements(agreements, by=by)


def _write_agreements(agreements, *, by):
    created, messages = [], []
    for data in agreements:
        try:
            # A savepoint per agreement: one that fails leaves nothing behind, and the
            # others are still written so that their problems are reported too.
            with transaction.atomic():
                created.append((data, _write_agreement(data, by=by)))
        except AgreementImportError as error:
            messages.extend(error.messages)
    if messages:
        raise AgreementImportError(messages)  # undoes the whole import
    for data, agreement in created:
        _link_predecessors(agreement, data.predecessors, by=by)
    return [agreement for _data, agreement in created]


def _write_agreement(data, *, by):
    municipality = _municipality(data.municipality, by=by)
    agreement = save(Agreement(municipality=municipality, registry_number=data.registry_number), at=data.at, by=by)
    for version in data.versions:
        _write_version(agreement, version, by=by)
    for extension in data.extensions:
        save(Extension(agreement=agreement, **extension.fields), at=extension.at, by=by)
    if data.termination is not None:
        save(Termination(agreement=agreement, **data.termination.fields), at=data.termination.at, by=by)
    for part in parts.exchanged():
        part.write_agreement(agreement, data.parts.get(part.key), by=by)
    return agreement


def _write_version(agreement, data, *, by):
    committee = _committee(agreement.municipality, data.committee, by=by)
    administration = None
    if data.administration is not None:
        administration = _administration(agreement.municipality, committee, data.administration, by=by)
    # First as a draft: the guard in agreements.models refuses anything added to a version
    # that is signed, so the real status is set only when the content is in place.
    version = AgreementVersion(
        agreement=agreement,
        number=data.number,
        status=Status.DRAFT,
        committee=committee,
        administration=administration,
        **data.fields,
    )
    save(version, at=data.at, by=by)
    parties = [_write_party(version, party, order, by=by) for order, party in enumerate(data.parties)]
    for order, item in enumerate(data.responsibilities):
        party = parties[item.party] if item.party is not None else None
        save(Responsibility(version=version, party=party, order=order, **item.fields), at=item.at, by=by)
    for order, item in enumerate(data.activities):
        save(Activity(version=version, order=order, **item.fields), at=item.at, by=by)
    for order, item in enumerate(data.sections):
        save(Section(version=version, order=order, **item.fields), at=item.at, by=by)
    for item in data.assessments:
        save(CriterionAssessment(version=version, **item.fields), at=item.at, by=by)
    for part in parts.exchanged():
        part.write_version(version, data.parts.get(part.key), parties, by=by)
    version.status = data.status
    save(version, at=data.at, by=by)


def _write_party(version, data, order, *, by):
    municipality = version.agreement.municipality
    committee = organisation = None
    if data.committee is not None:
        committee = _committee(municipality, Record(f"{data.at}.committee", {"name": data.committee}), by=by)
        # The committee's people, or those of the administration that serves it.
        owners = [committee, version.administration] if version.administration else [committee]
    else:
        organisation = _organisation(data.organisation, by=by)
        owners = [organisation]
    party = Party(
        version=version,
        committee=committee,
        organisation=organisation,
        description=data.description,
        order=order,
    )
    # The signatory first: when the contact is the same person, they are found, not made twice.
    party.signatory = _contact(data.signatory, owners, by=by, is_signatory=True)
    party.contact = _contact(data.contact, owners, by=by)
    save(party, at=data.at, by=by)
    if data.signature is not None:
        save(Signature(party=party, **data.signature.fields), at=data.signature.at, by=by)
    return party


def _link_predecessors(agreement, registry_numbers, *, by):
    if not registry_numbers:
        return
    # The predecessors were found when the document was read, in the file or the register.
    predecessors = Agreement.objects.filter(municipality=agreement.municipality, registry_number__in=registry_numbers)
    agreement._history_user = by
    agreement.predecessors.set(predecessors)


# Register entries: found when they exist, created through partners.services when not.


def _municipality(record, *, by):
    """The document's municipality. A municipality's administrator imports into their own
    only; the system and the installation's superuser may also add a new one."""
    found = find_municipality(record)
    if by is not None and not by.is_superuser:
        if found is None or found.pk != by.municipality_id:
            raise AgreementImportError(
                [
                    _("%(at)s: the document names %(name)s; you can import only your own municipality's agreements.")
                    % {"at": record.at, "name": record.fields.get("name") or record.fields.get("org_number") or "?"}
                ]
            )
        return found
    if found is not None:
        return found
    with at_position(record.at):
        return partners.municipality_create(by=by, **record.fields)


def _committee(municipality, record, *, by):
    found = Committee.objects.filter(municipality=municipality, name=record.fields.get("name", "")).first()
    if found is not None:
        return found
    with at_position(record.at):
        return partners.committee_create(by=by, municipality=municipality, **record.fields)


def _administration(municipality, committee, record, *, by):
    found = Administration.objects.filter(municipality=municipality, name=record.fields.get("name", "")).first()
    if found is not None:
        return found
    with at_position(record.at):
        return partners.administration_create(by=by, municipality=municipality, committees=[committee], **record.fields)


def _organisation(record, *, by):
    """By organisation number when the document gives one, else by name."""
    number = record.fields.get("org_number")
    if number:
        found = Organisation.objects.filter(org_number=number).first()
    else:
        found = Organisation.objects.filter(name=record.fields.get("name", "")).order_by("pk").first()
    if found is not None:
        return found
    with at_position(record.at):
        return partners.organisation_create(by=by, **record.fields)


def _contact(record, owners, *, by, is_signatory=False):
    """The person of that name at one of the owners, or a new contact at the first."""
    if record is None:
        return None
    name = record.fields.get("name", "")
    for owner in owners:
        found = owner.contacts.filter(name=name).order_by("pk").first()
        if found is not None:
            return found
    with at_position(record.at):
        return partners.contact_create(by=by, party=owners[0], is_signatory=is_signatory, **record.fields)


def save(instance, *, at, by, exclude=None):
    """Validate the instance as on screen and save it; a problem names the place `at`."""
    with at_position(at):
        instance.full_clean(exclude=exclude)
        instance._history_user = by  # simple-history records who made the change
        instance.save()
    return instance


@contextmanager
def at_position(at):
    """Turn a ValidationError into an AgreementImportError whose messages name the position and field."""
    try:
        yield
    except ValidationError as error:
        raise AgreementImportError(_messages(error, at)) from None


def _messages(error, at):
    if not hasattr(error, "error_dict"):
        return [f"{at}: {message}" for message in error.messages]
    return [
        f"{at if field == NON_FIELD_ERRORS else join(at, field)}: {message}"
        for field, messages in error.message_dict.items()
        for message in messages
    ]
