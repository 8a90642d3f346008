"""The money as the printed agreement states it (the "Economy" chapter of
agreements/pdf/agreement.html, and of the Word document, agreements.word): the contributions per year, sentences saying how the
money is counted, raised and paid, and the committee's money over the whole period, all
from the figures. The economy text of the agreement says what the figures cannot.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from finance import figures, periods, series
from finance.models import ContributionKind
from iop.core.formatting import format_amount


@dataclass
class PrintedMoney:
    """What the template prints of a version's money."""

    template = "finance/pdf_money.html"
    contributions: list  # the version's contributions, in their order
    total: Decimal | None  # the total economic scope per year
    sentences: list[str] = field(default_factory=list)
    recipients: list = field(default_factory=list)  # (name, amount or None) per recipient; [] when one sentence says it
    recipients_caption: str = ""
    period_total: Decimal | None = None  # the committee's money over the whole period

    def write_docx(self, writer):
        """The same money in the Word document (agreements.word calls it in Economy)."""
        docx_money(self, writer)


def _month_names():
    return [formats.date_format(datetime.date(2000, month, 1), "F") for month in range(1, 13)]


def _payment_text(months):
    names = _month_names()
    if months == [1] or len(months) == 1:
        return _("Payment is made once a year in %(month)s.") % {"month": names[months[0] - 1]}
    return _("Payment is made in %(months)s.") % {"months": ", ".join(names[m - 1] for m in months)}


def _months(value):
    """5.516… months → "5,5"; whole months without decimals."""
    if value == value.to_integral_value():
        return str(int(value))
    return formats.number_format(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), 1)


def _period_amount(period, money):
    """The amount of a period that is not simply a year's money: partial, stated, or raised
    already in its first period. The first is named by its end, the last by its start, so
    the agreement's own start and end are printed once, in its period."""
    values = {"months": _months(period.months), "amount": format_amount(period.amount) or _("not yet known")}
    if period is money.periods[0]:
        text = _("The first period, up to and including %(end)s (%(months)s months): %(amount)s") % {
            **values,
            "end": period.end,
        }
    elif period is money.periods[-1]:
        text = _("The last period, from %(start)s (%(months)s months): %(amount)s") % {**values, "start": period.start}
    else:
        text = _("The period %(start)s – %(end)s (%(months)s months): %(amount)s") % {
            **values,
            "start": period.start,
            "end": period.end,
        }
    return text + (_(", as stated in the agreement.") if period.stated else ".")


def _kind_text(version, money):
    if series.period_kind(version) == periods.AGREEMENT_YEAR and money.periods:
        names = _month_names()
        first = money.periods[0].span.nominal_start.month
        return _("The committee's money is counted per agreement year, %(first)s–%(last)s.") % {
            "first": names[first - 1],
            "last": names[(first - 2) % 12],
        }
    return _("The committee's money is counted per calendar year.")


def _split_label(bounds, money, version):
    """A split's period by the money period it is, else by its dates."""
    for period in money.periods:
        if (period.start, period.end) == bounds and period.span.whole:
            if series.period_kind(version) == periods.AGREEMENT_YEAR:
                label = f"{period.span.nominal_start.year}/{period.span.nominal_end.year % 100:02d}"
                return _("the agreement year %(label)s") % {"label": label}
            return _("the year %(year)s") % {"year": period.year}
    return _("the period %(start)s – %(end)s") % {"start": bounds[0], "end": bounds[1]}


def _sentences(version, money):
    """How the committee's money is counted, raised and paid; which periods are not simply
    a year's money; from when this version's money applies and for which periods the split
    is decided: each said once, from the figures."""
    sentences = [_kind_text(version, money)]
    year = figures.first_indexation_year(version)
    if year:
        sentences.append(
            _("From %(year)s the committee's money is raised each year by the care price index (OPI).") % {"year": year}
        )
    terms = series.terms_of(version)
    if terms:
        sentences.append(_payment_text(terms.months))
    own = [period for period in money.periods if period.version.pk == version.pk]
    if own and own[0] is not money.periods[0]:
        sentences.append(
            _(
                "This version's amounts apply from %(day)s; the periods before keep the amounts of the version in "
                "force then."
            )
            % {"day": own[0].start}
        )
    if len(money.periods) > 1:
        for period in money.periods:
            first = period is money.periods[0]
            if period.partial or period.stated or (first and period.amount != period.base):
                sentences.append(_period_amount(period, money))
    partners = [party for party in version.parties.all() if not party.is_public]
    bounds = sorted({(row.period_start, row.period_end) for row in version.distributions.all()})
    if len(partners) > 1 and bounds:
        labels = ", ".join(_split_label(item, money, version) for item in bounds)
        sentences.append(_("The split is decided for %(periods)s.") % {"periods": labels})
    return sentences


