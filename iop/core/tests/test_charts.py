from decimal import Decimal

import pytest

from iop.core.charts import Plot, nice_ceiling


@pytest.mark.parametrize(
    "highest, top",
    [
        (Decimal(0), 4),
        (Decimal(3), 4),
        (Decimal(7), 8),
        (Decimal(9), 10),
        (Decimal(1849), 2000),
        (Decimal(964988), 1000000),
    ],
)
def test_the_axis_ends_on_a_round_number(highest, top):
    assert nice_ceiling(highest) == top


def plot():
    return Plot(400, 300, left=100, top=20, right=390, bottom=260)  # 290 wide, 240 high


def test_the_ticks_divide_the_axis_evenly_from_the_bottom():
    chart = plot()
    chart.scale_to(Decimal(90), steps=4)
    assert chart.ticks == [(260.0, 0), (200.0, 25), (140.0, 50), (80.0, 75), (20.0, 100)]
    assert (chart.plot_width, chart.plot_height) == (290, 240)


def test_slots_share_the_width_and_centre_their_bars():
    chart = plot()
    slots = chart.slots(2, fill=Decimal("0.8"))
    assert [(slot.left, slot.width, slot.middle) for slot in slots] == [
        (Decimal("114.5"), 116, 172.5),
        (Decimal("259.5"), 116, 317.5),
    ]
    assert chart.slots(0, fill=Decimal("0.8")) == []


def test_a_bar_stands_on_the_axis_or_on_the_bars_below_it():
    chart = plot()
    chart.scale_to(Decimal(100))
    assert chart.rect(Decimal(110), Decimal(20), Decimal(100)) == {"x": 110.0, "y": 20.0, "w": 20.0, "h": 240.0}
    assert chart.rect(Decimal(110), Decimal(20), Decimal(25), below=Decimal(50)) == {
        "x": 110.0,
        "y": 80.0,
        "w": 20.0,
        "h": 60.0,
    }
