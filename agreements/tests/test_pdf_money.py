"""The money in the printed agreement: the figures say each money fact once, and the
"before decision" checklist flags a text whose amounts or dates disagree with them."""

import datetime
import re
import subprocess
from decimal import Decimal

import pytest

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements import document, services
from agreements.models import Agreement
from agreements.tests.factories import answer_all_criteria, make_agreement
from finance import services as finance_services
from finance import wording
from finance.models import ContributionKind, IndexStatus, IndexValue
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


def text_of(pdf_bytes):
    """The PDF's text as one line, in the order it is drawn (a draft's mark first on each
    page, a table row by row): words hyphenated at a line end joined again, every run of
    white space (non-breaking ones too) one space."""
    raw = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf_bytes, capture_output=True, check=True)
    raw = re.sub(r"(\w)[-\u00ad\u2010]\n\s*(\w)", r"\1\2", raw.stdout.decode())
    return " ".join(raw.replace(NBSP, " ").split())


def printed(version):
    return text_of(document.render(refreshed(version)))


def economy_of(text):
    """The economy section: from its heading to the period's."""
    return text[text.index("Ekonomi") : text.index("Period för överenskommelsen")]


def once(text, *facts):
    return {fact: text.count(fact) for fact in facts if text.count(fact) != 1}


# --- The PDF: each fact once, from the figures -------------------------------------------------