def _whole_period(version, money):
    """ "over the whole period", saying where it ends when an extension or a termination moved the end."""
    end = money.periods[-1].end if money.periods else None
    if end is None or end == version.end_date:
        return None
    return end


def _totals(version, money):
    """The committee's money over the whole period: one sentence for one recipient (or
    while nothing is split), else rows per partner (and what is not yet distributed) with
    the total."""
    end = _whole_period(version, money)
    if money.total is None:
        return [
            _(
                "The committee's money over the whole period is not yet known: a coming year's raise is not yet "
                "published."
            )
        ], []
    partners = [party.organisation for party in version.parties.all() if not party.is_public]
    per = dict(money.total_per_recipient())
    undecided = len(partners) > 1 and set(per) <= {None}  # several partners, nothing split yet
    if len(partners) <= 1 or undecided:
        values = {"total": format_amount(money.total), "end": end}
        if len(partners) == 1:
            values["recipient"] = partners[0]
            text = (
                _(
                    "Over the whole period, up to and including %(end)s, the committee's money to %(recipient)s comes "
                    "to %(total)s."
                )
                if end
                else _("Over the whole period the committee's money to %(recipient)s comes to %(total)s.")
            )
        else:
            text = (
                _("Over the whole period, up to and including %(end)s, the committee's money comes to %(total)s.")
                if end
                else _("Over the whole period the committee's money comes to %(total)s.")
            )
        return [text % values] + ([_("The split between the partners is not yet decided.")] if undecided else []), []
    rows = [(organisation.name, per.get(organisation)) for organisation in partners]  # None: no share decided
    if None in per:
        rows.append((_("Not yet distributed"), per[None]))
    return [], rows


def _preliminary(money):
    return [_("The total rests on a preliminary care price index.")] if money.total and money.preliminary else []


def economy(version, money) -> PrintedMoney | None:
    """The money of `version` as the document prints it, all from the figures: the
    contributions per year, then sentences from the period series, and the committee's
    money over the whole period, per recipient and in total; None without contributions.
    `version` and `money` as `finance.wording.version_money` loads them."""
    contributions = list(version.contributions.all())
    if not contributions:
        return None
    year = version.start_date.year if version.start_date else timezone.localdate().year
    total_sentences, recipients = _totals(version, money)
    end = _whole_period(version, money)
    return PrintedMoney(
        contributions=contributions,
        total=figures.scope(version, year, money=figures.municipal_base(version)).total,
        sentences=_sentences(version, money) + total_sentences + _preliminary(money),
        recipients=recipients,
        recipients_caption=(
            _("The committee's money over the whole period, up to and including %(end)s") % {"end": end}
            if end
            else _("The committee's money over the whole period")
        ),
        period_total=money.total,
    )


def _contribution_text(contribution):
    """As finance/pdf_money.html writes it: the kind, what it is, and hours × value."""
    text = str(contribution.get_kind_display())
    if contribution.description:
        text += f": {contribution.description}"
    if contribution.kind == ContributionKind.HOURS:
        text += f" ({format_amount(contribution.hours, unit='')} h × {format_amount(contribution.hourly_value)})"
    return text


def docx_money(money: PrintedMoney, writer):
    """`money` in the Word document, through agreements.word's Writer: the contributions
    table with its total, the sentences, and the committee's money per recipient."""
    rows = [
        (
            str(contribution.party),
            _contribution_text(contribution),
            format_amount(contribution.yearly_value) if contribution.yearly_value is not None else "–",
        )
        for contribution in money.contributions
    ]
    total = (_("Total economic scope per year"), format_amount(money.total)) if money.total is not None else None
    writer.table([_("Party"), _("Contribution"), _("Value per year")], rows, amounts=(2,), total=total)
    if money.sentences:
        writer.paragraph(" ".join(money.sentences))
    if money.recipients:
        recipients = [(name, format_amount(amount) if amount is not None else "–") for name, amount in money.recipients]
        writer.table(
            [_("Recipient"), _("Amount")],
            recipients,
            amounts=(1,),
            total=(_("Total"), format_amount(money.period_total)),
            caption=money.recipients_caption,
        )
