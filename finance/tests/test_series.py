"""The period series on the shapes municipalities sign: mid-year starts and ends, July–June
agreement years, 18 and 42 months, extension and termination mid-period, amendments that
change the money from a later date, stated period amounts, preliminary → definitive OPI.
Every figure is worked out by hand in the comment beside it."""

import datetime
from decimal import Decimal

import pytest

from django.core.exceptions import ValidationError

from agreements import services as agreement_services
from finance import services
from finance.models import IndexStatus, IndexValue, PeriodKind
from finance.tests.factories import _sign, amend_money, money_agreement, money_of

D = datetime.date
KR = Decimal


def shape(money):
    return [(p.start, p.end, p.version.number, p.amount) for p in money.periods]


def dues(money):
    return [(item.due, item.amount) for item in money.instalments]


def partner_of(agreement):
    return agreement.versions.first().parties.get(organisation__isnull=False).organisation


def pay(agreement, due, amount, *, date=None, today=None):
    return services.payment_register(
        by=None,
        agreement=agreement,
        recipient=partner_of(agreement),
        instalment_due=due,
        date=date or due,
        amount=KR(amount),
        today=today or D(2026, 12, 1),
    )


@pytest.mark.django_db
def test_a_mid_year_start_and_end_is_paid_pro_rata_and_in_its_first_month():
    agreement = money_agreement(start=D(2024, 7, 1), end=D(2026, 3, 31), yearly="240000")
    money = money_of(agreement, D(2024, 8, 15))
    assert shape(money) == [
        (D(2024, 7, 1), D(2024, 12, 31), 1, KR("120000")),  # 240 000 × 6/12
        (D(2025, 1, 1), D(2025, 12, 31), 1, KR("240000")),
        (D(2026, 1, 1), D(2026, 3, 31), 1, KR("60000")),  # 240 000 × 3/12
    ]
    # January lies before the start in July: the first instalment falls due in July
    assert dues(money) == [
        (D(2024, 7, 31), KR("120000")),
        (D(2025, 1, 31), KR("240000")),
        (D(2026, 1, 31), KR("60000")),
    ]
    assert money.total == KR("420000")
    assert [(year, money.amount_in_year(year)) for year in money.years] == [
        (2024, KR("120000")),
        (2025, KR("240000")),
        (2026, KR("60000")),
    ]


@pytest.mark.django_db
def test_an_18_month_agreement_in_agreement_years_july_to_june():
    agreement = money_agreement(
        start=D(2024, 7, 1),
        end=D(2025, 12, 31),
        yearly="100000",
        payment_months="7",
        period_kind=PeriodKind.AGREEMENT_YEAR,
    )
    money = money_of(agreement, D(2024, 8, 1))
    assert shape(money) == [
        (D(2024, 7, 1), D(2025, 6, 30), 1, KR("100000")),
        (D(2025, 7, 1), D(2025, 12, 31), 1, KR("50000")),  # half an agreement year
    ]
    assert dues(money) == [(D(2024, 7, 31), KR("100000")), (D(2025, 7, 31), KR("50000"))]
    assert money.total == KR("150000")  # not two full years


@pytest.mark.django_db
def test_a_42_month_agreement_indexed_per_period(db):
    # OPI 2024 is not entered in the seeded table: index from 2022 (1,9 %) and 2023 (4,6 % definitive)
    agreement = money_agreement(start=D(2020, 7, 1), end=D(2023, 12, 31), yearly="100000", indexation_from_year=2022)
    money = money_of(agreement, D(2024, 2, 1))
    assert shape(money) == [
        (D(2020, 7, 1), D(2020, 12, 31), 1, KR("50000")),  # half of 100 000
        (D(2021, 1, 1), D(2021, 12, 31), 1, KR("100000")),
        (D(2022, 1, 1), D(2022, 12, 31), 1, KR("101900")),  # × 1,019
        (D(2023, 1, 1), D(2023, 12, 31), 1, KR("106587")),  # 101 900 × 1,046 = 106 587,4
    ]
    assert money.total == KR("358487")
    assert [p.index.percent if p.index else None for p in money.periods] == [None, None, KR("1.9"), KR("4.6")]


@pytest.mark.django_db
def test_an_agreement_year_is_raised_by_the_opi_of_the_year_it_begins_in():
    # Stadsmission's shape: 1 800 000 from 2018-07-01, OPI from 2019: 2019-07 × 1,027, 2020-07 × 1,030
    agreement = money_agreement(
        start=D(2018, 7, 1),
        end=D(2021, 6, 30),
        yearly="1800000",
        payment_months="7",
        period_kind=PeriodKind.AGREEMENT_YEAR,
        indexation_from_year=2019,
    )
    money = money_of(agreement, D(2026, 1, 1))
    assert [p.amount for p in money.periods] == [KR("1800000"), KR("1848600"), KR("1904058")]
    assert money.total == KR("5552658")


