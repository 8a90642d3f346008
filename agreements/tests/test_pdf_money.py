"""The "before decision" checklist flags a text whose amounts or dates disagree with the
agreement's figures."""

import datetime
from decimal import Decimal

import pytest

from django.core.exceptions import ValidationError

from agreements import services
from agreements.tests.factories import answer_all_criteria
from finance import wording
from finance.tests.factories import (
    refreshed,
    resurspoolen_agreement,
    stadsmission_agreement,
)

D = datetime.date
NBSP = "\xa0"


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