def test_the_demo_agreements_print_each_money_fact_once(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    resurspoolen = printed(Agreement.objects.get(registry_number="ÄN 2019-878").versions.get())
    assert not once(
        resurspoolen,
        "933 000 kr",  # the committee's money per year
        "3 852 000 kr",  # the hours' value per year
        "4 785 000 kr",  # the scope per year
        "OPI",
        "januari",
        "2020-01-01",
        "2022-12-31",
        "2 844 983 kr",  # 933 000 + 946 995 + 964 988 over the three years
        "förlängas",  # the extension option (the background's "förlängning" is the earlier agreement's)
        "Uppsägningstiden",  # the notice period
        "skriftlig",
    )
    assert "möjlighet till förlängning" not in resurspoolen  # the seed's words for the option: a figure now
    assert "Det är fritt för Resurspoolen att söka medel" in resurspoolen  # what the figures cannot say

    stadsmission = printed(Agreement.objects.get(registry_number="ON 2018-229").versions.get())
    assert not once(
        stadsmission,
        "1 800 000 kr",
        "4 232 475 kr",
        "OPI",
        "avtalsår, juli–juni",
        "i juli",
        "2018-07-01",
        "2021-06-30",
        "1 500 000 kr",
        "5 552 658 kr",  # 1 800 000 + 1 848 600 + 1 904 058
    )
    assert "ska återbetalas till Linköpings kommun" in stadsmission

    for agreement in Agreement.objects.all():
        for version in agreement.versions.all():
            for text in (version.economy, version.conditions):
                assert wording.named(text) == [], (agreement.registry_number, text)  # no money said in prose


def test_resurspoolen_prints_its_rules_and_its_total_over_the_period(db):
    economy = economy_of(printed(resurspoolen_agreement().versions.get()))
    assert "Nämndens pengar räknas per kalenderår." in economy
    assert "Från och med 2021 räknas nämndens pengar upp varje år med omsorgsprisindex (OPI)." in economy
    assert "Utbetalning sker en gång per år i januari." in economy
    # 933 000 is the first year's amount as well: said once, in the table of contributions.
    assert economy.count("933 000 kr") == 1 and "Första perioden" not in economy
    assert "Över hela perioden blir nämndens pengar till Resurspoolen 2 844 983 kr." in economy


def test_stadsmission_prints_the_total_of_its_three_agreement_years_per_party(db):
    economy = economy_of(printed(stadsmission_agreement().versions.get()))
    assert "Nämndens pengar räknas per avtalsår, juli–juni." in economy
    assert "Utbetalning sker en gång per år i juli." in economy
    assert "Fördelningen är bestämd för avtalsåret 2018/19." in economy
    rows = [
        "Linköpings stadsmission 1 500 000 kr",
        "Biståndsorganisationen Hjärta till hjärta 300 000 kr",
        "Linköpings domkyrkopastorat 0 kr",
        "Ännu inte fördelat 3 752 658 kr",  # 1 848 600 + 1 904 058
        "Totalt 5 552 658 kr",  # 1 800 000 + 1 848 600 + 1 904 058, the OPI of 2019 and 2020
    ]
    for row in rows:
        assert row in economy
    assert economy.index(rows[0]) < economy.index(rows[-1])
    assert "2019/20" not in economy and "1 848 600" not in economy  # the totals, not every year


def test_money_not_yet_split_between_partners_is_said_so_not_printed_as_nothing_each(db):
    agreement = make_agreement(
        partners=[OrganisationFactory(name="Erikshjälpen"), OrganisationFactory(name="Bilda")], registry_number="AN 1"
    )
    version = agreement.versions.get()
    add_contribution(
        version, version.parties.get(committee__isnull=False), ContributionKind.MONEY, amount=Decimal(1000)
    )
    economy = economy_of(printed(version))
    assert (
        "Över hela perioden blir nämndens pengar 3 000 kr. Fördelningen mellan parterna är ännu inte bestämd."
        in economy
    )
    assert "Erikshjälpen 0 kr" not in economy and "Bilda 0 kr" not in economy


def mid_year(**dates):
    agreement = make_agreement(
        committee=CommitteeFactory(name="Kultur- och fritidsnämnden"),
        partners=[OrganisationFactory(name="Föreningen Gården")],
        registry_number="KFN 2024-7",
        start=dates.get("start", D(2024, 7, 1)),
        end=dates.get("end", D(2026, 6, 30)),
        extension_months=None,
        extension_count=0,
        notice_months=None,
    )
    version = agreement.versions.get()
    committee_party = version.parties.get(committee__isnull=False)
    add_contribution(version, committee_party, ContributionKind.MONEY, amount=Decimal("100000"))
    set_terms(version, payment_months="1")
    return refreshed(version)


def test_a_mid_year_agreement_prints_its_partial_first_and_last_periods(db):
    economy = economy_of(printed(mid_year()))
    assert "Första perioden, till och med 2024-12-31 (6 månader): 50 000 kr." in economy
    assert "Sista perioden, från och med 2026-01-01 (6 månader): 50 000 kr." in economy
    assert "Över hela perioden blir nämndens pengar till Föreningen Gården 200 000 kr." in economy


def test_a_part_month_is_printed_with_its_share_of_a_month(db):
    economy = economy_of(printed(mid_year(start=D(2024, 7, 16), end=D(2025, 12, 31))))
    # 16–31 July is 16/31 of a month: 5.5 months of 100 000 kr a year.
    assert "Första perioden, till och med 2024-12-31 (5,5 månader): 45 968 kr." in economy
    assert "Sista perioden" not in economy  # 2025 is a whole year


def test_a_stated_period_amount_is_printed_as_stated(db):
    version = mid_year()
    finance_services.period_amount_save(
        by=None, version=version, lock_version=version.lock_version, period_start=D(2024, 7, 1), amount=Decimal("40000")
    )
    economy = economy_of(printed(version))
    assert "Första perioden, till och med 2024-12-31 (6 månader): 40 000 kr, enligt överenskommelsen." in economy
    assert "190 000 kr" in economy


def test_an_amendment_prints_the_day_its_money_applies_from(db):
    agreement = resurspoolen_agreement()
    amendment = services.agreement_amend(by=None, agreement=agreement, today=D(2021, 6, 1))
    set_terms(amendment, indexation_from_year=2021, payment_months="1", money_from=D(2022, 1, 1))
    economy = economy_of(printed(amendment))
    assert "Den här versionens belopp gäller från och med 2022-01-01" in economy
    assert "2 844 983 kr" in economy  # the same money: the earlier years keep version 1's


def test_the_total_runs_to_the_end_of_an_extension_once_its_raises_are_known(db):
    agreement = resurspoolen_agreement()
    services.agreement_extend(
        by=None, agreement=agreement, decision_body="Äldrenämnden", decision_date=D(2022, 6, 1), today=D(2022, 6, 1)
    )
    version = agreement.versions.get()
    assert "Nämndens pengar över hela perioden är ännu inte kända" in economy_of(printed(version))  # no OPI 2024
    IndexValue.objects.create(year=2024, percent=Decimal("3.0"), status=IndexStatus.DEFINITIVE, published="2024")
    IndexValue.objects.create(year=2025, percent=Decimal("2.0"), status=IndexStatus.PRELIMINARY, published="2024")
    economy = economy_of(printed(version))
    # 933 000, 946 995, 964 988, 1 009 377, then + 3,0 % and + 2,0 %: 1 039 658 and 1 060 451.
    assert (
        "Över hela perioden, till och med 2025-12-31, blir nämndens pengar till Resurspoolen 5 954 469 kr." in economy
    )
    assert "Summan bygger på ett preliminärt omsorgsprisindex." in economy


def test_the_economy_costs_the_same_queries_for_one_partner_as_for_three(db):
    def queries(agreement):
        version = agreement.versions.get()
        with CaptureQueriesContext(connection) as captured:
            document.context(version)
        return len(captured.captured_queries)

    assert queries(resurspoolen_agreement()) == queries(stadsmission_agreement())


# --- The checklist before decision --------------------------------------------------------------


@pytest.fixture
def draft(db):
    """The Resurspoolen draft, complete but for its texts: 933 000 kr a year, 2020–2022."""
    version = resurspoolen_agreement(state="draft").versions.get()
    answer_all_criteria(version)
    return refreshed(version)


def with_texts(version, **texts):
    services.version_update(by=None, version=version, lock_version=version.lock_version, **texts)
    return refreshed(version)


def problems(version):
    return [problem.replace(NBSP, " ") for problem in services.readiness_problems(version)]


def test_a_text_that_names_another_amount_than_the_figures_is_flagged(draft):
    version = with_texts(draft, economy="Äldrenämnden finansierar överenskommelsen med 1 000 000 kr per år.")
    found = problems(version)
    assert len(found) == 1 and "1 000 000 kr" in found[0] and "ekonomi" in found[0]
    with pytest.raises(ValidationError):
        services.version_submit(by=None, version=version)


def test_a_text_that_names_another_end_date_is_flagged(draft):
    version = with_texts(draft, conditions="Överenskommelsen gäller till och med 2023-12-31.")
    found = problems(version)
    assert len(found) == 1 and "2023-12-31" in found[0]


def test_a_text_that_agrees_with_the_figures_is_not_flagged(draft):
    version = with_texts(
        draft,
        economy=(
            "Överenskommelsens totala ekonomiska omfattning är 4 785 000 kr/år, varav äldrenämnden 933000 kr "
            "och Resurspoolen motsvarande 3\u00a0852\u00a0000 kronor. Uppräkning enligt OPI från och med "
            "2021-01-01; år 2022 blir det 964 988 kr och över hela perioden 2 844 983 kr."
        ),
        conditions="Överenskommelsen gäller från och med 2020-01-01 till och med 2022-12-31, med förlängning "
        "till och med 2025-12-31.",
    )
    assert problems(version) == []


def test_the_split_and_the_agreement_years_of_stadsmission_are_figures_a_text_may_name(db):
    agreement = stadsmission_agreement()
    version = services.agreement_amend(by=None, agreement=agreement, today=D(2019, 1, 10))
    answer_all_criteria(version)
    version = with_texts(
        version,
        economy="Fördelas för perioden 2018-07-01 – 2019-06-30 med 1 500 000 kr, 300 000 kr och 0 kr. "
        "Perioden 2019-07-01 – 2021-06-30 kan förändras. Omfattning 4 232 475 kr per år; 1,8 miljoner kronor.",
    )
    assert problems(version) == []
    version = with_texts(version, economy="Stadsmissionen får 1 600 000 kr för perioden 2019-07-01 – 2020-06-29.")
    found = problems(version)
    assert len(found) == 2 and "1 600 000 kr" in found[0] and "2020-06-29" in found[1]


def test_the_checklist_shows_the_disagreeing_amount_on_the_agreements_page(client_as, administrator, draft):
    version = with_texts(draft, economy="Äldrenämnden bidrar med 1 000 000 kr per år.")
    page = client_as(administrator).get(version.agreement.get_absolute_url()).content.decode()
    assert "1&#160;000&#160;000 kr" in page or "1\xa0000\xa0000\xa0kr" in page or "1 000 000 kr" in page
    assert "Skicka till beslut" not in page


def test_odd_texts_are_read_without_failing(db):
    found = wording.named("2020-02-30, 99999999999999999999 kr, 12,5 tkr, 1.800.000 kr, år 2020 933 000 kr, 5 kap 4§")
    assert [value for _kind, _text, value in found] == [
        None,  # not a real date: it matches no date of the agreement
        Decimal("99999999999999999999"),
        Decimal("12500"),
        Decimal("1800000"),
        Decimal("933000"),
    ]
