"""The money of the demo agreements (agreements.demo), entered through finance.services.

What is real and what is not:

- Resurspoolen (ÄN 2019-878) and Stadsmission et al. (ON 2018-229): contributions, payment
  terms, indexation and the first year's split are the seeds' own figures.
- The five arbetsmarknadsnämnden partnerships: the committee's cost per year and the value
  per year from "Information om IOP, arbetsmarknadsnämnden februari 2020"; the partners'
  in-kind value is the difference. The document states no indexation: none here.
- The renewal (ÄN 2022-DEMO) and the draft (BN DEMO-1) are invented, and say so.
- So are the two agreements that show the shapes of money the seeds lack: one that starts
  and ends mid-year (BN DEMO-2, pro-rated periods) and one amended to raise the committee's
  money from a later year (ON DEMO-1, version 2's money from its effective date).
- Every payment and the repayment claim are invented: the seeds record none. Payment
  amounts are computed by finance.figures from the agreement and the OPI values entered;
  a year whose OPI is not entered gets no payment, since its amount is not known.

Contributions, terms and the split belong to a version, and a signed version never
changes. `add_money(version)` is therefore for a version that is still a draft, just
before it goes to decision; `load(today=…)` afterwards adds money only to a draft that has
none, and records payments and the claim only for agreements that have none, on the
demo's day it is given.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from agreements.models import Agreement, Status
from agreements.state import state, with_state
from finance import series, services
from finance.loading import load_money
from finance.models import ContributionKind, FinanceTerms, PeriodKind
from partners.demo import EXEMPELBY, MUNICIPALITY
from partners.models import Organisation

D = datetime.date
MONEY, HOURS, IN_KIND, COMMITMENT = (
    ContributionKind.MONEY,
    ContributionKind.HOURS,
    ContributionKind.IN_KIND,
    ContributionKind.COMMITMENT,
)
COMMITTEE = None  # the committee's party of the agreement
INVENTED = "påhittat demomaterial"
PAYMENT_REFERENCE = "Demo: påhittad utbetalning"


@dataclass(frozen=True)
class Row:
    """One contribution: `party` is an organisation's name, or COMMITTEE."""

    party: str | None
    kind: str
    description: str = ""
    amount: Decimal | None = None
    hours: Decimal | None = None
    hourly_value: Decimal | None = None


@dataclass(frozen=True)
class Split:
    party: str
    start: datetime.date
    end: datetime.date
    amount: Decimal


@dataclass(frozen=True)
class Money:
    contributions: tuple
    indexation_from_year: int | None = None
    payment_months: str | None = "1"  # None: no terms entered yet
    splits: tuple = ()
    period_kind: str = PeriodKind.CALENDAR
    money_from: datetime.date | None = None  # an amendment's money applies from this date


def kr(text):
    return Decimal(text.replace(" ", ""))


# --- Resurspoolen, ÄN 2019-878: the seed's "Ekonomi" ----------------------------------------

RESURSPOOLEN = Money(
    contributions=(
        Row(COMMITTEE, MONEY, "Kommunens bidrag per kalenderår", amount=kr("933 000")),
        Row(
            "Resurspoolen",
            HOURS,
            "Ideellt arbetade timmar, ca 100 aktiva volontärer",
            hours=Decimal("18000"),
            hourly_value=Decimal("214"),
        ),
        Row(COMMITTEE, COMMITMENT, "Lokaler i servicehus för Resurspoolens aktiviteter"),
    ),
    indexation_from_year=2021,
    payment_months="1",
)

# --- Stadsmission, Hjärta till hjärta, Domkyrkopastoratet, ON 2018-229 ---------------------

STADSMISSION, HJARTA, DOMKYRKAN = (
    "Linköpings stadsmission",
    "Biståndsorganisationen Hjärta till hjärta",
    "Linköpings domkyrkopastorat",
)
FIRST_PERIOD = (D(2018, 7, 1), D(2019, 6, 30))
STADSMISSION_MONEY = Money(
    contributions=(
        Row(COMMITTEE, MONEY, "Omsorgsnämndens bidrag per år", amount=kr("1 800 000")),
        Row(HJARTA, IN_KIND, "Insatser", amount=kr("809 000")),
        Row(STADSMISSION, IN_KIND, "Insatser", amount=kr("1 023 800")),
        Row(DOMKYRKAN, IN_KIND, "Insatser", amount=kr("599 675")),
    ),
    indexation_from_year=2019,
    payment_months="7",
    period_kind=PeriodKind.AGREEMENT_YEAR,  # "utbetalas i juli": agreement years July–June
    # "fördelas för perioden 2018-07-01 – 2019-06-30 med 1 500 000 kr …, 300 000 kr … och 0 kr";
    # the later periods "kan förändras genom överenskommelse": not decided in the agreement.
    splits=(
        Split(STADSMISSION, *FIRST_PERIOD, kr("1 500 000")),
        Split(HJARTA, *FIRST_PERIOD, kr("300 000")),
        Split(DOMKYRKAN, *FIRST_PERIOD, kr("0")),
    ),
)

