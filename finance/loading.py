"""Loading what the period series reads, for one agreement or many, in a fixed number of
queries: the one loader every reader of money uses before `finance.series`.

The agreements come with their versions (`agreements.state.with_state` or
`agreements.bulk.attach_state(..., finance_terms=True)`); this attaches to the versions the
series reads (the signed ones and the latest) their parties, contributions, split, stated
period amounts and terms, and to each agreement its payments (with what corrections took
back of them) and true-ups. What a caller has loaded already is not loaded again.
"""

from django.db.models import DecimalField, Sum, Value
from django.db.models.functions import Coalesce

from agreements import bulk
from agreements.models import AgreementVersion, Party, Status
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


def _read_by_series(agreement):
    listed = getattr(agreement, "listed_versions", None)
    versions = sorted(listed if listed is not None else agreement.versions.all(), key=lambda v: v.number)
    return [v for v in versions if v.status == Status.SIGNED or v is versions[-1]]


def load_money(agreements, *, payments=True, records=False, true_ups=True):
    """Attach the money of the versions the series reads (and, with `payments`, what was
    paid, and the true-ups acted on unless `true_ups` is False; with `records`, also each
    payment's corrections and the repayment claims, as the finance page lists them)."""
    agreements = list(agreements)
    versions = [version for agreement in agreements for version in _read_by_series(agreement)]
    if versions:
        _attach_versions(versions)
    if payments:
        load_payments(agreements, records=records, true_ups=true_ups)


def _attach_versions(versions):
    pks = [version.pk for version in versions]
    missing = [version for version in versions if not _loaded(version, "parties")]
    if missing:
        rows = Party.objects.filter(version__in=[v.pk for v in missing]).select_related("organisation", "committee")
        bulk.attach(missing, "parties", Party, bulk.by(rows, "version_id"))
    party_of = {party.pk: party for version in versions for party in version.parties.all()}
    for model, name in ((Contribution, "contributions"), (Distribution, "distributions")):
        missing = [version for version in versions if not _loaded(version, name)]
        if not missing:
            continue
        rows = list(model.objects.filter(version__in=[v.pk for v in missing]))
        for row in rows:
            model.party.field.set_cached_value(row, party_of.get(row.party_id))
        bulk.attach(missing, name, model, bulk.by(rows, "version_id"))
    bulk.attach(
        versions, "period_amounts", PeriodAmount, bulk.by(PeriodAmount.objects.filter(version__in=pks), "version_id")
    )
    related = AgreementVersion.finance_terms.related
    unknown = [version for version in versions if not related.is_cached(version)]
    if unknown:
        terms = {row.version_id: row for row in FinanceTerms.objects.filter(version__in=[v.pk for v in unknown])}
        for version in unknown:
            related.set_cached_value(version, terms.get(version.pk))


def load_payments(agreements, *, records=False, true_ups=True):
    pks = [agreement.pk for agreement in agreements]
    rows = Payment.objects.filter(agreement__in=pks).select_related("recipient")
    if records:
        rows = list(rows)
        corrections = PaymentCorrection.objects.filter(payment__agreement__in=pks)
        bulk.attach(rows, "corrections", PaymentCorrection, bulk.by(corrections, "payment_id"))
        repayments = Repayment.objects.filter(agreement__in=pks).select_related("debtor")
        bulk.attach(agreements, "repayments", Repayment, bulk.by(repayments, "agreement_id"))
    else:  # only what corrections took back, summed in the same query
        zero = Value(0, output_field=DecimalField(max_digits=14, decimal_places=2))
        rows = rows.annotate(corrected_sum=Coalesce(Sum("corrections__amount"), zero))
    bulk.attach(agreements, "payments", Payment, bulk.by(rows, "agreement_id"))
    if true_ups:
        rows = TrueUp.objects.filter(agreement__in=pks).select_related("recipient", "repayment")
        bulk.attach(agreements, "true_ups", TrueUp, bulk.by(rows, "agreement_id"))
