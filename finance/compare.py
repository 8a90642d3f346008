"""The money of two versions side by side, for the comparison of versions
(`agreements.compare`): the contributions, the finance terms (with the date from which an
amendment's money applies), the split and the stated period amounts. A group that is the
same in both versions is left out, as an unchanged text is."""

from django.db.models import prefetch_related_objects
from django.utils.text import capfirst

from agreements.compare import ADDED, CHANGED, REMOVED, Row, SectionChange, party_key
from finance.models import Contribution, ContributionKind, Distribution, FinanceTerms, PeriodAmount
from iop.core.formatting import format_amount

EMPTY = "–"


def money_changes(old, new) -> list[SectionChange]:
    prefetch_related_objects([old, new], "contributions", "distributions", "period_amounts", "finance_terms")
    sections = [
        ("contributions", Contribution, _contributions),
        ("terms", FinanceTerms, _terms),
        ("distributions", Distribution, _distributions),
        ("period_amounts", PeriodAmount, _stated),
    ]
    changes = [_section(f"money:{key}", model, rows(old), rows(new)) for key, model, rows in sections]
    return [change for change in changes if change is not None]


def _section(key, model, old_rows, new_rows):
    """Rows matched by key, in the new version's order, then what the new one no longer has."""
    keys = list(new_rows) + [key for key in old_rows if key not in new_rows]
    rows = [
        Row(
            label=(new_rows.get(key) or old_rows[key])[0],
            old=old_rows.get(key, (None, EMPTY))[1],
            new=new_rows.get(key, (None, EMPTY))[1],
        )
        for key in keys
    ]
    if not any(row.changed for row in rows):
        return None
    kind = ADDED if not old_rows else REMOVED if not new_rows else CHANGED
    return SectionChange(key, capfirst(model._meta.verbose_name_plural), kind, rows=rows)


def _parties(version):
    return {party.pk: party for party in version.parties.all()}


def _contributions(version):
    """{(party, kind, n-th of its kind): (label, value)}"""
    parties = _parties(version)
    rows, seen = {}, {}
    for row in sorted(version.contributions.all(), key=lambda row: (row.order, row.pk)):
        party = parties[row.party_id]
        key = (party_key(party), row.kind)
        seen[key] = seen.get(key, 0) + 1
        rows[(*key, seen[key])] = (f"{party.name}: {row.get_kind_display()}", _contribution_value(row))
    return rows


def _contribution_value(row):
    if row.kind == ContributionKind.COMMITMENT:
        return row.description or EMPTY
    if row.kind == ContributionKind.HOURS:
        value = (
            f"{format_amount(row.hours, 'h')} × {format_amount(row.hourly_value)} = {format_amount(row.yearly_value)}"
        )
    else:
        value = format_amount(row.amount) or EMPTY
    return f"{row.description}: {value}" if row.description else value


def _terms(version):
    terms = getattr(version, "finance_terms", None)  # the stored terms, as written
    if terms is None:
        return {}
    values = {
        "period_kind": terms.get_period_kind_display(),
        "indexation_from_year": terms.indexation_from_year,
        "payment_months": terms.payment_months,
        "money_from": terms.money_from.isoformat() if terms.money_from else None,
    }
    return {
        name: (capfirst(FinanceTerms._meta.get_field(name).verbose_name), EMPTY if value in (None, "") else str(value))
        for name, value in values.items()
    }


def _distributions(version):
    parties = _parties(version)
    rows = {}
    for row in sorted(version.distributions.all(), key=lambda row: (row.period_start, row.pk)):
        party = parties[row.party_id]
        label = f"{party.name}, {row.period_start} – {row.period_end}"
        rows[(party_key(party), row.period_start, row.period_end)] = (label, format_amount(row.amount))
    return rows


def _stated(version):
    return {
        row.period_start: (row.period_start.isoformat(), format_amount(row.amount))
        for row in version.period_amounts.all()
    }
