import datetime
from decimal import Decimal

import pytest

from django.template import Context, Template

from iop.core.formatting import format_amount

NBSP = "\xa0"


@pytest.mark.parametrize(
    "value, shown",
    [
        (4785000, f"4{NBSP}785{NBSP}000{NBSP}kr"),
        (Decimal("933000"), f"933{NBSP}000{NBSP}kr"),
        (Decimal("1023800.00"), f"1{NBSP}023{NBSP}800{NBSP}kr"),
        (Decimal("599675.5"), f"599{NBSP}675,50{NBSP}kr"),
        (Decimal("-300000"), f"\u2212300{NBSP}000{NBSP}kr"),
        (0, f"0{NBSP}kr"),
        (None, ""),
    ],
)
def test_amounts_are_written_the_swedish_way(value, shown):
    assert format_amount(value) == shown


def test_amount_filters_in_templates():
    rendered = Template("{{ a|kr }} / {{ h|number }}").render(Context({"a": 3852000, "h": 18000}))
    assert rendered == f"3{NBSP}852{NBSP}000{NBSP}kr / 18{NBSP}000"


def test_dates_are_iso_in_templates():
    rendered = Template("{{ d }} {{ d|date }}").render(Context({"d": datetime.date(2022, 12, 31)}))
    assert rendered == "2022-12-31 2022-12-31"


def test_years_are_not_grouped_like_amounts():
    assert Template("{{ y }}").render(Context({"y": 2022})) == "2022"


def test_prose_makes_paragraphs_and_bullet_lists():
    text = "Första stycket\nfortsätter.\n\nVärdegrunden utgår från:\n- FN:s konvention\n• Barnkonventionen"
    assert Template("{{ t|prose }}").render(Context({"t": text})) == (
        "<p>Första stycket<br>fortsätter.</p>\n<p>Värdegrunden utgår från:</p>\n"
        "<ul><li>FN:s konvention</li><li>Barnkonventionen</li></ul>"
    )


def test_prose_lets_no_html_through():
    rendered = Template("{{ t|prose }}").render(Context({"t": '<script>alert(1)</script>\n- <b onclick="x">fet</b>'}))
    assert "<script>" not in rendered and "<b " not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
