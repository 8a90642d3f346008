"""The money read-model: what the figures (`finance.figures`, `finance.series`) read of an
agreement, as frozen plain data.

`load(agreements)` gives the money of many agreements in a fixed number of queries (it runs
`finance.loading`, then reads what that attached); `of_agreement` and `of_version` read an
agreement or a version already loaded. The figures take these objects, never the ORM graph,
so no page has to shape the graph the way the figures walk it.

An organisation (a party's, a payment's recipient) is carried as the register's object: the
figures compare and print it but never walk from it.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from finance.models import ContributionKind, PeriodKind

ZERO = Decimal("0")


@dataclass(frozen=True)
class Terms:
    period_kind: str  # PeriodKind
    months: tuple[int, ...]  # the payment months
    indexation_from_year: int | None
    money_from: datetime.date | None


@dataclass(frozen=True)
class PartyMoney:
    pk: int
    is_public: bool
    organisation: object  # partners.Organisation, or None for the committee
    order: int
    # The party row it was read from: its name is read only when printed (the committee's
    # name is not loaded by every reader, and the figures never need it).
    source: object = field(default=None, compare=False, repr=False)

    @property
    def name(self):
        return str(self.source) if self.source is not None else str(self.organisation)

    def __str__(self):
        return self.name


@dataclass(frozen=True)
class ContributionMoney:
    pk: int
    party: PartyMoney
    kind: str  # ContributionKind
    amount: Decimal | None
    hours: Decimal | None
    hourly_value: Decimal | None
    yearly_value: Decimal | None

    @property
    def party_id(self):
        return self.party.pk

    @property
    def is_money(self):
        return self.kind == ContributionKind.MONEY


@dataclass(frozen=True)
class SplitRow:
    """One row of the split (distribution) of the committee's money among the partners."""

    party: PartyMoney | None
    period_start: datetime.date
    period_end: datetime.date
    amount: Decimal


@dataclass(frozen=True)
class StatedAmount:
    """An amount the agreement states for one money period."""

    period_start: datetime.date
    amount: Decimal


@dataclass(frozen=True)
class VersionMoney:
    """A version's money inputs, and the few facts of the version the series reads."""

    pk: int
    number: int
    status: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    signed_on: datetime.date | None
    decision_date: datetime.date | None
    terms: Terms | None
    parties: tuple[PartyMoney, ...]
    contributions: tuple[ContributionMoney, ...]
    split: tuple[SplitRow, ...]
    stated: tuple[StatedAmount, ...]

    @property
    def period_kind(self):
        return self.terms.period_kind if self.terms else PeriodKind.CALENDAR


@dataclass(frozen=True)
class PaymentMoney:
    pk: int
    recipient_id: int
    date: datetime.date
    instalment_due: datetime.date | None
    amount: Decimal
    corrected: Decimal  # what corrections took back of it

    @property
    def net(self):
        return self.amount - self.corrected


@dataclass(frozen=True)
class TrueUpMoney:
    pk: int
    recipient_id: int
    instalment_due: datetime.date
    kind: str  # TrueUpKind
    amount: Decimal
    due_on: datetime.date | None
    repayment_id: int | None

    @property
    def repayment(self):
        """Claimed back: the repayment claim's id (the finance page only asks whether)."""
        return self.repayment_id


@dataclass(frozen=True)
class AgreementMoney:
    pk: int
    versions: tuple[VersionMoney, ...]  # the versions a series reads, oldest first
    payments: tuple[PaymentMoney, ...] | None  # None: not loaded
    true_ups: tuple[TrueUpMoney, ...] | None

    def version(self, pk) -> VersionMoney | None:
        return next((version for version in self.versions if version.pk == pk), None)


@dataclass(frozen=True)
class PrintedMoney:
    """The money of one version for printing and for the check of its texts."""

    version: object  # the AgreementVersion as loaded, for what it prints besides the figures
    inputs: VersionMoney
    series: object  # finance.series.MoneySeries: the agreement's money as this version makes it


# --- Reading loaded objects -------------------------------------------------------------------


def load(agreements, *, payments=True, records=False, true_ups=True) -> dict[int, AgreementMoney]:
    """{agreement pk: its money} for `agreements` (fetched with their state, as
    `finance.loading.load_money` takes them), in a fixed number of queries."""
    from finance.loading import load_money

    agreements = list(agreements)
    load_money(agreements, payments=payments, records=records, true_ups=true_ups)
    return {
        agreement.pk: of_agreement(agreement, payments=payments, true_ups=payments and true_ups)
        for agreement in agreements
    }