# --- The arbetsmarknadsnämnden partnerships: the overview table ------------------------------

AN_COST = "Arbetsmarknadsnämndens kostnad per år, enligt Information om IOP, arbetsmarknadsnämnden februari 2020"
AN_IN_KIND = (
    "Insatser (personal, lokaler, administration, material): partnerskapets värde per år minus "
    "arbetsmarknadsnämndens kostnad"
)
# The document gives Bromodellen's value for Erikshjälpen and Bilda together, not each
# one's part. Assumed: half each, and said so. Nor does it say how the committee's money is
# shared between them, so no split is entered: the payments show as "not distributed".
AN_SHARED = (
    "Hälften av partnernas insatser (1 791 200 kr − 1 150 000 kr = 641 200 kr per år). Dokumentet anger inte "
    "fördelningen mellan Erikshjälpen och Bilda; demon delar lika (antagande)."
)


def _an(partner, value, cost):
    value, cost = kr(value), kr(cost)
    return Money(
        contributions=(
            Row(COMMITTEE, MONEY, AN_COST, amount=cost),
            Row(partner, IN_KIND, AN_IN_KIND, amount=value - cost),
        ),
        indexation_from_year=None,
        payment_months="1",
    )


BROMODELLEN = Money(
    contributions=(
        Row(COMMITTEE, MONEY, AN_COST, amount=kr("1 150 000")),
        Row("Erikshjälpen", IN_KIND, AN_SHARED, amount=kr("320 600")),
        Row("Bilda", IN_KIND, AN_SHARED, amount=kr("320 600")),
    ),
    indexation_from_year=None,
    payment_months="1",
)

# --- Invented: the renewal of Resurspoolen and the draft for Bildningsnämnden ----------------

RENEWAL = Money(
    contributions=tuple(
        Row(row.party, row.kind, f"{row.description} ({INVENTED})", row.amount, row.hours, row.hourly_value)
        for row in RESURSPOOLEN.contributions
    ),
    indexation_from_year=2024,
    payment_months="1",
)

DRAFT = Money(
    contributions=(
        Row(COMMITTEE, MONEY, f"Föreslaget bidrag från bildningsnämnden per år ({INVENTED})", amount=kr("180 000")),
        Row("Bilda", COMMITMENT, f"Cirkelledare och lokaler, ännu inte värderade i kronor ({INVENTED})"),
    ),
    payment_months=None,  # a draft half done: the terms are not yet negotiated
)

# --- Invented: a mid-year agreement and an amendment from a later year ------------------------

# 2024-07-01 – 2026-03-31 in calendar years, paid in January: a half-year, a whole year and a
# quarter, pro-rated; the first half-year falls due in July, its first month.
MID_YEAR = Money(
    contributions=(
        Row(COMMITTEE, MONEY, f"Bildningsnämndens bidrag per år ({INVENTED})", amount=kr("240 000")),
        Row(
            "Linköping södra Röda korskrets",
            IN_KIND,
            f"Volontärernas tid som läxhjälpare och material ({INVENTED})",
            amount=kr("160 000"),
        ),
    ),
    payment_months="1",
)

# Signed with 120 000 kr a year for 2024–2027; version 2 raises it to 150 000 kr from 2026.
_CHURCH_IN_KIND = Row(DOMKYRKAN, IN_KIND, f"Samtalsledare och lokaler ({INVENTED})", amount=kr("130 000"))
AMENDED = Money(
    contributions=(
        Row(COMMITTEE, MONEY, f"Omsorgsnämndens bidrag per år ({INVENTED})", amount=kr("120 000")),
        _CHURCH_IN_KIND,
    ),
    payment_months="1",
)
AMENDMENT = Money(
    contributions=(
        Row(
            COMMITTEE, MONEY, f"Omsorgsnämndens bidrag per år, höjt genom ändringen ({INVENTED})", amount=kr("150 000")
        ),
        _CHURCH_IN_KIND,
    ),
    payment_months="1",
    money_from=D(2026, 1, 1),  # the years paid before it keep version 1's money
)

