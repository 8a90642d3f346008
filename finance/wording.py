"""The amounts and dates an agreement's texts name, checked against its figures.

The printed agreement states the money from the figures (agreements.document); the
economy and conditions texts keep what the figures cannot say. A text may still name an
amount or a date, but before the draft goes to decision each must be one of its figures:
an amount one of its contributions, yearly or period amounts, split or totals; a date its
start or end (or the end after an extension), the decision deadline, a period's start or
end, a bound of the split, a due date, the first day of indexation or the day an
amendment's money applies. Anything else is a fact the text and the figures disagree on.
"""

import datetime
import re
from decimal import Decimal

from django.utils.translation import gettext as _

from finance import figures, readmodel, series
from iop.core.dates import extend_period

CHECKED_TEXTS = ("economy", "conditions")

# "933 000 kr", "1 800 000 kronor", "933000 kr", "1.800.000 kr", "12,5 tkr", "1,8 miljoner kronor".
# A year just before an amount is not read as part of it. At most six groups of thousands:
# a bounded pattern reads any text in linear time.
AMOUNT = re.compile(
    r"(?<![\d,.])(?P<number>\d{1,3}(?:[ .\u00a0\u202f]\d{3}){1,6}|\d+)(?:,(?P<decimals>\d{1,3}))?(?!\d)\s*"
    r"(?P<unit>miljoner kronor|miljon kronor|mnkr\b|mkr\b|tkr\b|kronor\b|kr\b|sek\b|:-)",
    re.IGNORECASE,
)
DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
SCALE = {"miljoner kronor": 1_000_000, "miljon kronor": 1_000_000, "mnkr": 1_000_000, "mkr": 1_000_000, "tkr": 1000}


def _amount(match) -> Decimal:
    number = re.sub(r"[ .\u00a0\u202f]", "", match["number"])
    value = Decimal(f"{number}.{match['decimals']}" if match["decimals"] else number)
    return value * SCALE.get(match["unit"].lower(), 1)


def _date(match) -> datetime.date | None:
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None  # not a real date: no figure is that day


def named(text) -> list[tuple[str, str, object]]:
    """[("amount" or "date", as written, value)] in the order `text` names them."""
    found = [(m.start(), "amount", m.group(0).strip(), _amount(m)) for m in AMOUNT.finditer(text or "")]
    found += [(m.start(), "date", m.group(0), _date(m)) for m in DATE.finditer(text or "")]
    return [(kind, written, value) for _at, kind, written, value in sorted(found, key=lambda row: row[0])]


# --- The figures ------------------------------------------------------------------------------


def version_money(version):
    """`version` as loaded for the period series, and its money series (the agreement's
    money as this version makes it, payments left out): `readmodel.version_money` as a pair."""
    printed = readmodel.version_money(version)
    return printed.version, printed.series


def _versions(money, version):
    """The money of the versions the series holds, and of `version` itself."""
    found = {period.version.pk: period.version for period in money.periods}
    found[version.pk] = readmodel.of_version(version)
    return list(found.values())


def amounts_of(version, money) -> set[Decimal]:
    amounts = set()
    for item in _versions(money, version):
        for contribution in item.contributions:
            amounts.update((contribution.amount, contribution.hourly_value, contribution.yearly_value))
        amounts.update(value for _party, value in figures.party_shares(item))
        base = figures.municipal_base(item)
        amounts.update(
            (base, figures.valued_contributions(item, public=True), figures.valued_contributions(item, public=False))
        )
        first = figures.scope(item, item.start_date.year if item.start_date else 0, money=base)
        amounts.update((first.total, first.municipal, first.partners))
        rows = item.split
        amounts.update(row.amount for row in rows)
        for bounds in {(row.period_start, row.period_end) for row in rows}:
            amounts.add(sum((row.amount for row in rows if (row.period_start, row.period_end) == bounds), Decimal(0)))
        amounts.update(row.amount for row in item.stated)
    for period in money.periods:
        amounts.update((period.base, period.yearly, period.amount))
        amounts.update(amount for _recipient, amount in period.split)
        amounts.update(instalment.amount for instalment in period.instalments)
    for year in money.years:
        scope = series.year_scope(money, version, year)
        amounts.update((money.amount_in_year(year), scope.total, scope.municipal, scope.partners))
    amounts.add(money.total)
    amounts.update(amount for _recipient, amount in money.total_per_recipient())
    amounts.discard(None)
    return amounts


def dates_of(version, money) -> set[datetime.date]:
    days = {version.start_date, version.end_date, version.decision_deadline}
    if version.end_date and version.extension_months:
        days.update(
            extend_period(version.end_date, version.extension_months * times)
            for times in range(1, (version.extension_count or 0) + 1)
        )
    for item in _versions(money, version):
        days.update(row.period_start for row in item.split)
        days.update(row.period_end for row in item.split)
        terms = series.terms_of(item)
        if terms is not None:
            days.add(terms.money_from)
            if terms.indexation_from_year:
                days.add(datetime.date(terms.indexation_from_year, 1, 1))
    for period in money.periods:
        days.update((period.start, period.end, period.span.nominal_start, period.span.nominal_end))
        days.update(instalment.due for instalment in period.instalments)
    days.discard(None)
    return days


# --- The check ----------------------------------------------------------------------------------


def text_problems(version, money_of=version_money) -> list[str]:
    """What the draft's economy and conditions texts name that its figures do not give;
    `money_of(version)` loads the figures as `version_money` does."""
    texts = [(name, getattr(version, name)) for name in CHECKED_TEXTS if getattr(version, name)]
    said = [(name, named(text)) for name, text in texts]
    if not any(found for _name, found in said):
        return []
    loaded, money = money_of(version)
    has_money = bool(list(loaded.contributions.all()))  # without figures there is nothing to disagree with
    has_period = bool(loaded.start_date and loaded.end_date)  # a missing period is a problem of its own
    amounts = amounts_of(loaded, money) if has_money else set()
    days = dates_of(loaded, money) if has_period else set()
    problems = []
    for name, found in said:
        field = version._meta.get_field(name).verbose_name
        for kind, written, value in found:
            if kind == "amount" and has_money and value not in amounts:
                problem = _(
                    "The text “%(field)s” names %(amount)s, which is none of the agreement's amounts (contributions, "
                    "amounts per year and period, split, totals). The printed agreement states the money from the "
                    "figures: correct the figures or the text."
                ) % {"field": field, "amount": written}
            elif kind == "date" and has_period and value not in days:
                problem = _(
                    "The text “%(field)s” names %(date)s, which is none of the agreement's dates (start, end, "
                    "extension, decision deadline, periods, split, indexation, the day an amendment's money "
                    "applies): correct the dates or the text."
                ) % {"field": field, "date": written}
            else:
                continue
            if problem not in problems:
                problems.append(problem)
    return problems