@pytest.mark.django_db
def test_an_extension_adds_a_partial_period():
    agreement = money_agreement(
        start=D(2024, 1, 1), end=D(2024, 12, 31), yearly="120000", extension_months=6, extension_count=1
    )
    agreement_services.agreement_extend(
        by=None, agreement=agreement, decision_body="Bildningsnämnden", decision_date=D(2024, 9, 1), today=D(2024, 9, 1)
    )
    money = money_of(agreement, D(2024, 9, 1))
    assert shape(money) == [
        (D(2024, 1, 1), D(2024, 12, 31), 1, KR("120000")),
        (D(2025, 1, 1), D(2025, 6, 30), 1, KR("60000")),  # six months more: half a year
    ]


@pytest.mark.django_db
def test_a_termination_mid_year_cuts_the_last_period_and_shows_what_was_paid_too_much():
    agreement = money_agreement(start=D(2024, 1, 1), end=D(2026, 12, 31), yearly="120000", notice_months=6)
    pay(agreement, D(2025, 1, 31), "120000", today=D(2025, 2, 28))
    party = agreement.versions.get().parties.get(organisation__isnull=False)
    agreement_services.agreement_terminate(
        by=None, agreement=agreement, party=party, notice_date=D(2025, 2, 28), today=D(2025, 2, 28)
    )
    money = money_of(agreement, D(2025, 3, 1))
    assert shape(money) == [
        (D(2024, 1, 1), D(2024, 12, 31), 1, KR("120000")),
        (D(2025, 1, 1), D(2025, 8, 28), 1, KR("79032")),  # 7 months + 28/31 of August: 10 000 × 7,9032… = 79 032,26
    ]
    paid = money.instalments[1]
    assert (paid.paid, paid.outstanding, paid.status) == (KR("120000"), KR("-40968"), "overpaid")


@pytest.mark.django_db
def test_an_amendment_raises_the_money_from_next_year_and_leaves_the_paid_years_alone():
    agreement = money_agreement(start=D(2024, 1, 1), end=D(2026, 12, 31), yearly="120000")
    pay(agreement, D(2024, 1, 31), "120000", today=D(2024, 6, 1))
    amend_money(agreement, yearly="150000", money_from=D(2025, 1, 1), today=D(2024, 6, 1))
    money = money_of(agreement, D(2024, 6, 1))
    assert shape(money) == [
        (D(2024, 1, 1), D(2024, 12, 31), 1, KR("120000")),  # paid: version 1's money kept
        (D(2025, 1, 1), D(2025, 12, 31), 2, KR("150000")),
        (D(2026, 1, 1), D(2026, 12, 31), 2, KR("150000")),
    ]
    first = money.instalments[0]
    assert (first.paid, first.status) == (KR("120000"), "paid")
    assert money.total == KR("420000")


@pytest.mark.django_db
def test_an_amendment_from_mid_year_splits_the_year_between_the_versions():
    agreement = money_agreement(start=D(2024, 1, 1), end=D(2025, 12, 31), yearly="120000")
    amend_money(agreement, yearly="150000", money_from=D(2025, 7, 1), today=D(2024, 6, 1))
    money = money_of(agreement, D(2024, 6, 1))
    assert shape(money) == [
        (D(2024, 1, 1), D(2024, 12, 31), 1, KR("120000")),
        (D(2025, 1, 1), D(2025, 6, 30), 1, KR("60000")),  # 120 000 × 6/12
        (D(2025, 7, 1), D(2025, 12, 31), 2, KR("75000")),  # 150 000 × 6/12, due in July
    ]
    assert dues(money)[1:] == [(D(2025, 1, 31), KR("60000")), (D(2025, 7, 31), KR("75000"))]


@pytest.mark.django_db
def test_an_amendment_cannot_rewrite_a_paid_period_or_start_before_the_agreement():
    agreement = money_agreement(start=D(2024, 1, 1), end=D(2026, 12, 31), yearly="120000")
    pay(agreement, D(2025, 1, 31), "120000", today=D(2025, 3, 1))
    amendment = agreement_services.agreement_amend(by=None, agreement=agreement, today=D(2025, 3, 1))
    terms = {"indexation_from_year": None, "payment_months": "1"}

    def save(day):
        amendment.refresh_from_db()
        return services.finance_terms_save(
            by=None, version=amendment, lock_version=amendment.lock_version, money_from=day, **terms
        )

    for day, message in [
        (D(2025, 7, 1), "skrivs aldrig om"),  # 2025 is paid
        (D(2023, 1, 1), "inom överenskommelsens period"),
        (D(2027, 1, 1), "inom överenskommelsens period"),
        (D(2026, 1, 15), "första dagen i en månad"),
    ]:
        with pytest.raises(ValidationError) as refused:
            save(day)
        assert message in str(refused.value.message_dict["money_from"])
    assert save(D(2026, 1, 1)).money_from == D(2026, 1, 1)


