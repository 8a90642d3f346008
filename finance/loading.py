"""Loading what the period series reads, for one agreement or many, in a fixed number of
queries: the one loader every reader of money uses before `finance.series`.

The agreements come with their versions (`agreements.state.with_state` or
`agreements.bulk.attach_state(..., finance_terms=True)`); this attaches to each version its
parties, contributions, split, stated period amounts and terms, and to each agreement its
payments (with their corrections), true-ups and repayment claims.
"""

from agreements import bulk
from agreements.models import AgreementVersion, Party
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


def _loaded(obj, name):
    return name in getattr(obj, "_prefetched_objects_cache", {})


def load_money(agreements, *, payments=True):
    """Attach the money of every version of `agreements` (and, with `payments`, what was paid)."""
    agreements = list(agreements)
    versions = [version for agreement in agreements for version in agreement.versions.all()]
    if not versions:
        return
    pks = [version.pk for version in versions]
    if all(_loaded(version, "parties") for version in versions):
        parties = [party for version in versions for party in version.parties.all()]
    else:
        parties = list(Party.objects.filter(version__in=pks).select_related("organisation", "committee"))
        bulk.attach(versions, "parties", Party, bulk.by(parties, "version_id"))
    party_of = {party.pk: party for party in parties}
    for model, name in ((Contribution, "contributions"), (Distribution, "distributions")):
        rows = list(model.objects.filter(version__in=pks))
        for row in rows:
            model.party.field.set_cached_value(row, party_of.get(row.party_id))
        bulk.attach(versions, name, model, bulk.by(rows, "version_id"))
    bulk.attach(
        versions, "period_amounts", PeriodAmount, bulk.by(PeriodAmount.objects.filter(version__in=pks), "version_id")
    )
    terms = {row.version_id: row for row in FinanceTerms.objects.filter(version__in=pks)}
    related = AgreementVersion.finance_terms.related
    for version in versions:
        related.set_cached_value(version, terms.get(version.pk))
    if payments:
        load_payments(agreements)


def load_payments(agreements):
    pks = [agreement.pk for agreement in agreements]
    rows = list(Payment.objects.filter(agreement__in=pks).select_related("recipient"))
    corrections = PaymentCorrection.objects.filter(payment__agreement__in=pks)
    bulk.attach(rows, "corrections", PaymentCorrection, bulk.by(corrections, "payment_id"))
    bulk.attach(agreements, "payments", Payment, bulk.by(rows, "agreement_id"))
    true_ups = TrueUp.objects.filter(agreement__in=pks).select_related("recipient", "repayment")
    bulk.attach(agreements, "true_ups", TrueUp, bulk.by(true_ups, "agreement_id"))
    repayments = Repayment.objects.filter(agreement__in=pks).select_related("debtor")
    bulk.attach(agreements, "repayments", Repayment, bulk.by(repayments, "agreement_id"))
