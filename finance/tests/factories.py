"""Money on agreements built through the services, with the seeds' figures at hand."""

import datetime
from decimal import Decimal

from agreements.tests.factories import make_agreement
from finance import services
from finance.models import ContributionKind, PeriodKind
from partners.tests.factories import CommitteeFactory, OrganisationFactory

D = datetime.date


def refreshed(version):
    version.refresh_from_db()
    return version


def add_contribution(version, party, kind, **fields):
    version = refreshed(version)
    return services.contribution_add(
        by=None, version=version, lock_version=version.lock_version, party=party, kind=kind, **fields
    )


def set_terms(version, *, indexation_from_year=None, payment_months="1", period_kind=None, money_from=None):
    version = refreshed(version)
    return services.finance_terms_save(
        by=None,
        version=version,
        lock_version=version.lock_version,
        indexation_from_year=indexation_from_year,
        payment_months=payment_months,
        period_kind=period_kind,
        money_from=money_from,
    )


def money_of(agreement, today=None, *, upto=None):
    """The agreement's money series as the pages compute it (fresh from the database)."""
    from agreements.models import Agreement
    from agreements.state import state, with_state
    from finance import readmodel, series

    agreement = with_state(Agreement.objects.filter(pk=agreement.pk)).get()
    money = readmodel.load([agreement])[agreement.pk]
    if upto is not None:
        upto = next(version for version in agreement.versions.all() if version.pk == upto.pk)
    return series.money_series(money, state(agreement, today), today=today, upto=upto)


def resurspoolen_agreement(state="signed"):
    """ÄN 2019-878 with its money: 933 000 kr/yr, 18 000 h × 214 kr, OPI from 2021, paid in January."""
    agreement = make_agreement(
        committee=CommitteeFactory(name="Äldrenämnden"),
        partners=[OrganisationFactory(name="Resurspoolen", org_number="822003-0913")],
        state="draft",
    )
    version = agreement.versions.get()
    committee_party, partner = version.parties.order_by("order")
    add_contribution(version, committee_party, ContributionKind.MONEY, amount=Decimal("933000"))
    add_contribution(version, partner, ContributionKind.HOURS, hours=Decimal("18000"), hourly_value=Decimal("214"))
    add_contribution(version, committee_party, ContributionKind.COMMITMENT, description="Lokaler i servicehus")
    set_terms(version, indexation_from_year=2021, payment_months="1")
    if state == "signed":
        _sign(version)
    return agreement


def stadsmission_agreement():
    """ON 2018-229: 1 800 000 kr/yr from Omsorgsnämnden, split 1 500 000 / 300 000 / 0 in the first year."""
    names = ["Linköpings stadsmission", "Biståndsorganisationen Hjärta till hjärta", "Linköpings domkyrkopastorat"]
    agreement = make_agreement(
        committee=CommitteeFactory(name="Omsorgsnämnden"),
        partners=[OrganisationFactory(name=name) for name in names],
        registry_number="ON 2018-229",
        start=D(2018, 7, 1),
        end=D(2021, 6, 30),
        extension_months=None,
        extension_count=0,
        decision_date=D(2018, 5, 17),
        signed_on=D(2018, 5, 30),
    )
    version = agreement.versions.get()
    committee_party, stadsmission, hjarta, domkyrkan = version.parties.order_by("order")
    add_contribution(version, committee_party, ContributionKind.MONEY, amount=Decimal("1800000"))
    for party, value in [(hjarta, "809000"), (stadsmission, "1023800"), (domkyrkan, "599675")]:
        add_contribution(version, party, ContributionKind.IN_KIND, amount=Decimal(value), description="Insatser")
    set_terms(version, indexation_from_year=2019, payment_months="7", period_kind=PeriodKind.AGREEMENT_YEAR)
    for party, amount in [(stadsmission, "1500000"), (hjarta, "300000"), (domkyrkan, "0")]:
        version = refreshed(version)
        services.distribution_add(
            by=None,
            version=version,
            lock_version=version.lock_version,
            party=party,
            period_start=D(2018, 7, 1),
            period_end=D(2019, 6, 30),
            amount=Decimal(amount),
        )
    _sign(version, decision=D(2018, 5, 17), signed=D(2018, 5, 30))
    return agreement


def _sign(version, decision=D(2019, 11, 20), signed=D(2019, 12, 16)):
    from agreements import services as agreement_services
    from agreements.tests.factories import answer_all_criteria

    version = refreshed(version)
    answer_all_criteria(version)
    agreement_services.version_submit(by=None, version=version)
    agreement_services.version_decide(by=None, version=version, decision_body="Nämnden", decision_date=decision)
    for party in version.parties.all():
        agreement_services.version_sign(
            by=None, party=party, signatory_name="N", signatory_title="", place="Linköping", date=signed
        )


def money_agreement(
    *,
    start,
    end,
    yearly,
    payment_months="1",
    period_kind=None,
    indexation_from_year=None,
    decision=None,
    signed=None,
    registry_number="XN 2024-1",
    committee=None,
    organisation=None,
    state="signed",
    **agreement_fields,
):
    """An agreement of one committee and one partner with `yearly` kr a year from the
    committee, as its terms say; signed on the start date unless told otherwise."""
    agreement = make_agreement(
        committee=committee or CommitteeFactory(name="Bildningsnämnden"),
        partners=[organisation or OrganisationFactory(name="Bilda")],
        registry_number=registry_number,
        start=start,
        end=end,
        state="draft",
        **agreement_fields,
    )
    version = agreement.versions.get()
    committee_party = version.parties.get(committee__isnull=False)
    add_contribution(version, committee_party, ContributionKind.MONEY, amount=Decimal(yearly))
    set_terms(
        version, indexation_from_year=indexation_from_year, payment_months=payment_months, period_kind=period_kind
    )
    if state == "signed":
        decision = decision or start - datetime.timedelta(days=30)
        _sign(version, decision=decision, signed=signed or decision)
    return agreement


def amend_money(agreement, *, yearly, money_from, today, decision=None, signed=None):
    """Amend `agreement` to `yearly` kr a year from `money_from`, decided and signed."""
    from agreements import services as agreement_services

    amendment = agreement_services.agreement_amend(by=None, agreement=agreement, today=today)
    money = amendment.contributions.get(kind=ContributionKind.MONEY)
    amendment = refreshed(amendment)
    services.contribution_update(
        by=None, contribution=money, lock_version=amendment.lock_version, amount=Decimal(yearly)
    )
    terms = amendment.finance_terms
    set_terms(
        amendment,
        indexation_from_year=terms.indexation_from_year,
        payment_months=terms.payment_months,
        period_kind=terms.period_kind,
        money_from=money_from,
    )
    _sign(amendment, decision=decision or today, signed=signed or today)
    return refreshed(amendment)
