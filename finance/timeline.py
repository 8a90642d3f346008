"""Money in the agreement's history: contributions, terms and split of each version, and
the payments and repayment claims of the agreement."""

from django.utils.translation import gettext_lazy as _

from agreements.timeline import RelatedSource, register
from finance.models import Contribution, Distribution, FinanceTerms, Payment, Repayment
from iop.core.formatting import format_amount


def _contribution(context, record):
    return f"{context.party_name(record.party_id)}: {record.get_kind_display()}"


def _distribution(context, record):
    return f"{context.party_name(record.party_id)} {record.period_start} – {record.period_end}"


def connect():
    register(
        "money",
        _("Money"),
        [
            RelatedSource(Contribution, "version", _contribution, rank=20),
            RelatedSource(FinanceTerms, "version", lambda context, record: context.number(record.version_id), rank=21),
            RelatedSource(Distribution, "version", _distribution, rank=22),
            RelatedSource(
                Payment,
                "agreement",
                lambda context, record: f"{record.date} {record.recipient}, {format_amount(record.amount)}",
                rank=23,
                select=("recipient",),
            ),
            RelatedSource(
                Repayment,
                "agreement",
                lambda context, record: f"{record.claimed_on} {record.debtor}, {format_amount(record.amount)}",
                rank=24,
                select=("debtor",),
            ),
        ],
    )
