"""The guideline for the municipal share is the agreement's municipality's own band: a
share is flagged outside it, never when the municipality has none, and the pages say which."""

from decimal import Decimal

import pytest

from django.urls import reverse

from finance import figures, overview
from finance.tests.factories import resurspoolen_agreement


def test_a_share_of_35_percent_is_outside_40_60_but_inside_30_70():
    share = Decimal("0.350")
    assert figures.outside_guideline(share, figures.Guideline(40, 60))
    assert not figures.outside_guideline(share, figures.Guideline(30, 70))
    assert not figures.outside_guideline(share, None)
    assert not figures.outside_guideline(None, figures.Guideline(40, 60))  # no whole, nothing to judge
    assert figures.Guideline(40, 60).outside(Decimal("0.601")) and not figures.Guideline(40, 60).outside(Decimal("0.6"))


def set_band(municipality, low, high):
    municipality.guideline_min, municipality.guideline_max = low, high
    municipality.save()


@pytest.mark.parametrize(
    ("band", "flagged"),
    [((40, 60), True), ((15, 25), False), ((None, None), False)],
)
def test_resurspoolens_19_5_percent_is_judged_by_its_municipalitys_band(client_as, administrator, band, flagged):
    agreement = resurspoolen_agreement()
    set_band(agreement.municipality, *band)
    committee = agreement.versions.get().committee
    result = overview.committee_overview(user=administrator, year=2020, committee=committee)
    (row,) = result.rows
    assert row.scope.municipal_share_percent == Decimal("19.5")
    assert row.scope.outside_guideline is flagged and result.totals.outside_guideline is flagged
    client = client_as(administrator)
    page = client.get(reverse("finance:committee-overview"), {"committee": committee.pk, "year": 2020}).content.decode()
    assert ('class="outside-guideline' in page) is flagged
    if band[0] is None:
        assert "ingen riktlinje" in page and "40–60" not in page
    else:
        assert f"{band[0]}–{band[1]}" in page
    finance_page = client.get(reverse("finance:agreement-finance", args=[agreement.pk])).content.decode()
    assert ("utanför kommunens riktlinje" in finance_page) is flagged
    whole = client.get(reverse("finance:municipality-overview"), {"year": 2020}).content.decode()
    assert ('class="outside-guideline' in whole) is flagged
