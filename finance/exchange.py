"""The money in the JSON exchange of agreements (agreements.exchange, docs/agreement-format.md),
under the key "money": with each version its finance terms, contributions, split and stated
period amounts; with each agreement its payments (with their corrections), repayment claims
and true-ups.

A party of a version is named by its position in the version's parties, as the format names
the owner of a responsibility; a recipient or debtor by organisation number (else name),
and must be one of the agreement's partners. Amounts are text ("933000.00"). The import
checks what the forms and services check, besides the models' own rules, so a file cannot
bring in money the application would refuse: an effective date that is not the first of a
month inside the period, a stated amount for a day no period starts on, a correction that
takes back more than was paid.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from agreements.exchange.export import plain
from agreements.exchange.format import AMOUNT, DATE, NUMBER, OPTIONAL_TEXT, TEXT
from agreements.exchange.importing import at_position, save
from agreements.exchange.reading import Reader, Record
from agreements.models import Party
from finance import services
from finance.models import (
    Contribution,
    Distribution,
    FinanceTerms,
    Payment,
    PaymentCorrection,
    PeriodAmount,
    Repayment,
    TrueUp,
)
from iop.core.formatting import format_amount
from partners.orgnr import normalise_org_number

KEY = "money"

TERMS_FIELDS = {"period_kind": TEXT, "indexation_from_year": NUMBER, "payment_months": TEXT, "money_from": DATE}
CONTRIBUTION_FIELDS = {"kind": TEXT, "description": TEXT, "amount": AMOUNT, "hours": AMOUNT, "hourly_value": AMOUNT}
DISTRIBUTION_FIELDS = {"period_start": DATE, "period_end": DATE, "amount": AMOUNT}
PERIOD_AMOUNT_FIELDS = {"period_start": DATE, "amount": AMOUNT}
PAYMENT_FIELDS = {"instalment_due": DATE, "date": DATE, "amount": AMOUNT, "reference": TEXT}
CORRECTION_FIELDS = {"date": DATE, "amount": AMOUNT, "reason": TEXT}
REPAYMENT_FIELDS = {"claimed_on": DATE, "amount": AMOUNT, "reason": TEXT, "settled_on": DATE}
TRUE_UP_FIELDS = {"instalment_due": DATE, "kind": TEXT, "amount": AMOUNT, "due_on": DATE, "recorded_on": DATE}
# A recipient or debtor: as the format names an organisation, by number and name.
WHO_FIELDS = {"name": TEXT, "org_number": OPTIONAL_TEXT}

VERSION_KEYS = ("terms", "contributions", "distributions", "period_amounts")
AGREEMENT_KEYS = ("payments", "repayments", "true_ups")


# --- Export -----------------------------------------------------------------------------------


def export_version(version, parties) -> dict:
    position = {party.pk: index for index, party in enumerate(parties)}
    return {
        "terms": plain(getattr(version, "finance_terms", None), TERMS_FIELDS),
        "contributions": [
            {"party": position[row.party_id], **plain(row, CONTRIBUTION_FIELDS)}
            for row in sorted(version.contributions.all(), key=lambda row: (row.order, row.pk))
        ],
        "distributions": [
            {"party": position[row.party_id], **plain(row, DISTRIBUTION_FIELDS)}
            for row in sorted(
                version.distributions.all(), key=lambda row: (row.period_start, position[row.party_id], row.pk)
            )
        ],
        "period_amounts": [
            plain(row, PERIOD_AMOUNT_FIELDS)
            for row in sorted(version.period_amounts.all(), key=lambda r: r.period_start)
        ],
    }


def export_agreement(agreement) -> dict:
    repayments = sorted(agreement.repayments.all(), key=lambda row: (row.claimed_on, row.pk))
    repayment_position = {row.pk: index for index, row in enumerate(repayments)}
    return {
        "payments": [
            {
                "recipient": _who(payment.recipient),
                **plain(payment, PAYMENT_FIELDS),
                "corrections": [
                    plain(row, CORRECTION_FIELDS)
                    for row in sorted(payment.corrections.all(), key=lambda row: (row.date, row.pk))
                ],
            }
            for payment in sorted(agreement.payments.all(), key=lambda row: (row.date, row.pk))
        ],
        "repayments": [{"debtor": _who(row.debtor), **plain(row, REPAYMENT_FIELDS)} for row in repayments],
        # A true-up that became a repayment claim names it by its position in the list above.
        "true_ups": [
            {
                "recipient": _who(row.recipient),
                **plain(row, TRUE_UP_FIELDS),
                "repayment": repayment_position.get(row.repayment_id),
            }
            for row in sorted(agreement.true_ups.all(), key=lambda row: (row.instalment_due, row.pk))
        ],
    }


def _who(organisation):
    return {"name": organisation.name, "org_number": organisation.org_number}


# --- Import: reading ----------------------------------------------------------------------------


@dataclass
class _Item:
    """A record of the document with what it points at: a party's position, a repayment
    claim's position, a recipient, the corrections of a payment."""

    record: Record
    party: int | None = None
    who: Record | None = None
    repayment: int | None = None
    corrections: list | None = None