@pytest.mark.django_db
def test_the_first_version_has_no_effective_date_of_its_own():
    agreement = money_agreement(start=D(2024, 1, 1), end=D(2026, 12, 31), yearly="120000", state="draft")
    version = agreement.versions.get()
    with pytest.raises(ValidationError) as refused:
        services.finance_terms_save(
            by=None,
            version=version,
            lock_version=version.lock_version,
            indexation_from_year=None,
            payment_months="1",
            money_from=D(2025, 1, 1),
        )
    assert "Bara en ändring" in str(refused.value)


@pytest.mark.django_db
def test_a_stated_amount_replaces_the_pro_rated_one_for_its_period():
    agreement = money_agreement(start=D(2024, 7, 1), end=D(2025, 12, 31), yearly="240000", state="draft")
    version = agreement.versions.get()
    services.period_amount_save(
        by=None, version=version, lock_version=version.lock_version, period_start=D(2024, 7, 1), amount=KR("100000")
    )
    money = money_of(agreement)
    assert [(p.amount, p.stated) for p in money.periods] == [(KR("100000"), True), (KR("240000"), False)]
    assert money.total == KR("340000")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("period_start", "amount", "field", "message"),
    [
        (D(2024, 8, 1), "100000", "period_start", "första dagen i en av överenskommelsens perioder"),
        (D(2024, 7, 1), "-1", "amount", ""),
        (D(2024, 7, 1), "480001", "amount", "högst dubbla årsbeloppet"),
    ],
)
def test_a_stated_amount_must_be_for_a_period_and_sensible(period_start, amount, field, message):
    agreement = money_agreement(start=D(2024, 7, 1), end=D(2025, 12, 31), yearly="240000", state="draft")
    version = agreement.versions.get()
    with pytest.raises(ValidationError) as refused:
        services.period_amount_save(
            by=None, version=version, lock_version=version.lock_version, period_start=period_start, amount=KR(amount)
        )
    assert message in " ".join(refused.value.message_dict[field])
    assert not version.period_amounts.exists()


@pytest.mark.django_db
def test_an_instalment_due_before_the_decision_is_retroactive_not_overdue():
    agreement = money_agreement(
        start=D(2024, 1, 1), end=D(2025, 12, 31), yearly="120000", decision=D(2024, 3, 15), signed=D(2024, 3, 20)
    )
    january = money_of(agreement, D(2024, 3, 1)).instalments[0]
    assert (january.due, january.retroactive, january.status) == (D(2024, 1, 31), True, "due")
    assert money_of(agreement, D(2024, 3, 16)).instalments[0].status == "overdue"  # decided, still unpaid


@pytest.mark.django_db
def test_true_up_only_of_instalments_paid_on_a_preliminary_opi():
    IndexValue.objects.filter(year=2023, status=IndexStatus.DEFINITIVE).delete()  # as it stood in December 2022
    agreement = money_agreement(start=D(2022, 1, 1), end=D(2024, 12, 31), yearly="100000", indexation_from_year=2023)
    money = money_of(agreement, D(2023, 2, 1))
    assert money.periods[1].amount == KR("103500") and money.periods[1].preliminary  # × 1,035 forecast
    pay(agreement, D(2023, 1, 31), "103500", today=D(2023, 2, 1))
    IndexValue.objects.create(year=2024, percent=KR("3.0"), status=IndexStatus.PRELIMINARY, published="2023-12")
    assert money_of(agreement, D(2023, 3, 1)).corrections == []  # no definitive value yet
    IndexValue.objects.create(year=2023, percent=KR("4.6"), status=IndexStatus.DEFINITIVE, published="2023-04-19")
    money = money_of(agreement, D(2023, 5, 1))
    # 2023 was paid on 3,5 %: 100 000 × 1,046 = 104 600, a top-up of 1 100; 2024 is not paid: no claw-back
    assert [(c.instalment.due, c.paid, c.definitive, c.difference) for c in money.corrections] == [
        (D(2023, 1, 31), KR("103500"), KR("104600"), KR("1100"))
    ]
    assert money.periods[2].amount == KR("107738")  # 104 600 × 1,03: the unpaid year simply carries it


