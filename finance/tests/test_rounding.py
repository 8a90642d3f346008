"""Money in whole kronor: half a krona rounds up (never to even), and a period paid in
several instalments pays whole kronor rounded down, the last instalment taking the rest."""

import datetime
from decimal import Decimal

import pytest

from finance.figures import whole_kronor
from finance.tests.factories import money_agreement, money_of

D = datetime.date
KR = Decimal


def test_half_a_krona_rounds_up_not_to_the_even_krona():
    assert [whole_kronor(KR(amount)) for amount in ("0.5", "1.5", "2.5", "2.49", "-2.5")] == [
        KR("1"),
        KR("2"),
        KR("3"),
        KR("2"),
        KR("-3"),
    ]


@pytest.mark.django_db
def test_instalments_are_rounded_down_and_the_last_takes_the_rest():
    agreement = money_agreement(start=D(2025, 1, 1), end=D(2025, 12, 31), yearly="1001", payment_months="1,7")

    money = money_of(agreement, D(2025, 2, 1))

    # 1 001 / 2 = 500.50: the first 500 (down, not 501), the last 1 001 − 500 = 501
    assert [(item.due, item.amount) for item in money.instalments] == [
        (D(2025, 1, 31), KR("500")),
        (D(2025, 7, 31), KR("501")),
    ]