@dataclass
class _VersionMoney:
    terms: Record | None
    contributions: list
    distributions: list
    period_amounts: list


@dataclass
class _AgreementMoney:
    payments: list
    repayments: list
    true_ups: list


def read_version(reader: Reader, at, value, party_count) -> _VersionMoney | None:
    data = reader.object(at, value, VERSION_KEYS, optional=True)
    if data is None:
        return None
    return _VersionMoney(
        terms=reader.record(f"{at}.terms", data.get("terms"), TERMS_FIELDS, optional=True),
        contributions=_items_of_parties(
            reader, f"{at}.contributions", data.get("contributions"), CONTRIBUTION_FIELDS, party_count
        ),
        distributions=_items_of_parties(
            reader, f"{at}.distributions", data.get("distributions"), DISTRIBUTION_FIELDS, party_count
        ),
        period_amounts=[
            _Item(record)
            for record in _records(reader, f"{at}.period_amounts", data.get("period_amounts"), PERIOD_AMOUNT_FIELDS)
        ],
    )


def _records(reader, at, value, fields):
    records = [reader.record(f"{at}[{i}]", item, fields) for i, item in enumerate(reader.list(at, value))]
    return [record for record in records if record is not None]


def _items_of_parties(reader, at, value, fields, party_count):
    items = []
    for i, item in enumerate(reader.list(at, value)):
        where = f"{at}[{i}]"
        data = reader.object(where, item, ("party", *fields))
        if data is None:
            continue
        party = data.get("party")
        if not (_is_integer(party) and 0 <= party < party_count):
            reader.problem(
                f"{where}.party",
                _("expected the position of one of the version's parties (0 to %(last)s)") % {"last": party_count - 1},
            )
        items.append(_Item(Record(where, reader.fields(where, data, fields)), party=party))
    return items


def read_agreement(reader: Reader, at, value) -> _AgreementMoney | None:
    data = reader.object(at, value, AGREEMENT_KEYS, optional=True)
    if data is None:
        return None
    payments = []
    for i, item in enumerate(reader.list(f"{at}.payments", data.get("payments"))):
        where = f"{at}.payments[{i}]"
        fields = reader.object(where, item, ("recipient", *PAYMENT_FIELDS, "corrections"))
        if fields is not None:
            corrections = _records(reader, f"{where}.corrections", fields.get("corrections"), CORRECTION_FIELDS)
            payment = _Item(Record(where, reader.fields(where, fields, PAYMENT_FIELDS)), corrections=corrections)
            payment.who = _read_who(reader, f"{where}.recipient", fields.get("recipient"))
            payments.append(payment)
    listed = reader.list(f"{at}.repayments", data.get("repayments"))
    repayments = _items_with_who(reader, f"{at}.repayments", listed, "debtor", REPAYMENT_FIELDS)
    true_ups = _items_with_who(
        reader, f"{at}.true_ups", data.get("true_ups"), "recipient", TRUE_UP_FIELDS, extra=("repayment",)
    )
    count = len(listed)
    for item, raw in true_ups:
        position = raw.get("repayment")
        if position is not None and not (_is_integer(position) and 0 <= position < count):
            reader.problem(
                f"{item.record.at}.repayment",
                _("expected the position of one of the agreement's repayment claims, counting from 0, or null"),
            )
        item.repayment = position
    return _AgreementMoney(
        payments=payments, repayments=[item for item, _raw in repayments], true_ups=[item for item, _raw in true_ups]
    )


def _items_with_who(reader, at, value, who_key, fields, extra=()):
    items = []
    for i, item in enumerate(reader.list(at, value)):
        where = f"{at}[{i}]"
        data = reader.object(where, item, (who_key, *fields, *extra))
        if data is not None:
            read = _Item(Record(where, reader.fields(where, data, fields)))
            read.who = _read_who(reader, f"{where}.{who_key}", data.get(who_key))
            items.append((read, data))
    return items