# By registry number, as agreements.demo numbers the agreements (a test holds them equal).
DEMO_MONEY = {
    "ÄN 2019-878": RESURSPOOLEN,
    "ON 2018-229": STADSMISSION_MONEY,
    "ÄN 2022-DEMO": RENEWAL,
    "AN DEMO-1": _an(STADSMISSION, "2 080 500", "1 100 000"),
    "AN DEMO-2": _an("Bilda", "897 626", "590 000"),
    "AN DEMO-3": BROMODELLEN,
    "AN DEMO-4": _an("IKF", "454 000", "230 000"),
    "AN DEMO-5": _an("Linköping södra Röda korskrets", "1 077 600", "600 000"),
    "BN DEMO-1": DRAFT,
    "BN DEMO-2": MID_YEAR,
    "ON DEMO-1": AMENDED,
}

# (registry number, version number) → the money of that amendment, entered in its draft.
AMENDED_MONEY = {("ON DEMO-1", 2): AMENDMENT}

# --- Invented: the second municipality, Exempelby kommun (partners.demo.EXEMPELBY) -------------

# Its one agreement (agreements.demo.exempelby), with Resurspoolen, which Linköping shares: the
# committee carries 250 000 of 550 000 kr a year, 45 %, inside the default guideline.
EXEMPELBY_MONEY = {
    "VON DEMO-1": Money(
        contributions=(
            Row(COMMITTEE, MONEY, f"Vård- och omsorgsnämndens bidrag per år ({INVENTED})", amount=kr("250 000")),
            Row(
                "Resurspoolen",
                HOURS,
                f"Volontärer som leder promenadgrupperna ({INVENTED})",
                hours=Decimal("1500"),
                hourly_value=Decimal("200"),
            ),
        ),
        payment_months="1",
    ),
}

# --- Invented payments and one repayment claim ------------------------------------------------

# (registry number, years paid, day of the month paid). The renewal's years from 2024 on
# rest on an OPI not yet entered: no amount, so no payment.
PAYMENTS = [
    ("ÄN 2019-878", range(2020, 2023), 15),
    ("ÄN 2022-DEMO", range(2023, 2027), 15),
    ("ON 2018-229", range(2018, 2019), 10),
    # The invented shapes: every instalment due before the demo's day (2026-11-22).
    ("BN DEMO-2", range(2024, 2027), 25),
    ("ON DEMO-1", range(2024, 2027), 20),
]
REPAYMENT = {
    "registry_number": "ON 2018-229",
    "debtor": HJARTA,  # the språkcafé is Hjärta till hjärta's ("mötesplatser … språkträning")
    "amount": kr("45 000"),
    "reason": "Medel för språkcaféet användes inte under hösten 2018 (påhittat demoexempel).",
    "claimed_on": D(2019, 9, 16),
    "settled_on": D(2019, 10, 31),
}


EXEMPELBY_PAYMENTS = [("VON DEMO-1", range(2025, 2027), 20)]


# --- Entering it through the services -----------------------------------------------------------


def _lock(version):
    """The draft's lock as stored: each service call below claims it anew."""
    version.refresh_from_db(fields=["lock_version", "status"])
    return version.lock_version


def _party(version, name):
    if name is COMMITTEE:
        return version.parties.get(committee__isnull=False)
    return version.parties.get(organisation__name=name)


def add_money(version):
    """Give `version`, a demo draft, the money its agreement has in DEMO_MONEY.

    Meant to be called just before the draft goes to decision. A renewal's draft
    already holds its predecessor's money (agreements.services copies it): it is corrected
    here as a planner would edit it. So is an amendment's draft, to its AMENDED_MONEY. Rows that already say what they should are left alone,
    so calling this twice changes nothing.
    """
    registry_number = version.agreement.registry_number
    if version.agreement.municipality.name == EXEMPELBY["name"]:
        money = EXEMPELBY_MONEY.get(registry_number)
    else:
        money = AMENDED_MONEY.get((registry_number, version.number)) or DEMO_MONEY.get(registry_number)
    if money is None or version.status != Status.DRAFT:
        return
    _set_contributions(version, money.contributions)
    if money.payment_months is not None:
        _set_terms(version, money)
    if money.splits and not version.distributions.exists():
        for split in money.splits:
            services.distribution_add(
                by=None,
                version=version,
                lock_version=_lock(version),
                party=_party(version, split.party),
                period_start=split.start,
                period_end=split.end,
                amount=split.amount,
            )
    version.refresh_from_db()  # the caller goes on with this object: give it the lock as stored


