"""The committee overview of the arbetsmarknadsnämnden 2020 document, for any committee and
year; the municipality across its committees; the chart; the downloads; and the number of
queries, which does not grow with the number of agreements or years."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import services as agreement_services
from agreements.tests.factories import answer_all_criteria, make_agreement
from finance import overview
from finance.models import ContributionKind
from finance.tests.factories import (
    add_contribution,
    refreshed,
    resurspoolen_agreement,
    set_terms,
    stadsmission_agreement,
)
from partners.tests.factories import CommitteeFactory, OrganisationFactory

D = datetime.date
NBSP = "\xa0"


def kr(text):
    """'4 785 000' → '4\xa0785\xa0000\xa0kr', as the `kr` filter writes it."""
    return text.replace(" ", NBSP) + NBSP + "kr"


def sign(version, decision=D(2018, 11, 20), signed=D(2018, 12, 10)):
    version = refreshed(version)
    answer_all_criteria(version)
    agreement_services.version_submit(by=None, version=version)
    agreement_services.version_decide(by=None, version=version, decision_body="Nämnden", decision_date=decision)
    for party in version.parties.all():
        agreement_services.version_sign(
            by=None, party=party, signatory_name="N", signatory_title="", place="Linköping", date=signed
        )


def iop(
    committee, registry_number, title, partners, *, cost, in_kind, details=None, activities=(), terms=None, **dates
):
    """A signed agreement with the committee's money `cost` and the partners' valued
    contributions `in_kind` (one amount per partner)."""
    agreement = make_agreement(
        committee=committee,
        partners=partners,
        registry_number=registry_number,
        title=title,
        start=dates.get("start", D(2019, 1, 1)),
        end=dates.get("end", D(2020, 12, 31)),
    )
    version = agreement.versions.get()
    if details:
        version = refreshed(version)
        agreement_services.version_update(by=None, version=version, lock_version=version.lock_version, **details)
    for name in activities:
        version = refreshed(version)
        agreement_services.item_add(
            by=None, version=version, lock_version=version.lock_version, kind="activity", name=name
        )
    committee_party, *partner_parties = version.parties.order_by("order")
    add_contribution(version, committee_party, ContributionKind.MONEY, amount=Decimal(cost))
    for party, amount in zip(partner_parties, in_kind, strict=True):
        add_contribution(version, party, ContributionKind.IN_KIND, amount=Decimal(amount), description="Insatser")
    if terms:
        set_terms(version, **terms)
    sign(version)
    return agreement


# The table of the arbetsmarknadsnämnden 2020 document: (title, partners, participants,
# target group, referral, value per year, committee cost per year, partners' in-kind split, activities)
SEED_TABLE = [
    (
        "Hoppfull framtid",
        ["Linköpings Stadsmission"],
        (25, "25 st."),
        "Nyanlända, vuxna, som har eller löper risk för försörjningsstöd. >20h/v.",
        "AMC.",
        "2080500",
        "1100000",
        ["980500"],
        ["Arbetsträning i arbetsteam: 2nd hand (butik)", "Café (café)", "Von Dufva (restaurangkök)"],
    ),
    (
        "Kompletterande språkträning",
        ["Bilda"],
        (114, "54 st vuxna, 60 st barn"),
        "Föräldralediga, nyanlända.",
        "Familjecentralerna. Eget initiativ.",
        "897626",
        "590000",
        ["307626"],
        ["Öva svenska dagtid, med barnpassning."],
    ),
    (
        "Bromodellen – Vägen till anställningsbarhet",
        ["Erikshjälpen", "Bilda"],
        (58, "58 st (5 st vidare till jobb)"),
        "Nyanlända, vuxna, som har eller löper risk för försörjningsstöd. >10h/v.",
        "AMC.",
        "1791200",
        "1150000",
        ["400000", "241200"],
        ["Bildande insatser.", "Arbetspraktik i verkstad, butik."],
    ),
    (
        "Inkludering på lika villkor",
        ["IKF"],
        (80, "80 (20 nya, 2 st till arbete, 10 st till annan insats t ex sfi)"),
        "Vuxna nyanlända, f a kvinnor men alla är välkomna. <10h/v.",
        "Team utreda. Eget initiativ.",
        "454000",
        "230000",
        ["224000"],
        ["Hälsogrupper m gemensam yoga, lätt jympa.", "Utflykter i Linköping."],
    ),
    (
        "Språkvänner",
        ["Linköping södra Röda korsetkrets"],
        (None, "Nyanlända: 205 st, Etablerade: 92 st, Matchningar: 76 st, Språkvänspar: 88 st"),
        "Etablerade i Sverige samt nyanlända. Alla åldrar.",
        "Eget initiativ.",
        "1077600",
        "600000",
        ["477600"],
        ["Språkcaféer, pop-up-caféer, walk n’ talk.", "Språkvänsmatchning."],
    ),
]


@pytest.fixture
def arbetsmarknadsnamnden(db):
    """The committee with its five partnerships of February 2020."""
    committee = CommitteeFactory(name="Arbetsmarknadsnämnden")
    organisations = {}
    for number, (title, partners, participants, target, referral, _value, cost, in_kind, activities) in enumerate(
        SEED_TABLE, start=1
    ):
        orgs = [organisations.setdefault(name, OrganisationFactory(name=name)) for name in partners]
        iop(
            committee,
            f"AN 2018-{number}",
            title,
            orgs,
            cost=cost,
            in_kind=in_kind,
            activities=activities,
            details={
                "planned_participants": participants[0],
                "participants_note": participants[1],
                "target_group": target,
                "referral": referral,
            },
        )
    return committee


# --- The committee overview ------------------------------------------------------------------


def test_the_arbetsmarknadsnamnden_2020_table_is_reproduced(arbetsmarknadsnamnden, administrator):
    result = overview.committee_overview(user=administrator, year=2020, committee=arbetsmarknadsnamnden)
    by_title = {row.version.title: row for row in result.rows}
    assert set(by_title) == {seed[0] for seed in SEED_TABLE}
    for title, partners, participants, target, referral, value, cost, _in_kind, activities in SEED_TABLE:
        row = by_title[title]
        assert row.partners == partners
        assert (row.version.planned_participants, row.version.participants_note) == participants
        assert (row.version.target_group, row.version.referral) == (target, referral)
        assert (row.scope.total, row.scope.municipal_money) == (Decimal(value), Decimal(cost))
        assert row.activities == activities
        assert not row.unknown and not row.scope.preliminary
    assert by_title["Hoppfull framtid"].scope.municipal_share_percent == Decimal("52.9")  # 1 100 000 / 2 080 500
    assert result.totals.value == Decimal("6300926")
    assert result.totals.cost == Decimal("3670000")
    assert result.totals.count == 5 and result.totals.unknown == 0
    assert result.totals.share == Decimal("0.582")  # 3 670 000 / 6 300 926


def test_the_committee_overview_page_shows_each_row_and_the_totals(client_as, administrator, arbetsmarknadsnamnden):
    url = reverse("finance:committee-overview")
    response = client_as(administrator).get(url, {"committee": arbetsmarknadsnamnden.pk, "year": 2020})
    assert response.status_code == 200
    page = response.content.decode()
    for _title, _partners, _p, _t, _r, value, cost, _in_kind, _a in SEED_TABLE:
        assert kr(f"{int(value):,}".replace(",", " ")) in page
        assert kr(f"{int(cost):,}".replace(",", " ")) in page
    assert kr("6 300 926") in page and kr("3 670 000") in page
    assert "58,2&nbsp;%" in page
    for agreement in response.context["overview"].rows:
        assert f'href="{reverse("agreements:agreement-detail", args=[agreement.agreement.pk])}"' in page
    assert page.count("<h1") == 1 and "<caption" in page and 'scope="col"' in page
    assert "<tfoot" not in page  # WeasyPrint would repeat the totals on every page
    assert 'media="print"' in page and "css/print.css" in page
    assert reverse("finance:committee-overview-export", args=["xlsx"]) in page
    assert reverse("finance:committee-overview-export", args=["csv"]) in page


def test_agreements_outside_the_year_or_of_other_committees_are_not_listed(arbetsmarknadsnamnden, administrator):
    other = CommitteeFactory(name="Bildningsnämnden")
    iop(other, "BN 2020-1", "Läxhjälp", [OrganisationFactory()], cost="100000", in_kind=["100000"])
    iop(
        arbetsmarknadsnamnden,
        "AN 2021-1",
        "Senare",
        [OrganisationFactory()],
        cost="1",
        in_kind=["1"],
        start=D(2021, 1, 1),
        end=D(2022, 12, 31),
    )
    make_agreement(committee=arbetsmarknadsnamnden, registry_number="AN 2020-9")  # a draft is no agreement yet
    titles = [
        row.version.title
        for row in overview.committee_overview(user=administrator, year=2020, committee=arbetsmarknadsnamnden).rows
    ]
    assert len(titles) == 5 and "Senare" not in titles
    everyone = [row.version.title for row in overview.committee_overview(user=administrator, year=2020).rows]
    assert "Läxhjälp" in everyone and len(everyone) == 6
    assert overview.committee_overview(user=administrator, year=2018, committee=arbetsmarknadsnamnden).rows == []


def test_resurspoolen_2020_is_worth_4_785_000_kr_with_a_share_outside_the_guideline(client_as, administrator):
    agreement = resurspoolen_agreement()
    committee = agreement.versions.get().committee
    (row,) = overview.committee_overview(user=administrator, year=2020, committee=committee).rows
    assert row.scope.total == Decimal("4785000") and row.scope.municipal_money == Decimal("933000")
    assert row.scope.municipal_share_percent == Decimal("19.5") and row.scope.outside_guideline
    page = (
        client_as(administrator)
        .get(reverse("finance:committee-overview"), {"committee": committee.pk, "year": 2020})
        .content.decode()
    )
    assert kr("4 785 000") in page and "19,5&nbsp;%" in page and 'class="outside-guideline' in page


def test_a_year_without_its_opi_is_not_yet_known_rather_than_a_number(client_as, administrator):
    agreement = resurspoolen_agreement()
    agreement_services.agreement_extend(
        by=None, agreement=agreement, decision_body="ÄN", decision_date=D(2022, 5, 1), today=D(2022, 6, 1)
    )
    committee = agreement.versions.get().committee
    result = overview.committee_overview(user=administrator, year=2024, committee=committee)  # no OPI for 2024
    (row,) = result.rows
    assert row.unknown and row.scope.total is None and row.scope.municipal_money is None
    assert (result.totals.unknown, result.totals.value, result.totals.share) == (1, 0, None)
    page = (
        client_as(administrator)
        .get(reverse("finance:committee-overview"), {"committee": committee.pk, "year": 2024})
        .content.decode()
    )
    assert page.count('class="amount unknown"') == 2 and 'class="fw-normal small unknown-count"' in page
    assert NBSP + "kr" not in page.split("<tbody>")[1].split("</tbody>")[0].split('class="totals')[0]


def test_an_amount_on_a_preliminary_opi_is_marked(administrator):
    from finance.models import IndexStatus, IndexValue

    agreement = resurspoolen_agreement()
    committee = agreement.versions.get().committee
    IndexValue.objects.filter(year=2023, status=IndexStatus.DEFINITIVE).delete()  # as before April 2023
    agreement_services.agreement_extend(
        by=None, agreement=agreement, decision_body="ÄN", decision_date=D(2022, 5, 1), today=D(2022, 6, 1)
    )
    result = overview.committee_overview(user=administrator, year=2023, committee=committee)
    assert result.rows[0].scope.preliminary and result.totals.preliminary
    assert result.rows[0].scope.municipal_money == Decimal("998763")


# --- Access and input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, args",
    [
        ("finance:committee-overview", []),
        ("finance:committee-overview-export", ["csv"]),
        ("finance:committee-overview-export", ["xlsx"]),
        ("finance:municipality-overview", []),
    ],
)
def test_partners_may_not_see_the_overviews(client_as, partner_a, client, name, args):
    url = reverse(name, args=args)
    assert client.get(url).status_code == 302  # to the login page
    assert client_as(partner_a).get(url).status_code == 403


@pytest.mark.parametrize("persona", ["administrator", "planner", "viewer"])
def test_municipal_users_see_the_overviews(db, request, client_as, persona):
    client = client_as(request.getfixturevalue(persona))
    assert client.get(reverse("finance:committee-overview")).status_code == 200
    assert client.get(reverse("finance:municipality-overview")).status_code == 200


@pytest.mark.parametrize(
    "query", [{"year": "tjugotjugo"}, {"year": "1800"}, {"committee": "x"}, {"committee": "999999"}]
)
def test_wrong_input_is_a_form_error_not_a_crash(client_as, viewer, query):
    client = client_as(viewer)
    response = client.get(reverse("finance:committee-overview"), query)
    assert response.status_code == 200
    assert response.context["form"].errors and response.context["overview"] is None
    assert "invalid-feedback" in response.content.decode()
    assert client.get(reverse("finance:committee-overview-export", args=["csv"]), query).status_code == 400
    if "year" in query:
        response = client.get(reverse("finance:municipality-overview"), query)
        assert response.status_code == 200 and response.context["form"].errors


def test_an_unknown_download_format_is_not_found(client_as, viewer):
    assert client_as(viewer).get(reverse("finance:committee-overview-export", args=["pdf"])).status_code == 404


# --- Downloads -------------------------------------------------------------------------------


def test_the_csv_has_the_rows_and_totals_of_the_page(client_as, administrator, arbetsmarknadsnamnden):
    response = client_as(administrator).get(
        reverse("finance:committee-overview-export", args=["csv"]),
        {"committee": arbetsmarknadsnamnden.pk, "year": 2020},
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, *rows, total = lines
    assert len(header) == 14
    expected = {seed[0]: (seed[5], seed[6]) for seed in SEED_TABLE}
    assert {row[2]: (row[8], row[9]) for row in rows} == expected  # plain integers
    assert (total[8], total[9], total[12]) == ("6300926", "3670000", "58,2")
    assert rows[0][0] == "Arbetsmarknadsnämnden"


def test_the_xlsx_has_the_rows_and_totals_of_the_page_as_numbers(client_as, administrator, arbetsmarknadsnamnden):
    response = client_as(administrator).get(
        reverse("finance:committee-overview-export", args=["xlsx"]),
        {"committee": arbetsmarknadsnamnden.pk, "year": 2020},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *rows, total = list(sheet.iter_rows(values_only=True))
    assert len(header) == 14 and len(rows) == 5
    expected = {seed[0]: (int(seed[5]), int(seed[6])) for seed in SEED_TABLE}
    assert {row[2]: (row[8], row[9]) for row in rows} == expected
    assert (total[8], total[9]) == (6300926, 3670000)
    assert round(total[12], 3) == 0.582
    last = sheet.max_row
    assert "#,##0" in sheet.cell(last, 9).number_format and "kr" in sheet.cell(last, 9).number_format
    assert "#,##0" in sheet.cell(last, 11).number_format
    assert sheet.cell(last, 13).number_format == "0.0%"


def test_the_downloads_hold_what_the_page_shows_for_all_committees(client_as, administrator):
    resurspoolen_agreement()
    stadsmission_agreement()
    client = client_as(administrator)
    page = client.get(reverse("finance:committee-overview"), {"year": 2020}).context["overview"]
    lines = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("finance:committee-overview-export", args=["csv"]), {"year": 2020}).content.decode(
                    "utf-8-sig"
                )
            ),
            delimiter=";",
        )
    )
    assert [line[1] for line in lines[1:-1]] == [row.agreement.registry_number for row in page.rows]
    assert lines[-1][8] == str(int(page.totals.value))


def test_text_that_looks_like_a_formula_stays_text_in_the_downloads(client_as, administrator):
    committee = CommitteeFactory(name="Bildningsnämnden")
    iop(committee, "BN 1", '=HYPERLINK("http://example.com")', [OrganisationFactory()], cost="1", in_kind=["1"])
    client = client_as(administrator)
    query = {"committee": committee.pk, "year": 2020}
    text = client.get(reverse("finance:committee-overview-export", args=["csv"]), query).content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text), delimiter=";"))[1][2] == '\'=HYPERLINK("http://example.com")'
    content = client.get(reverse("finance:committee-overview-export", args=["xlsx"]), query).content
    cell = openpyxl.load_workbook(io.BytesIO(content)).active.cell(2, 3)
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://example.com")'


# --- Municipality overview and chart ---------------------------------------------------------


def test_the_municipality_overview_sums_per_committee(administrator, arbetsmarknadsnamnden):
    resurspoolen_agreement()
    stadsmission_agreement()
    result = overview.municipality_overview(user=administrator, year=2020)
    lines = {line.committee.name: line.totals for line in result.lines}
    assert list(lines) == ["Arbetsmarknadsnämnden", "Omsorgsnämnden", "Äldrenämnden"]  # Swedish order
    assert (lines["Arbetsmarknadsnämnden"].count, lines["Arbetsmarknadsnämnden"].value) == (5, Decimal("6300926"))
    assert (lines["Äldrenämnden"].value, lines["Äldrenämnden"].cost) == (Decimal("4785000"), Decimal("933000"))
    # Omsorgsnämnden: 1 800 000 raised by OPI 2019 and 2020, and the partners' 2 432 475
    assert lines["Omsorgsnämnden"].cost == Decimal("1904058")
    assert lines["Omsorgsnämnden"].value == Decimal("1904058") + Decimal("2432475")
    assert result.totals.count == 7
    assert result.totals.value == sum(totals.value for totals in lines.values())
    assert result.totals.cost == sum(totals.cost for totals in lines.values())


def test_money_per_committee_over_the_years(administrator):
    resurspoolen_agreement()
    stadsmission_agreement()
    money = overview.money_per_committee(user=administrator, years=range(2017, 2025))
    by_name = {committee.name: years for committee, years in money.items()}
    assert by_name["Äldrenämnden"][2019] == 0 and by_name["Äldrenämnden"][2020] == Decimal("933000")
    assert by_name["Äldrenämnden"][2022] == Decimal("964988") and by_name["Äldrenämnden"][2023] == 0
    # agreement years July–June, each counted in the year it starts: no fourth year 2021
    assert by_name["Omsorgsnämnden"][2018] == Decimal("1800000")
    assert by_name["Omsorgsnämnden"][2019] == Decimal("1848600")
    assert by_name["Omsorgsnämnden"][2020] == Decimal("1904058")
    assert by_name["Omsorgsnämnden"][2021] == 0


def test_the_chart_geometry_is_computed_from_the_amounts(db):
    committees = [CommitteeFactory(name="A"), CommitteeFactory(name="B")]
    series = {
        committees[0]: {2020: Decimal("1000000"), 2021: Decimal("2000000")},
        committees[1]: {2020: Decimal("500000"), 2021: None},
    }
    result = overview.chart(series, width=400, height=300)
    assert result.ticks[-1][1] == Decimal("2000000")  # the axis ends on a round amount
    tallest = max(result.bars, key=lambda bar: bar.h)
    assert tallest.y == result.top and tallest.h == result.plot_height
    assert len(result.bars) == 3 and result.unknown == [(committees[1], 2021)]
    half = next(bar for bar in result.bars if bar.committee == committees[0] and bar.year == 2020)
    assert half.h == result.plot_height / 2
    assert half.label == "A 2020: 1\xa0000\xa0000\xa0kr"


def test_the_municipality_page_draws_the_chart_in_svg(client_as, administrator):
    resurspoolen_agreement()
    response = client_as(administrator).get(reverse("finance:municipality-overview"), {"year": 2022})
    page = response.content.decode()
    assert response.status_code == 200
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in svg and 'aria-labelledby="chart-title chart-desc"' in svg
    assert '<title id="chart-title">' in svg and "2013" in svg and "2022" in svg
    assert '<desc id="chart-desc">' in svg and svg.count("<rect") == 3  # 2020–2022
    main = page[page.index("<main") : page.index("</main>")]
    assert "<script" not in main and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert kr("964 988") in page  # the chart's figures also as a table
    assert "Äldrenämnden" in page.split("chart-legend")[1]


# --- Queries do not grow with agreements or years --------------------------------------------


def _build(count, committees, start=0):
    for number in range(start, start + count):
        iop(
            committees[number % len(committees)],
            f"N 2019-{number}",
            f"IOP {number}",
            [OrganisationFactory()],
            cost="100000",
            in_kind=["50000"],
            activities=["Samtal"] if number % 2 else (),
            terms={"indexation_from_year": 2020} if number % 3 == 0 else None,  # some without terms
        )


def _queries(function):
    with CaptureQueriesContext(connection) as context:
        function()
    return len(context.captured_queries)


def test_the_overviews_run_the_same_number_of_queries_for_3_and_30_agreements(administrator, django_assert_num_queries):
    committees = [CommitteeFactory(name=f"Nämnd {n}") for n in range(3)]
    _build(3, committees)

    def committee_page():
        return overview.committee_overview(user=administrator, year=2020)

    def municipality_page():
        return overview.municipality_overview(user=administrator, year=2020)

    def chart_ten_years():
        return overview.money_per_committee(user=administrator, years=range(2011, 2021))

    committee_page()  # once first: nothing cached on the way may count
    small = {name: _queries(function) for name, function in [("c", committee_page), ("m", municipality_page)]}
    assert len(committee_page().rows) == 3
    _build(27, committees, start=3)
    for name, function in [("c", committee_page), ("m", municipality_page)]:
        with django_assert_num_queries(small[name]):
            result = function()
    assert result.totals.count == 30
    assert small["c"] <= 20  # the agreements with what they hold, and the index table

    one_year = _queries(lambda: overview.money_per_committee(user=administrator, years=[2020]))
    with django_assert_num_queries(one_year):
        money = chart_ten_years()
    # 10 of the 30 are raised by OPI 2020 (3,0 %): 20 × 100 000 + 10 × 103 000
    assert sum(years[2020] for years in money.values()) == Decimal("3030000")