def _read_who(reader, at, value):
    record = reader.record(at, value, WHO_FIELDS)
    number = record.fields.get("org_number") if record else None
    if number:
        try:
            record.fields["org_number"] = normalise_org_number(number)
        except ValidationError as error:
            for message in error.messages:
                reader.problem(f"{at}.org_number", message)
    return record


def _is_integer(value):
    return isinstance(value, int) and not isinstance(value, bool)


# --- Import: writing ----------------------------------------------------------------------------


def write_version(version, money: _VersionMoney | None, parties, *, by) -> None:
    """Called while the version is still a draft: a signed version's money comes with it."""
    if money is None:
        return
    for order, item in enumerate(money.contributions, start=1):
        contribution = Contribution(version=version, party=parties[item.party], order=order, **item.record.fields)
        save(contribution, at=item.record.at, by=by)
    if money.terms is not None:
        with at_position(money.terms.at):  # the services' rules, named at the file's position
            services.check_money_from(version, money.terms.fields.get("money_from"))
        save(FinanceTerms(version=version, **money.terms.fields), at=money.terms.at, by=by)
    for item in money.distributions:
        save(Distribution(version=version, party=parties[item.party], **item.record.fields), at=item.record.at, by=by)
    for item in money.period_amounts:
        fields = item.record.fields
        if fields.get("period_start") is not None:
            with at_position(item.record.at):
                services.check_stated_amount(version, fields["period_start"], fields.get("amount"))
        save(PeriodAmount(version=version, **item.record.fields), at=item.record.at, by=by)


def write_agreement(agreement, money: _AgreementMoney | None, *, by) -> None:
    if money is None:
        return
    partners = _partners(agreement)
    for item in money.payments:
        fields = item.record.fields
        payment = Payment(agreement=agreement, recipient=_partner(partners, item, "recipient"), **fields)
        with at_position(item.record.at):
            if fields.get("amount") is not None and fields["amount"] <= 0:
                raise ValidationError({"amount": _("expected more than 0 kr")})
        # A payment recorded before payments were booked against instalments has none.
        save(payment, at=item.record.at, by=by, exclude=["instalment_due"] if payment.instalment_due is None else None)
        left = payment.amount
        for correction in item.corrections:
            amount = correction.fields.get("amount")
            with at_position(correction.at):
                if amount is not None and amount <= 0:
                    raise ValidationError({"amount": _("expected more than 0 kr")})
                if amount is not None and amount > left:
                    raise ValidationError(
                        {
                            "amount": _("more than is left of the payment to correct: at most %(amount)s")
                            % {"amount": format_amount(left)}
                        }
                    )
            save(PaymentCorrection(payment=payment, **correction.fields), at=correction.at, by=by)
            left -= amount
    repayments = []
    for item in money.repayments:
        repayment = Repayment(agreement=agreement, debtor=_partner(partners, item, "debtor"), **item.record.fields)
        repayments.append(save(repayment, at=item.record.at, by=by))
    for item in money.true_ups:
        repayment = repayments[item.repayment] if item.repayment is not None else None
        true_up = TrueUp(
            agreement=agreement,
            recipient=_partner(partners, item, "recipient"),
            repayment=repayment,
            **item.record.fields,
        )
        save(true_up, at=item.record.at, by=by)


def _partners(agreement):
    parties = Party.objects.filter(version__agreement=agreement, organisation__isnull=False).select_related(
        "organisation"
    )
    return list({party.organisation_id: party.organisation for party in parties}.values())


def _partner(partners, item, key):
    """The partner the item names: by organisation number when given, else by name."""
    number, name = item.who.fields.get("org_number"), item.who.fields.get("name")
    for organisation in partners:
        if (organisation.org_number == number) if number else (organisation.name == name):
            return organisation
    with at_position(item.record.at):
        raise ValidationError({key: _("expected one of the agreement's partners")})


# What export_version and export_agreement read, loaded with the agreements in bulk.
VERSION_RELATED = ("finance_terms",)
VERSION_PREFETCH = ("contributions", "distributions", "period_amounts")


def agreement_prefetch():
    return (
        Prefetch("payments", queryset=Payment.objects.select_related("recipient").prefetch_related("corrections")),
        Prefetch("repayments", queryset=Repayment.objects.select_related("debtor")),
        Prefetch("true_ups", queryset=TrueUp.objects.select_related("recipient")),
    )
