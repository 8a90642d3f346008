"""Loading what the period series reads, for one agreement or many, in a fixed number of
queries; `finance.readmodel.load` runs it and gives the money as plain data.

The agreements come with their versions (`agreements.state.with_state` or
`agreements.bulk.attach_state(..., parts=True)`); this attaches to the versions the
series reads (the signed ones and the latest) their parties, contributions, split, stated
period amounts and terms, and to each agreement its payments (with what corrections took
back of them) and true-ups. What a caller has loaded already is not loaded again.
"""

from django.db.models import DateField, DecimalField, IntegerField, Sum, Value
from django.db.models.functions import Coalesce

from agreements import bulk
from agreements.models import AgreementVersion, Party
from finance import series
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


def load_money(agreements, *, payments=True, records=False, true_ups=True):
    """Attach the money of the versions the series reads (and, with `payments`, what was
    paid, and the true-ups acted on unless `true_ups` is False; with `records`, also each
    payment's corrections and the repayment claims, as the finance page lists them)."""
    agreements = list(agreements)
    versions = [version for agreement in agreements for version in series.versions_read(agreement)]
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
    missing = [version for version in versions if not _loaded(version, "contributions")]
    if missing:
        rows = list(Contribution.objects.filter(version__in=[v.pk for v in missing]))
        for row in rows:
            Contribution.party.field.set_cached_value(row, party_of.get(row.party_id))
        bulk.attach(missing, "contributions", Contribution, bulk.by(rows, "version_id"))
    distributions, stated = _splits_and_stated_amounts(pks)
    for row in distributions:
        Distribution.party.field.set_cached_value(row, party_of.get(row.party_id))
    # in the models' own order (a union has none): the last partner of a period takes the rest
    distributions.sort(key=lambda d: (d.version_id, d.period_start, d.party.order if d.party else 0, d.party_id))
    stated.sort(key=lambda row: (row.version_id, row.period_start))
    bulk.attach(versions, "distributions", Distribution, bulk.by(distributions, "version_id"))
    bulk.attach(versions, "period_amounts", PeriodAmount, bulk.by(stated, "version_id"))
    related = AgreementVersion.finance_terms.related
    unknown = [version for version in versions if not related.is_cached(version)]
    if unknown:
        terms = {row.version_id: row for row in FinanceTerms.objects.filter(version__in=[v.pk for v in unknown])}
        for version in unknown:
            related.set_cached_value(version, terms.get(version.pk))


def _splits_and_stated_amounts(pks):
    """The split rows and the stated period amounts of the versions, in one query (a UNION
    of the two small tables, so that every page showing money stays within its query
    budget). The instances are for reading; every field of both models is read back."""
    splits = (
        Distribution.objects.filter(version__in=pks)
        .order_by()
        .values_list("pk", "version_id", "party_id", "period_start", "period_end", "amount", Value("split"))
    )
    stated = (
        PeriodAmount.objects.filter(version__in=pks)
        .order_by()
        .values_list(
            "pk",
            "version_id",
            Value(None, output_field=IntegerField()),
            "period_start",
            Value(None, output_field=DateField()),
            "amount",
            Value("stated"),
        )
    )
    distributions, amounts = [], []
    for pk, version_id, party_id, start, end, amount, kind in splits.union(stated, all=True):
        if kind == "split":
            row = Distribution(
                pk=pk, version_id=version_id, party_id=party_id, period_start=start, period_end=end, amount=amount
            )
            distributions.append(row)
        else:
            row = PeriodAmount(pk=pk, version_id=version_id, period_start=start, amount=amount)
            amounts.append(row)
        row._state.adding, row._state.db = False, "default"  # as if loaded: a row of the database
    return distributions, amounts


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
