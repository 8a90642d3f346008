"""Who is told: the people each status e-mail goes to, read the way access reads them (a
planner works on the agreements of their committees, a partner user represents their
organisations)."""

from dataclasses import dataclass

from django.db.models import Q

from iop.accounts.models import NoticeKind, NoticeOptOut, Role, User
from partners.models import Contact


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    user: User | None = None  # None: a contact of the register, who has no account


def _users(queryset) -> list[Recipient]:
    users = queryset.filter(is_active=True).exclude(email="").distinct().order_by("pk")
    return [Recipient(user.email, user.first_name or str(user), user) for user in users]


def _contacts(queryset) -> list[Recipient]:
    return [Recipient(contact.email, contact.name) for contact in queryset.exclude(email="").order_by("pk")]


def partner_users(organisation_ids) -> list[Recipient]:
    return _users(User.objects.filter(role=Role.PARTNER, organisations__in=organisation_ids))


def planners(agreement) -> list[Recipient]:
    """The planners of the committees the agreement's versions are under."""
    committees = agreement.versions.values("committee")
    return _users(User.objects.filter(role=Role.PLANNER, committees__in=committees))


def party_contacts(version) -> list[Recipient]:
    """Every party's people: the contacts of each committee and organisation (the party's
    contact person and signatory among them), and the partner users of each organisation."""
    parties = list(version.parties.all())
    committees = [party.committee_id for party in parties if party.committee_id]
    organisations = [party.organisation_id for party in parties if party.organisation_id]
    named = [pk for party in parties for pk in (party.contact_id, party.signatory_id) if pk]
    contacts = Contact.objects.filter(Q(committee__in=committees) | Q(organisation__in=organisations) | Q(pk__in=named))
    # Users first: one who is also a contact gets the e-mail that says how to turn it off.
    return partner_users(organisations) + _contacts(contacts)


def participants(meeting) -> list[Recipient]:
    """The people of the meeting's parties: the committee's planners, the partners' users, and
    the parties' contacts whose name the participants list names (it is free text)."""
    agreement = meeting.agreement
    organisations = list(
        agreement.versions.filter(parties__organisation__isnull=False).values_list("parties__organisation", flat=True)
    )
    committees = agreement.versions.values("committee")
    present = meeting.participants.casefold()
    contacts = Contact.objects.filter(Q(committee__in=committees) | Q(organisation__in=organisations))
    named = [recipient for recipient in _contacts(contacts) if recipient.name.casefold() in present]
    return planners(agreement) + partner_users(organisations) + named


def chosen(kind: NoticeKind, recipients: list[Recipient], *, by=None) -> list[Recipient]:
    """Each address once, without the user acting (they know what they did) nor anyone who
    turned the kind off: a contact whose address is such a user's is left out too."""
    opted_out = NoticeOptOut.objects.filter(kind=kind)
    skipped_users = set(opted_out.values_list("user", flat=True))
    skipped = {email.casefold() for email in opted_out.values_list("user__email", flat=True) if email}
    if by is not None:
        skipped_users.add(by.pk)
        if by.email:
            skipped.add(by.email.casefold())
    found = []
    for recipient in recipients:
        address = recipient.email.casefold()
        if address in skipped or (recipient.user is not None and recipient.user.pk in skipped_users):
            continue
        skipped.add(address)
        found.append(recipient)
    return found
