"""Writes to the money of an agreement. The contributions, the split and the payment
terms are part of a draft (the draft's lock applies); index values, payments and
repayment claims are records kept by administrators and planners."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.services import claim_draft
from finance.models import Contribution, Distribution, FinanceTerms, IndexValue, Payment, Repayment
from iop.accounts import access
from iop.core.services import require, validated_save

# --- Index values -----------------------------------------------------------------------------


@transaction.atomic
def index_value_save(*, by, index_value=None, **fields) -> IndexValue:
    """Enter a new OPI value, or correct one (a definitive value is entered beside the
    preliminary one of the same year, not over it)."""
    index_value = index_value or IndexValue()
    require(by, access.CHANGE if index_value.pk else access.CREATE, index_value if index_value.pk else IndexValue)
    for name, value in fields.items():
        setattr(index_value, name, value)
    return validated_save(index_value, by=by)


# --- Part of the draft ------------------------------------------------------------------------


@transaction.atomic
def contribution_add(*, by, version, lock_version, **fields) -> Contribution:
    require(by, access.CHANGE, version)
    claim_draft(version, lock_version)
    last = Contribution.objects.filter(version=version).aggregate(last=Max("order"))["last"]
    return validated_save(Contribution(version=version, order=(last or 0) + 1, **fields), by=by)


@transaction.atomic
def contribution_update(*, by, contribution, lock_version, **fields) -> Contribution:
    require(by, access.CHANGE, contribution.version)
    claim_draft(contribution.version, lock_version)
    for name, value in fields.items():
        setattr(contribution, name, value)
    return validated_save(contribution, by=by)


@transaction.atomic
def finance_terms_save(*, by, version, lock_version, indexation_from_year, payment_months) -> FinanceTerms:
    require(by, access.CHANGE, version)
    claim_draft(version, lock_version)
    terms = FinanceTerms.objects.filter(version=version).first() or FinanceTerms(version=version)
    terms.indexation_from_year = indexation_from_year
    terms.payment_months = payment_months
    return validated_save(terms, by=by)


@transaction.atomic
def distribution_add(*, by, version, lock_version, **fields) -> Distribution:
    require(by, access.CHANGE, version)
    claim_draft(version, lock_version)
    return validated_save(Distribution(version=version, **fields), by=by)


@transaction.atomic
def draft_item_remove(*, by, item, lock_version) -> None:
    """Remove a contribution or a distribution row from a draft."""
    require(by, access.CHANGE, item.version)
    claim_draft(item.version, lock_version)
    item._history_user = by
    item.delete()


# --- Payments and repayment claims ------------------------------------------------------------


def _check_recipient(agreement, organisation, field):
    if not agreement.versions.filter(parties__organisation=organisation).exists():
        raise ValidationError({field: _("Choose one of the agreement's partners.")})


@transaction.atomic
def payment_register(*, by, agreement, recipient, date, amount, reference="", today=None) -> Payment:
    """Record money actually paid out to a partner."""
    require(by, access.CHANGE, agreement)
    _check_recipient(agreement, recipient, "recipient")
    if date > (today or timezone.localdate()):
        raise ValidationError({"date": _("A payment cannot be recorded before it is made.")})
    if amount <= 0:
        raise ValidationError({"amount": _("A payment is more than 0 kr.")})
    return validated_save(
        Payment(agreement=agreement, recipient=recipient, date=date, amount=amount, reference=reference), by=by
    )


@transaction.atomic
def repayment_claim(*, by, agreement, debtor, claimed_on, amount, reason, today=None) -> Repayment:
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
def repayment_settle(*, by, repayment, settled_on, today=None) -> Repayment:
    require(by, access.CHANGE, repayment.agreement)
    if repayment.settled_on:
        raise ValidationError(_("The claim is already settled."))
    if settled_on < repayment.claimed_on or settled_on > (today or timezone.localdate()):
        raise ValidationError({"settled_on": _("The claim is settled between the claim and today.")})
    repayment.settled_on = settled_on
    return validated_save(repayment, by=by)


def copy_money(source, target, party_map, *, by) -> None:
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
                version=target, indexation_from_year=terms.indexation_from_year, payment_months=terms.payment_months
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
