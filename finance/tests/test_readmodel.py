"""The money read-model: plain frozen data out, in a fixed number of queries."""

import dataclasses
import datetime
from decimal import Decimal

import pytest

from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement
from agreements.state import state, with_state
from finance import readmodel, series, services
from finance.tests.factories import money_agreement, stadsmission_agreement
from partners.models import Organisation
from partners.tests.factories import CommitteeFactory, OrganisationFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def _loaded():
    return list(with_state(Agreement.objects.order_by("pk")))


def _walk(value):
    """Every value the read-model's objects hold as data (compared), however deep."""
    yield value
    if dataclasses.is_dataclass(value):
        for item in dataclasses.fields(value):
            if item.compare:
                yield from _walk(getattr(value, item.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _walk(item)


def test_the_loader_gives_the_money_as_frozen_plain_data():
    agreement = stadsmission_agreement()
    money = readmodel.load(_loaded())[agreement.pk]
    (version,) = money.versions
    assert isinstance(version, readmodel.VersionMoney)
    assert [(c.party.name, c.kind, c.amount) for c in version.contributions][0] == (
        "Omsorgsnämnden",
        "money",
        Decimal("1800000"),
    )
    assert sorted(row.amount for row in version.split) == [Decimal("0"), Decimal("300000"), Decimal("1500000")]
    assert version.terms.months == (7,) and version.terms.indexation_from_year == 2019
    assert money.payments == () and money.true_ups == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        version.number = 2
    # no ORM row in its data but the organisations it names
    held = [value for value in _walk(money) if isinstance(value, models.Model)]
    assert held and all(isinstance(value, Organisation) for value in held)


def test_the_series_of_the_loaded_data_is_the_series_of_the_agreement():
    agreement = stadsmission_agreement()
    (loaded,) = _loaded()
    money = readmodel.load([loaded])[loaded.pk]
    today = D(2020, 1, 1)
    from_data = series.money_series(money, state(loaded, today), today=today)
    from_agreement = series.agreement_series(loaded, state(loaded, today), today=today)
    assert from_data.total == from_agreement.total is not None
    assert [(i.due, i.recipient, i.amount) for i in from_data.instalments] == [
        (i.due, i.recipient, i.amount) for i in from_agreement.instalments
    ]
    assert from_data.instalments[0].recipient.name == "Linköpings stadsmission"
    assert loaded.pk == agreement.pk


def _agreements(count, start=0):
    committee = CommitteeFactory(name="Bildningsnämnden")
    for number in range(start, start + count):
        agreement = money_agreement(
            start=D(2024, 1, 1),
            end=D(2025, 12, 31),
            yearly="120000",
            payment_months="1,7",
            registry_number=f"XN 2024-{number + 1}",
            committee=committee,
            organisation=OrganisationFactory(name=f"Förening {number}"),
        )
        recipient = agreement.versions.get().parties.get(organisation__isnull=False).organisation
        services.payment_register(
            by=None,
            agreement=agreement,
            recipient=recipient,
            date=D(2024, 2, 1),
            amount=Decimal("60000"),
        )


def _queries(agreements):
    with CaptureQueriesContext(connection) as context:
        money = readmodel.load(agreements)
    return len(context.captured_queries), money


def test_the_loader_takes_the_same_few_queries_for_1_and_for_10_agreements():
    _agreements(1)
    one, money = _queries(_loaded())
    assert len(money) == 1 and one <= 8
    _agreements(9, start=1)
    ten, money = _queries(_loaded())
    assert len(money) == 10
    assert ten == one
    assert all(item.payments[0].net == Decimal("60000") for item in money.values())