def _set_contributions(version, rows):
    existing = list(version.contributions.order_by("order", "pk"))
    for index, row in enumerate(rows):
        fields = {
            "party": _party(version, row.party),
            "kind": row.kind,
            "description": row.description,
            "amount": row.amount,
            "hours": row.hours,
            "hourly_value": row.hourly_value,
        }
        if index >= len(existing):
            services.contribution_add(by=None, version=version, lock_version=_lock(version), **fields)
        elif any(getattr(existing[index], name) != value for name, value in fields.items()):
            services.contribution_update(by=None, contribution=existing[index], lock_version=_lock(version), **fields)
    for extra in existing[len(rows) :]:
        services.draft_item_remove(by=None, item=extra, lock_version=_lock(version))


def _set_terms(version, money):
    terms = FinanceTerms.objects.filter(version=version).first()
    wanted = (money.indexation_from_year, money.payment_months, money.period_kind, money.money_from)
    if (
        terms is None
        or (terms.indexation_from_year, terms.payment_months, terms.period_kind, terms.money_from) != wanted
    ):
        services.finance_terms_save(
            by=None,
            version=version,
            lock_version=_lock(version),
            indexation_from_year=money.indexation_from_year,
            payment_months=money.payment_months,
            period_kind=money.period_kind,
            money_from=money.money_from,
        )


def _agreement(registry_number, municipality=MUNICIPALITY["name"]):
    return (
        Agreement.objects.filter(municipality__name=municipality, registry_number=registry_number)
        .prefetch_related("versions")
        .first()
    )


def load_payments(registry_number, years, day, *, today, municipality=MUNICIPALITY["name"]):
    """The instalments of `years` that have a known amount and a recipient, paid on `day`
    and booked against them."""
    agreement = _agreement(registry_number, municipality)
    if agreement is None or agreement.payments.exists():
        return
    agreement = with_state(Agreement.objects.filter(pk=agreement.pk)).get()
    load_money([agreement])
    current = state(agreement, today)
    if current.in_force is None:
        return
    for item in series.agreement_series(agreement, current, today=today).instalments:
        if item.year not in years or item.recipient is None or not item.amount:
            continue
        services.payment_register(
            by=None,
            agreement=agreement,
            recipient=item.recipient,
            instalment_due=item.due,
            date=item.due.replace(day=day),
            amount=item.amount,
            reference=PAYMENT_REFERENCE,
            today=today,
        )


def load_repayment(*, today):
    agreement = _agreement(REPAYMENT["registry_number"])
    debtor = Organisation.objects.filter(name=REPAYMENT["debtor"]).first()
    # Only for money actually paid to the debtor: no claim on an agreement without payments.
    if agreement is None or debtor is None or agreement.repayments.exists():
        return
    if not agreement.payments.filter(recipient=debtor).exists():
        return
    claim = services.repayment_claim(
        by=None,
        agreement=agreement,
        debtor=debtor,
        claimed_on=REPAYMENT["claimed_on"],
        amount=REPAYMENT["amount"],
        reason=REPAYMENT["reason"],
        today=today,
    )
    services.repayment_settle(by=None, repayment=claim, settled_on=REPAYMENT["settled_on"], today=today)


def load(*, today):
    """Money for the demo drafts that have none; payments and the claim where none exist."""
    for registry_number in DEMO_MONEY:
        agreement = _agreement(registry_number)
        if agreement is None:
            continue
        draft = state(agreement, today).draft
        if draft is not None and draft.status == Status.DRAFT and not draft.contributions.exists():
            add_money(draft)
    for registry_number, years, day in PAYMENTS:
        load_payments(registry_number, years, day, today=today)
    for registry_number, years, day in EXEMPELBY_PAYMENTS:
        load_payments(registry_number, years, day, today=today, municipality=EXEMPELBY["name"])
    load_repayment(today=today)
