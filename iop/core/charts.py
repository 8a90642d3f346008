"""The geometry of bar charts drawn as SVG: the plot area, a value axis ending on a round
number, equal slots along the other axis, and bars (side by side or stacked) in them.

Everything is in SVG user units; templates only draw it. A chart of some domain subclasses
`Plot` and `Bar` with what its template shows besides the geometry.
"""

from dataclasses import dataclass, field
from decimal import Decimal

# Okabe–Ito colours: told apart also by people with colour vision deficiency.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")


def nice_ceiling(value: Decimal, steps: int = 4) -> Decimal:
    """The top of the axis: `steps` equal steps of 1, 2, 2.5 or 5 × 10^n that reach `value`."""
    if value <= 0:
        return Decimal(steps)
    raw = value / steps
    magnitude = Decimal(10) ** (len(str(int(raw))) - 1) if raw >= 1 else Decimal(1)
    for factor in (1, 2, Decimal("2.5"), 5, 10):
        step = factor * magnitude
        if step * steps >= value:
            return step * steps
    return 10 * magnitude * steps  # not reached


def coordinate(value) -> float:
    return round(float(value), 1)


@dataclass
class Slot:
    """One place along the axis: where its bars go (`left`, `width`) and its label (`middle`)."""

    left: Decimal
    width: Decimal
    middle: float


@dataclass
class Bar:
    x: float
    y: float
    w: float
    h: float
    color: str
    label: str


@dataclass
class Plot:
    """The canvas (`width` × `height`) and the plot area inside it, from `left` to `right`
    and from `top` down to `bottom`, the axis at the bottom."""

    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    top_value: Decimal = Decimal(1)
    ticks: list[tuple[float, Decimal]] = field(default_factory=list)  # (y, value)

    @property
    def plot_width(self):
        return self.right - self.left

    @property
    def plot_height(self):
        return self.bottom - self.top

    def scale_to(self, highest: Decimal, steps: int = 4):
        """The value axis: from 0 to a round number at least `highest`, in `steps` ticks."""
        self.top_value = nice_ceiling(highest, steps)
        self.ticks = []
        for index in range(steps + 1):
            value = self.top_value * index / steps
            self.ticks.append((coordinate(self.bottom - self._height(value)), value))

    def _height(self, value) -> Decimal:
        return value * Decimal(self.plot_height) / self.top_value

    def slots(self, count: int, fill: Decimal) -> list[Slot]:
        """`count` equal slots across the plot, their bars filling `fill` of each, centred."""
        if not count:
            return []
        size = Decimal(self.plot_width) / count
        width = size * fill
        return [
            Slot(
                self.left + size * position + (size - width) / 2,
                width,
                coordinate(self.left + size * (position + Decimal("0.5"))),
            )
            for position in range(count)
        ]

    def rect(self, x: Decimal, width: Decimal, value: Decimal, below: Decimal = Decimal(0)) -> dict:
        """The x, y, w, h of a bar of `value` standing on bars of `below` in all."""
        return {
            "x": coordinate(x),
            "y": coordinate(self.bottom - self._height(below + value)),
            "w": coordinate(width),
            "h": coordinate(self._height(value)),
        }
