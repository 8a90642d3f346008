"""Writes to the money of an agreement. The contributions, the split and the payment
terms are part of a draft (the draft's lock applies); index values, payments and
repayment claims are records kept by administrators and planners."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement, AgreementVersion, Party, Status
from agreements.services import claim_draft, locked_agreement
from agreements.state import state, with_state
from finance import series
from finance.loading import load_money
from finance.models import (
    Contribution,
    DefaultTerms,
    Distribution,
    FinanceTerms,
    IndexValue,
    Payment,
    PaymentCorrection,
    PeriodAmount,
    Repayment,
    TrueUp,
)
from iop.accounts import access
from iop.accounts.models import User
from iop.core.dates import add_months, month_end
from iop.core.formatting import format_amount
from iop.core.services import locked, require, validated_save
from partners.models import Municipality, Organisation

# --- A municipality's default payment terms ---------------------------------------------------


@transaction.atomic
def default_terms_save(*, by: User | None, municipality: Municipality, period_kind: str, payment_months: str):
    """Keep the payment terms each new agreement of the municipality starts with."""
    require(by, access.CHANGE, municipality)
    locked(municipality)  # one row per municipality: two first saves do not both create it
    terms = DefaultTerms.objects.filter(municipality=municipality).first() or DefaultTerms(municipality=municipality)
    terms.period_kind, terms.payment_months = period_kind, payment_months
    return validated_save(terms, by=by)


def terms_from_defaults(version: AgreementVersion, *, by: User | None) -> FinanceTerms | None:
    """A new agreement's first draft starts with its municipality's payment terms, when it
    has some and the draft (a copy) has none yet."""
    defaults = DefaultTerms.objects.filter(municipality=version.agreement.municipality_id).first()
    if defaults is None or FinanceTerms.objects.filter(version=version).exists():
        return None
    terms = FinanceTerms(version=version, period_kind=defaults.period_kind, payment_months=defaults.payment_months)
    return validated_save(terms, by=by)


# --- Index values -----------------------------------------------------------------------------


@transaction.atomic
def index_value_save(*, by: User | None, index_value: IndexValue | None = None, **fields: Any) -> IndexValue:
    """Enter a new OPI value, or correct one (a definitive value is entered beside the
    preliminary one of the same year, not over it)."""
    index_value = index_value or IndexValue()
    require(by, access.CHANGE if index_value.pk else access.CREATE, index_value if index_value.pk else IndexValue)
    for name, value in fields.items():
        setattr(index_value, name, value)
    return validated_save(index_value, by=by)


# --- Part of the draft ------------------------------------------------------------------------


@transaction.atomic
def contribution_add(*, by: User | None, version: AgreementVersion, lock_version: int, **fields: Any) -> Contribution:
    require(by, access.CHANGE, version)
    claim_draft(version, lock_version)
    last = Contribution.objects.filter(version=version).aggregate(last=Max("order"))["last"]
    return validated_save(Contribution(version=version, order=(last or 0) + 1, **fields), by=by)


@transaction.atomic
def contribution_update(
    *, by: User | None, contribution: Contribution, lock_version: int, **fields: Any
) -> Contribution:
    require(by, access.CHANGE, contribution.version)
    claim_draft(contribution.version, lock_version)
    for name, value in fields.items():
        setattr(contribution, name, value)
    return validated_save(contribution, by=by)


@transaction.atomic
def finance_terms_save(
    *,
    by: User | None,
    version: AgreementVersion,
    lock_version: int,
    indexation_from_year: int | None,
    payment_months: str,
    period_kind: str | None = None,
    money_from: datetime.date | None = None,
) -> FinanceTerms:
    require(by, access.CHANGE, version)
    claim_draft(version, lock_version)
    check_money_from(version, money_from)
    terms = FinanceTerms.objects.filter(version=version).first() or FinanceTerms(version=version)
    terms.indexation_from_year = indexation_from_year
    terms.payment_months = payment_months
    terms.period_kind = period_kind or terms.period_kind
    terms.money_from = money_from
    return validated_save(terms, by=by)


def check_money_from(version: AgreementVersion, money_from: datetime.date | None) -> None:
    """An amendment's money applies from the first of a month inside its period, not before
    the previous version's, and never to a period already paid. (Also the import's rule.)"""
    if money_from is None:
        return
    signed = list(version.agreement.versions.filter(status=Status.SIGNED, number__lt=version.number))
    if not signed:
        raise ValidationError({"money_from": _("Only an amendment has a date from which its money applies.")})
    if money_from.day != 1:
        raise ValidationError({"money_from": _("The money of an amendment applies from the first day of a month.")})
    if (version.start_date and money_from < version.start_date) or (version.end_date and money_from > version.end_date):
        raise ValidationError({"money_from": _("The date must lie within the agreement's period.")})
    agreement = with_state(Agreement.objects.filter(pk=version.agreement_id)).get()
    load_money([agreement])
    previous = series.money_versions(agreement)
    starts = [series.effective_from(v, previous[i - 1] if i else None) for i, v in enumerate(previous)]
    if starts and starts[-1] and money_from < starts[-1]:
        raise ValidationError(
            {
                "money_from": _("The date cannot come before the previous version's money applies (%(date)s).")
                % {"date": starts[-1]}
            }
        )
    paid = [
        item.period.end for item in series.agreement_series(agreement, state(agreement)).instalments if item.payments
    ]
    if paid and money_from <= max(paid):
        raise ValidationError(
            {
                "money_from": _(
                    "Money already paid is never rewritten: choose a date after %(date)s, the end of the last period paid."
                )
                % {"date": max(paid)}
            }
        )


def check_stated_amount(version: AgreementVersion, period_start: datetime.date, amount: Decimal) -> None:
    """A stated amount is for a day one of `version`'s periods starts on (in the series as
    the version makes it), is not negative, and at most twice the yearly amount. (Also the
    import's rule.)"""
    agreement = with_state(Agreement.objects.filter(pk=version.agreement_id)).get()
    load_money([agreement], payments=False)
    version = next(v for v in agreement.versions.all() if v.pk == version.pk)
    draft_series = series.agreement_series(agreement, state(agreement), upto=version, money=False)
    own = [period for period in draft_series.periods if period.version.pk == version.pk]
    period = next((p for p in own if p.start == period_start), None)
    if period is None:
        starts = ", ".join(str(p.start) for p in own)
        raise ValidationError(
            {
                "period_start": _("Choose the first day of one of the agreement's periods: %(starts)s.")
                % {"starts": starts}
            }
        )
    if amount is not None and amount < 0:
        raise ValidationError({"amount": _("An amount cannot be negative.")})
    if period.yearly and amount is not None and amount > 2 * period.yearly:
        raise ValidationError(
            {
                "amount": _("A period's amount can be at most twice the yearly amount (%(yearly)s): check the figure.")
                % {"yearly": format_amount(period.yearly)}
            }
        )


@transaction.atomic
def period_amount_save(
    *, by: User | None, version: AgreementVersion, lock_version: int, period_start: datetime.date, amount: Decimal
) -> PeriodAmount:
    """State the committee's money for one period instead of the pro-rated amount."""
    require(by, access.CHANGE, version)
    claim_draft(version, lock_version)
    check_stated_amount(version, period_start, amount)
    row = PeriodAmount.objects.filter(version=version, period_start=period_start).first()
    row = row or PeriodAmount(version=version, period_start=period_start)
    row.amount = amount
    return validated_save(row, by=by)


@transaction.atomic
def distribution_add(*, by: User | None, version: AgreementVersion, lock_version: int, **fields: Any) -> Distribution:
    require(by, access.CHANGE, version)
    claim_draft(version, lock_version)
    return validated_save(Distribution(version=version, **fields), by=by)


@transaction.atomic
def draft_item_remove(*, by: User | None, item: Contribution | Distribution | PeriodAmount, lock_version: int) -> None:
    """Remove a contribution, a distribution row or a stated period amount from a draft."""
    require(by, access.CHANGE, item.version)
    claim_draft(item.version, lock_version)
    item._history_user = by
    item.delete()


# --- Payments and repayment claims ------------------------------------------------------------


def _check_recipient(agreement, organisation, field):
    if not agreement.versions.filter(parties__organisation=organisation).exists():
        raise ValidationError({field: _("Choose one of the agreement's partners.")})


def _series_of(agreement, today=None):
    agreement = with_state(Agreement.objects.filter(pk=agreement.pk)).get()
    load_money([agreement])
    return series.agreement_series(agreement, state(agreement, today), today=today)


@transaction.atomic
def payment_register(
    *,
    by: User | None,
    agreement: Agreement,
    recipient: Organisation,
    date: datetime.date,
    amount: Decimal,
    instalment_due: datetime.date | None = None,
    reference: str = "",
    form_token: str | None = None,
    today: datetime.date | None = None,
) -> Payment:
    """Record money actually paid out to a partner, against one of its instalments (by
    default the recipient's instalment of the period that contains the payment date)."""
    require(by, access.CHANGE, agreement)
    locked_agreement(agreement)  # what was paid is checked and added to one write at a time
    _check_recipient(agreement, recipient, "recipient")
    today = today or timezone.localdate()
    if date > today:
        raise ValidationError({"date": _("A payment cannot be recorded before it is made.")})
    if amount <= 0:
        raise ValidationError({"amount": _("A payment is more than 0 kr.")})
    if form_token is not None and Payment.objects.filter(form_token=form_token).exists():
        raise ValidationError(_("This form was already sent: the payment is recorded once."), code="duplicate")
    money = _series_of(agreement, today)
    if instalment_due is None:
        instalment = _instalment_for_date(money, recipient, date)
        if instalment is None:
            raise ValidationError({"instalment_due": _("Choose the instalment the payment pays.")})
    else:
        instalment = next(
            (item for item in money.instalments if item.due == instalment_due and _payable_to(item, recipient)), None
        )
        if instalment is None and any(item.due == instalment_due for item in money.instalments):
            raise ValidationError(
                {"instalment_due": _("That instalment is not %(recipient)s's.") % {"recipient": recipient}}
            )
        if instalment is None:
            raise ValidationError({"instalment_due": _("Choose one of this agreement's instalments.")})
    duplicate = Payment.objects.filter(
        agreement=agreement,
        recipient=recipient,
        instalment_due=instalment.due,
        date=date,
        amount=amount,
        reference=reference,
    )
    if duplicate.exists():
        raise ValidationError(
            _("This payment is already recorded (same recipient, instalment, date, amount and reference)."),
            code="duplicate",
        )
    return validated_save(
        Payment(
            agreement=agreement,
            recipient=recipient,
            instalment_due=instalment.due,
            date=date,
            amount=amount,
            reference=reference,
            form_token=form_token,
        ),
        by=by,
    )


def _payable_to(instalment, recipient):
    """The recipient's own instalment, or one whose split is not decided (any partner's)."""
    return instalment.recipient is None or instalment.recipient == recipient


def _instalment_for_date(money, recipient, date):
    """The recipient's instalment of the period that contains `date`; else its nearest open one."""
    mine = [item for item in money.instalments if _payable_to(item, recipient)]
    inside = [item for item in mine if item.period.start <= date <= item.period.end]
    if inside:
        return min(inside, key=lambda item: abs((item.due - date).days))
    open_items = [item for item in mine if item.outstanding > 0]
    return min(open_items or mine, key=lambda item: abs((item.due - date).days), default=None)


@transaction.atomic
def payment_correct(
    *,
    by: User | None,
    payment: Payment,
    amount: Decimal,
    reason: str,
    date: datetime.date | None = None,
    today: datetime.date | None = None,
) -> PaymentCorrection:
    """Take back (part of) a payment registered by mistake: a counter-entry with a reason;
    the payment itself is never edited or deleted."""
    require(by, access.CHANGE, payment.agreement)
    payment = locked(payment)
    today = today or timezone.localdate()
    date = date or today
    if amount <= 0:
        raise ValidationError({"amount": _("A correction is more than 0 kr.")})
    if amount > payment.net:
        raise ValidationError(
            {
                "amount": _("At most %(amount)s is left of this payment to correct.")
                % {"amount": format_amount(payment.net)}
            }
        )
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the payment is corrected.")})
    if date < payment.date or date > today:
        raise ValidationError({"date": _("A correction is dated between the payment and today.")})
    return validated_save(PaymentCorrection(payment=payment, amount=amount, reason=reason.strip(), date=date), by=by)


@transaction.atomic
def true_up_record(
    *,
    by: User | None,
    agreement: Agreement,
    recipient: Organisation,
    instalment_due: datetime.date,
    today: datetime.date | None = None,
) -> TrueUp:
    """Act on the true-up of one instalment paid on a preliminary OPI: a claw-back becomes
    a repayment claim, a top-up an amount due again by the end of next month."""
    require(by, access.CHANGE, agreement)
    locked_agreement(agreement)  # what was paid is checked and added to one write at a time
    today = today or timezone.localdate()
    money = _series_of(agreement, today)
    correction = next(
        (c for c in money.corrections if c.instalment.due == instalment_due and c.recipient == recipient), None
    )
    if correction is None:
        raise ValidationError(_("There is no true-up to record for this instalment (already recorded?)."))
    difference = correction.difference
    true_up = TrueUp(
        agreement=agreement,
        recipient=recipient,
        instalment_due=instalment_due,
        kind=correction.kind,
        amount=abs(difference),
        recorded_on=today,
    )
    year = correction.instalment.period.span.nominal_start.year
    if difference < 0:
        true_up.repayment = validated_save(
            Repayment(
                agreement=agreement,
                debtor=recipient,
                claimed_on=today,
                amount=-difference,
                reason=_(
                    "True-up after the definitive OPI: the instalment due %(due)s (%(year)s) was paid on a "
                    "preliminary OPI."
                )
                % {"due": instalment_due, "year": year},
            ),
            by=by,
        )
    else:
        following = add_months(today.replace(day=1), 1)
        true_up.due_on = month_end(following)
    return validated_save(true_up, by=by)


@transaction.atomic
def repayment_claim(
    *,
    by: User | None,
    agreement: Agreement,
    debtor: Organisation,
    claimed_on: datetime.date,
    amount: Decimal,
    reason: str,
    today: datetime.date | None = None,
) -> Repayment:
    """Claim back money not used for its purpose."""
    require(by, access.CHANGE, agreement)
    _check_recipient(agreement, debtor, "debtor")
    if claimed_on > (today or timezone.localdate()):
        raise ValidationError({"claimed_on": _("The claim cannot be dated in the future.")})
    if amount <= 0:
        raise ValidationError({"amount": _("A claim is more than 0 kr.")})
    return validated_save(
        Repayment(agreement=agreement, debtor=debtor, claimed_on=claimed_on, amount=amount, reason=reason), by=by
    )


@transaction.atomic
def repayment_settle(
    *, by: User | None, repayment: Repayment, settled_on: datetime.date, today: datetime.date | None = None
) -> Repayment:
    require(by, access.CHANGE, repayment.agreement)
    repayment = locked(repayment)  # settled once, also when sent twice
    if repayment.settled_on:
        raise ValidationError(_("The claim is already settled."))
    if settled_on < repayment.claimed_on or settled_on > (today or timezone.localdate()):
        raise ValidationError({"settled_on": _("The claim is settled between the claim and today.")})
    repayment.settled_on = settled_on
    return validated_save(repayment, by=by)


def copy_money(
    source: AgreementVersion, target: AgreementVersion, party_map: dict[int, Party], *, by: User | None
) -> None:
    """Copy the contributions, terms and split of `source` into `target` (a new draft)."""
    for contribution in source.contributions.all():
        validated_save(
            Contribution(
                version=target,
                party=party_map[contribution.party_id],
                kind=contribution.kind,
                description=contribution.description,
                amount=contribution.amount,
                hours=contribution.hours,
                hourly_value=contribution.hourly_value,
                order=contribution.order,
            ),
            by=by,
        )
    terms = FinanceTerms.objects.filter(version=source).first()
    if terms and not FinanceTerms.objects.filter(version=target).exists():
        validated_save(
            FinanceTerms(
                version=target,
                indexation_from_year=terms.indexation_from_year,
                payment_months=terms.payment_months,
                period_kind=terms.period_kind,
            ),
            by=by,
        )
    for row in source.distributions.all():
        # A renewal has a new period: a split of the old one does not carry over.
        if (target.start_date and row.period_start < target.start_date) or (
            target.end_date and row.period_end > target.end_date
        ):
            continue
        validated_save(
            Distribution(
                version=target,
                party=party_map[row.party_id],
                period_start=row.period_start,
                period_end=row.period_end,
                amount=row.amount,
            ),
            by=by,
        )
    for row in source.period_amounts.all():
        if (target.start_date and row.period_start < target.start_date) or (
            target.end_date and row.period_start > target.end_date
        ):
            continue
        validated_save(PeriodAmount(version=target, period_start=row.period_start, amount=row.amount), by=by)
