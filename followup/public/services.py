"""The public register of a municipality's IOPs: what anyone may read without logging in,
as plain rows for the page, the open data (CSV, JSON) and the signed PDF.

Shown: the agreements the committee listed (`Agreement.in_public_register`) that have a
signed version and are in force, signed and about to start, or ended within the last
`RECENT_MONTHS` months. Of each only what is public once signed: the version in force's
title, purpose, committee, decision date and period, its parties with their organisation
numbers, the committee's money as the money read-model gives it (`finance.readmodel`,
`finance.series`, without payments) and the volunteer hours the partners committed with
their value (`followup.hours.progress`). Never a draft, a person (contact, signatory, user),
hours per month, a payment or a comment.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from agreements.models import Agreement, AgreementVersion, SignedDocument, Status
from agreements.state import Phase, state, with_state
from finance import readmodel, series
from finance.figures import index_table
from finance.models import IndexValue
from followup.hours.progress import commitment, value_of_hours
from iop.core.collation import swedish_key
from iop.core.dates import add_months

# An ended agreement stays on the public page this long after its last day.
RECENT_MONTHS = 12

# Where an agreement stands, as the open data writes it (stable codes, documented in docs/open-data.md).
STANDING = {Phase.SIGNED: "ej_paborjad", Phase.IN_FORCE: "i_kraft"}
ENDED = "avslutad"


@dataclass
class PublicParty:
    name: str
    org_number: str
    is_committee: bool
    committed_hours: Decimal | None  # volunteer hours promised per whole year (partners only)
    hourly_value: Decimal | None
    hours_value: Decimal | None  # what the committed hours are worth per year, whole kronor
    organisation_id: int | None = None


@dataclass
class PublicYear:
    year: int
    committee_money: Decimal | None  # None: not yet known (an OPI is missing)
    preliminary: bool  # the amount rests on an OPI forecast
    to_partners: dict = field(default_factory=dict)  # organisation pk -> the committee's money to it

    def to_party(self, party: PublicParty) -> Decimal | None:
        if party.is_committee:
            return None
        return self.to_partners.get(party.organisation_id)


@dataclass
class PublicAgreement:
    pk: int
    registry_number: str
    title: str
    purpose: str
    committee: str
    decision_date: datetime.date | None
    start: datetime.date | None
    end: datetime.date | None  # after extensions and termination
    phase: str  # agreements.state.Phase
    phase_label: str
    parties: list[PublicParty]
    years: list[PublicYear]
    total: Decimal | None  # the committee's money over the whole period (None: not yet known)
    preliminary: bool
    pdf_published: bool  # the committee published the signed PDF, and it is archived

    @property
    def standing(self):
        return STANDING.get(self.phase, ENDED)

    @property
    def partners(self):
        return [party for party in self.parties if not party.is_committee]


def shown(current, today) -> bool:
    """A listed agreement in this state is on the public page: signed, and not ended
    before the last `RECENT_MONTHS` months."""
    if current.in_force is None:
        return False
    if current.ended:
        return current.end is not None and current.end >= add_months(today, -RECENT_MONTHS)
    return True


def _listed(municipality):
    signed = AgreementVersion.objects.filter(status=Status.SIGNED).values("agreement")
    return Agreement.objects.filter(municipality=municipality, in_public_register=True, pk__in=signed)


def register(municipality, today=None) -> list[PublicAgreement]:
    """The municipality's public register, in Swedish order of committee, registry number
    and title, in a fixed number of queries."""
    today = today or timezone.localdate()
    agreements = list(with_state(_listed(municipality)))
    states = {agreement.pk: state(agreement, today) for agreement in agreements}
    agreements = [agreement for agreement in agreements if shown(states[agreement.pk], today)]
    if not agreements:
        return []
    money = readmodel.load(agreements, payments=False)
    values = list(IndexValue.objects.all())
    table = index_table(values)
    in_force = [states[agreement.pk].in_force.pk for agreement in agreements]
    archived = set(SignedDocument.objects.filter(version__in=in_force).values_list("version_id", flat=True))
    result = []
    for agreement in agreements:
        current = states[agreement.pk]
        figures = series.money_series(money[agreement.pk], current, table, values=values, today=today, payments=False)
        result.append(_public(agreement, current, figures, archived))
    result.sort(key=lambda item: (swedish_key(item.committee), swedish_key(item.registry_number), item.pk))
    return result


def _public(agreement, current, figures, archived) -> PublicAgreement:
    version = current.in_force
    parties = [_party(party, version) for party in sorted(version.parties.all(), key=_party_order)]
    return PublicAgreement(
        pk=agreement.pk,
        registry_number=agreement.registry_number,
        title=version.title,
        purpose=version.purpose,
        committee=version.committee.name,
        decision_date=version.decision_date,
        start=version.start_date,
        end=current.end,
        phase=current.phase,
        phase_label=str(current.label),
        parties=parties,
        years=[_year(figures, year) for year in _years(version.start_date, current.end, figures)],
        total=figures.total,
        preliminary=figures.preliminary,
        pdf_published=agreement.signed_pdf_public and version.pk in archived,
    )


def _party_order(party):
    return (not party.is_public, party.order, party.pk)


def _party(party, version) -> PublicParty:
    if party.is_public:
        committee = party.committee
        return PublicParty(committee.name, committee.municipality.org_number, True, None, None, None)
    hours, hourly_value = commitment(version, {party.organisation_id})
    return PublicParty(
        name=party.organisation.name,
        org_number=party.organisation.org_number,
        is_committee=False,
        committed_hours=hours,
        hourly_value=hourly_value,
        hours_value=value_of_hours(hours, hourly_value),
        organisation_id=party.organisation_id,
    )


def _years(start, end, figures):
    """The calendar years the agreement runs in (those of its money periods when a date is missing)."""
    if start and end:
        return list(range(start.year, end.year + 1))
    return figures.years


def _year(figures, year) -> PublicYear:
    """The committee's money of the money periods starting in `year`, as the read-model counts a year."""
    money = figures.year_money(year)
    if money is None:
        return PublicYear(year, Decimal("0"), False)
    to_partners = {}
    for recipient, amount in money.split:
        if recipient is not None and amount is not None:
            to_partners[recipient.pk] = to_partners.get(recipient.pk, Decimal("0")) + amount
    return PublicYear(year, money.amount.amount, money.amount.preliminary, to_partners)


def signed_pdf(municipality, pk, today=None):
    """(the version in force, the archived bytes of its signed PDF) of a listed agreement on
    the public page whose committee published the PDF; None otherwise."""
    today = today or timezone.localdate()
    agreement = with_state(_listed(municipality).filter(pk=pk, signed_pdf_public=True)).first()
    if agreement is None:
        return None
    current = state(agreement, today)
    if not shown(current, today):
        return None
    document = SignedDocument.objects.filter(version=current.in_force).first()
    if document is None:
        return None
    return current.in_force, bytes(document.pdf)