@pytest.mark.django_db
def test_an_amendments_money_cannot_start_before_the_previous_versions():
    agreement = money_agreement(start=D(2024, 1, 1), end=D(2027, 12, 31), yearly="120000")
    amend_money(agreement, yearly="150000", money_from=D(2026, 1, 1), today=D(2024, 6, 1))
    second = agreement_services.agreement_amend(by=None, agreement=agreement, today=D(2024, 7, 1))
    with pytest.raises(ValidationError) as refused:
        services.finance_terms_save(
            by=None,
            version=second,
            lock_version=second.lock_version,
            indexation_from_year=None,
            payment_months="1",
            money_from=D(2025, 1, 1),
        )
    assert "förra versionens pengar" in str(refused.value.message_dict["money_from"])
    second.refresh_from_db()
    assert second.finance_terms.money_from is None  # nothing saved


@pytest.mark.django_db
def test_the_draft_money_page_refuses_a_period_start_that_is_not_a_date(client_as, administrator):
    agreement = money_agreement(start=D(2024, 7, 1), end=D(2025, 12, 31), yearly="240000", state="draft")
    version = agreement.versions.get()
    response = client_as(administrator).post(
        f"/ekonomi/overenskommelse/{agreement.pk}/utkast/",
        {
            "form": "period",
            "period-lock_version": version.lock_version,
            "period-period_start": "2024-02-30",
            "period-amount": "1000",
        },
    )
    assert response.status_code == 200
    form = response.context["period_form"]
    assert "period_start" in form.errors
    assert not version.period_amounts.exists()
    response = client_as(administrator).post(
        f"/ekonomi/overenskommelse/{agreement.pk}/utkast/",
        {
            "form": "period",
            "period-lock_version": version.lock_version,
            "period-period_start": "2024-08-01",
            "period-amount": "1000",
        },
    )
    assert "den första dagen i en av överenskommelsens perioder: 2024-07-01, 2025-01-01" in response.content.decode()
    assert not version.period_amounts.exists()


@pytest.mark.django_db
def test_an_amendment_without_a_date_never_rewrites_the_period_already_paid():
    agreement = money_agreement(start=D(2024, 1, 1), end=D(2026, 12, 31), yearly="120000")
    pay(agreement, D(2025, 1, 31), "120000", today=D(2025, 2, 1))
    amendment = agreement_services.agreement_amend(by=None, agreement=agreement, today=D(2025, 3, 1))
    money = amendment.contributions.get(kind="money")
    services.contribution_update(by=None, contribution=money, lock_version=amendment.lock_version, amount=KR("150000"))
    _sign(amendment, decision=D(2025, 3, 10), signed=D(2025, 3, 15))  # by default from 2025-04-01...
    money = money_of(agreement, D(2025, 4, 1))
    # ...but 2025 was paid in January: the amendment's money applies from the next period
    assert shape(money) == [
        (D(2024, 1, 1), D(2024, 12, 31), 1, KR("120000")),
        (D(2025, 1, 1), D(2025, 12, 31), 1, KR("120000")),
        (D(2026, 1, 1), D(2026, 12, 31), 2, KR("150000")),
    ]
    assert money.instalments[1].status == "paid"


@pytest.mark.django_db
def test_an_agreement_year_amended_from_mid_period_splits_it_and_moves_its_instalment():
    # Stadsmission's shape, 1 800 000 kr from 2018-07-01, OPI from 2019, paid each July;
    # amended to 2 000 000 kr (a base before indexation, as the first) from 2020-01-01.
    agreement = money_agreement(
        start=D(2018, 7, 1),
        end=D(2021, 6, 30),
        yearly="1800000",
        payment_months="7",
        period_kind=PeriodKind.AGREEMENT_YEAR,
        indexation_from_year=2019,
    )
    amend_money(agreement, yearly="2000000", money_from=D(2020, 1, 1), today=D(2019, 9, 1))
    money = money_of(agreement, D(2019, 9, 1))
    assert shape(money) == [
        (D(2018, 7, 1), D(2019, 6, 30), 1, KR("1800000")),
        (D(2019, 7, 1), D(2019, 12, 31), 1, KR("924300")),  # 1 848 600 (× 1,027) × 6/12
        (D(2020, 1, 1), D(2020, 6, 30), 2, KR("1027000")),  # 2 000 000 × 1,027 = 2 054 000, × 6/12
        (D(2020, 7, 1), D(2021, 6, 30), 2, KR("2115620")),  # 2 054 000 × 1,030
    ]
    # July 2019 lies before the second half's start: it falls due in its first month
    assert dues(money) == [
        (D(2018, 7, 31), KR("1800000")),
        (D(2019, 7, 31), KR("924300")),
        (D(2020, 1, 31), KR("1027000")),
        (D(2020, 7, 31), KR("2115620")),
    ]
    assert money.total == KR("5866920")
    assert money.amount_in_year(2019) == KR("924300") and money.amount_in_year(2020) == KR("3142620")