def version_money(version) -> PrintedMoney:
    """The money of `version` as the printed agreement and the wording check read it (the
    agreement's series as this version makes it, payments left out), in a fixed number of
    queries. An agreement `with_state` fetched (its versions prefetched) is not fetched again."""
    from agreements.models import Agreement, AgreementVersion
    from agreements.state import state, with_state
    from finance import series

    agreement = version.agreement if AgreementVersion.agreement.is_cached(version) else None
    if agreement is None or "versions" not in getattr(agreement, "_prefetched_objects_cache", {}):
        agreement = with_state(
            Agreement.objects.filter(pk=version.agreement_id), version_related=("finance_terms",)
        ).get()
    money = load([agreement], payments=False)[agreement.pk]
    loaded = next(item for item in agreement.versions.all() if item.pk == version.pk)
    inputs = money.version(loaded.pk) or of_version(loaded)
    return PrintedMoney(loaded, inputs, series.money_series(money, state(agreement), upto=loaded, payments=False))


def of_agreement(agreement, *, payments=True, true_ups=True) -> AgreementMoney:
    """The money of an agreement `finance.loading.load_money` loaded (with `payments` and
    `true_ups`, those too)."""
    from finance import series

    return AgreementMoney(
        pk=agreement.pk,
        versions=tuple(of_version(version) for version in series.versions_read(agreement)),
        payments=tuple(_payment(row) for row in agreement.payments.all()) if payments else None,
        true_ups=tuple(_true_up(row) for row in agreement.true_ups.all()) if true_ups else None,
    )


def of_version(version) -> VersionMoney:
    """The money inputs of a loaded version (`VersionMoney` given is returned as it is)."""
    if isinstance(version, VersionMoney):
        return version
    parties = {party.pk: _party(party) for party in version.parties.all()}
    return VersionMoney(
        pk=version.pk,
        number=version.number,
        status=version.status,
        start_date=version.start_date,
        end_date=version.end_date,
        signed_on=version.signed_on,
        decision_date=version.decision_date,
        terms=terms_of(version),
        parties=tuple(parties.values()),
        contributions=tuple(
            _contribution(row, parties.get(row.party_id) or _party(row.party)) for row in version.contributions.all()
        ),
        split=tuple(
            SplitRow(parties.get(row.party_id), row.period_start, row.period_end, row.amount)
            for row in version.distributions.all()
        ),
        stated=tuple(StatedAmount(row.period_start, row.amount) for row in version.period_amounts.all()),
    )


# An ORM version given to a figure instead of its money (the PDF, the comparison, the tests):
# only the part the figure reads is read, as the figure itself would read it.


def terms_of(version) -> Terms | None:
    if isinstance(version, VersionMoney):
        return version.terms
    terms = getattr(version, "finance_terms", None)  # None: no terms yet
    return _terms(terms) if terms else None


def parties_of(version) -> tuple[PartyMoney, ...]:
    if isinstance(version, VersionMoney):
        return version.parties
    return tuple(_party(party, organisation=False) for party in version.parties.all())


def contributions_of(version) -> tuple[ContributionMoney, ...]:
    if isinstance(version, VersionMoney):
        return version.contributions
    return tuple(_contribution(row, _party(row.party, organisation=False)) for row in version.contributions.all())


def split_of(version) -> tuple[SplitRow, ...]:
    if isinstance(version, VersionMoney):
        return version.split
    return tuple(SplitRow(None, row.period_start, row.period_end, row.amount) for row in version.distributions.all())


def _contribution(row, party) -> ContributionMoney:
    return ContributionMoney(
        pk=row.pk,
        party=party,
        kind=row.kind,
        amount=row.amount,
        hours=row.hours,
        hourly_value=row.hourly_value,
        yearly_value=row.yearly_value,
    )


def _terms(terms) -> Terms:
    return Terms(
        period_kind=terms.period_kind,
        months=tuple(terms.months),
        indexation_from_year=terms.indexation_from_year,
        money_from=terms.money_from,
    )


def _party(party, *, organisation=True) -> PartyMoney:
    """`organisation=False`: the organisation only if fetched with the party (the share and
    contribution figures never read it)."""
    if organisation or party._meta.get_field("organisation").is_cached(party):
        organisation = party.organisation if party.organisation_id else None
    else:
        organisation = None
    return PartyMoney(
        pk=party.pk,
        is_public=party.is_public,
        organisation=organisation,
        order=party.order,
        source=party,
    )


def _payment(row) -> PaymentMoney:
    return PaymentMoney(row.pk, row.recipient_id, row.date, row.instalment_due, row.amount, row.corrected)


def _true_up(row) -> TrueUpMoney:
    return TrueUpMoney(row.pk, row.recipient_id, row.instalment_due, row.kind, row.amount, row.due_on, row.repayment_id)
