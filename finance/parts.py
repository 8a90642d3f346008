"""The money as a part of each version (agreements.parts): how the agreements app copies,
exchanges, compares, prints, checks and lists it without naming this app.

Every hook that needs a version's figures reads them through `money_of`, the one door to
the money read-model from here.
"""

from agreements.parts import VersionPart
from finance import compare, exchange, printing, wording
from finance.services import copy_money, terms_from_defaults


def money_of(version):
    """`version` loaded for the figures, and its money series (payments left out)."""
    return wording.version_money(version)


class Money(VersionPart):
    """Contributions, finance terms, split and stated period amounts of each version; the
    payments, repayment claims and true-ups of each agreement."""

    key = exchange.KEY
    # What the figures read of a version's terms when lists load agreements.
    list_related = ("finance_terms",)
    list_fields = (
        "finance_terms__indexation_from_year",
        "finance_terms__payment_months",
        "finance_terms__period_kind",
        "finance_terms__money_from",
    )

    @property
    def export_related(self):
        return exchange.VERSION_RELATED

    @property
    def export_version_prefetch(self):
        return exchange.VERSION_PREFETCH

    @property
    def export_agreement_prefetch(self):
        return exchange.agreement_prefetch()

    def start(self, version, *, by):
        terms_from_defaults(version, by=by)

    def copy(self, source, target, party_map, *, by):
        copy_money(source, target, party_map, by=by)

    def export_version(self, version, parties):
        return exchange.export_version(version, parties)

    def export_agreement(self, agreement):
        return exchange.export_agreement(agreement)

    def read_version(self, reader, at, value, party_count):
        return exchange.read_version(reader, at, value, party_count)

    def read_agreement(self, reader, at, value):
        return exchange.read_agreement(reader, at, value)

    def write_version(self, version, value, parties, *, by):
        exchange.write_version(version, value, parties, by=by)

    def write_agreement(self, agreement, value, *, by):
        exchange.write_agreement(agreement, value, by=by)

    def changes(self, old, new):
        return compare.money_changes(old, new)

    def printed(self, version):
        loaded, money = money_of(version)
        return printing.economy(loaded, money)

    def problems(self, version):
        return wording.text_problems(version, money_of=money_of)
