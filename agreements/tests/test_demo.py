"""The demo agreements: the seeds entered completely, their life cycle, the invented
material marked as such, and loading twice changing nothing."""

import datetime

import pytest

from django.core.management import call_command

from agreements import demo
from agreements.models import (
    Activity,
    Agreement,
    AgreementVersion,
    CriterionAssessment,
    DefaultText,
    Party,
    Responsibility,
    Section,
    Signature,
    Status,
)
from agreements.services import DEFAULT_TEXT_FIELDS
from agreements.state import Phase, state
from partners.models import Organisation
from partners.orgnr import normalise_org_number
from partners.tests.factories import MunicipalityFactory

D = datetime.date
TODAY = D(2026, 11, 22)


@pytest.fixture
def loaded(db, settings):
    settings.DEBUG = True
    call_command("load_demo")


def agreement(registry_number):
    return Agreement.objects.get(registry_number=registry_number)


def version_of(registry_number):
    return agreement(registry_number).versions.get()


def signatures(version):
    return [
        (s.party.name, s.signatory_name, s.signatory_title, s.place, s.date)
        for s in Signature.objects.filter(party__version=version).select_related(
            "party__committee", "party__organisation"
        )
    ]


def test_resurspoolen_is_the_seed_agreement(loaded):
    version = version_of("ÄN 2019-878")
    assert version.title == "Idéburet offentligt partnerskap (IOP) mellan Resurspoolen och Linköpings kommun"
    assert version.committee.name == "Äldrenämnden"
    assert version.administration.name == "Social- och omsorgsförvaltningen"
    assert [party.name for party in version.parties.all()] == ["Äldrenämnden", "Resurspoolen"]
    assert (version.start_date, version.end_date) == (D(2020, 1, 1), D(2022, 12, 31))
    assert (version.extension_months, version.extension_count, version.notice_months) == (36, 1, 6)
    assert version.decision_deadline is None
    assert version.status == Status.SIGNED and version.signed_on == D(2019, 12, 16)
    assert version.decision_body == "Äldrenämnden" and version.decision_reference == ""
    assert version.decision_date < version.signed_on
    assert signatures(version) == [
        ("Äldrenämnden", "Linda Ljungqvist", "social- och omsorgsdirektör", "Linköping", D(2019, 12, 16)),
        ("Resurspoolen", "Siv Nordqvist", "ordförande", "Linköping", D(2019, 12, 16)),
    ]
    assert list(version.sections.values_list("heading", flat=True)) == [
        "Resurspoolens insats",
        "Linköpings kommuns insats",
    ]
    assert list(version.activities.values_list("name", flat=True)) == [
        "Träffpunktsverksamhet",
        "Promenadgrupper",
        "Snickeriverksamhet",
    ]
    assert version.references == [
        "FN:s konvention om mänskliga rättigheter",
        "Barnkonventionen",
        "CEMR deklarationen (Europeiska deklarationen för jämställdhet mellan kvinnor och män på lokal och "
        "regional nivå)",
        "Kommunens policys och riktlinjer",
    ]
    # The seed's money and dates are figures now (printed from them): the texts keep the rest.
    assert version.economy.endswith("att söka medel från andra finansiärer eller andra samarbetsorganisationer.")
    assert "933 000" not in version.economy and "OPI" not in version.economy
    assert version.conditions.startswith("Överenskommelse med social- och omsorgsnämnden som gäller t.o.m. 191231")
    assert "2022-12-31" not in version.conditions and "sex månader" not in version.conditions
    assert version.changes_clause.startswith("Om någon av parterna på grund av väsentligt förändrade förutsättningar")
    assert version.purpose.startswith("Överenskommelsen syftar till att bidra till positiv utveckling")
    assert "\n- att underlätta lokal utveckling i stadsdelar och kommundelar\n" in version.background


def test_resurspoolen_responsibilities_are_grouped_by_party(loaded):
    version = version_of("ÄN 2019-878")
    by_whose = {}
    for item in version.responsibilities.select_related("party__committee", "party__organisation"):
        by_whose.setdefault(item.party.name if item.party else "Gemensamt", []).append(item.text)
    assert [len(by_whose[key]) for key in ("Äldrenämnden", "Gemensamt", "Resurspoolen")] == [3, 3, 4]
    assert by_whose["Äldrenämnden"][0] == "Har det yttersta ansvaret för de som bor och vistas i kommunen."
    assert by_whose["Resurspoolen"][2].endswith("träffpunktsverksamhet, promenadgrupper, snickeriverksamhet")


def test_stadsmission_is_the_seed_agreement(loaded):
    version = version_of("ON 2018-229")
    assert version.committee.name == "Omsorgsnämnden"
    assert [party.name for party in version.parties.all()] == [
        "Omsorgsnämnden",
        "Linköpings stadsmission",
        "Biståndsorganisationen Hjärta till hjärta",
        "Linköpings domkyrkopastorat",
    ]
    assert (version.start_date, version.end_date) == (D(2018, 7, 1), D(2021, 6, 30))
    assert (version.extension_months, version.extension_count, version.notice_months) == (None, 0, None)
    assert version.status == Status.SIGNED and version.signed_on == D(2018, 5, 30)
    assert signatures(version) == [
        ("Omsorgsnämnden", "Linda Ljungqvist", "", "Linköping", D(2018, 5, 30)),
        *[
            (name, f"Firmatecknare för {name}", "firmatecknare", "Linköping", D(2018, 5, 30))
            for name in demo.SM_PARTNERS
        ],
    ]
    assert list(version.sections.values_list("heading", flat=True)) == [
        "De idéburnas verksamhet",
        "Uppsökande verksamhet",
        "Rådgivning",
        "Samverkan med utsatta EU-medborgares hemländer",
        "Operativ samverkan",
        "Strategisk samverkan",
    ]
    assert not version.responsibilities.exists()  # the seed has no list of responsibilities
    assert version.conditions.endswith("under förutsättning att samtliga aktörer undertecknat överenskommelsen.")
    assert version.economy.endswith("ska återbetalas till Linköpings kommun.")
    assert "1 500 000" not in version.economy and "juli" not in version.economy  # the split and payment: figures
    assert "Klicka här" not in version.background


def test_seed_texts_keep_paragraphs_and_bullets_in_the_markup(loaded):
    for registry_number in ("ÄN 2019-878", "ON 2018-229"):
        version = version_of(registry_number)
        texts = [version.background, version.objectives, version.value_base, version.starting_points]
        texts += list(version.sections.values_list("body", flat=True))
        for text in texts:
            for line in text.split("\n"):
                assert line == line.strip() and "•" not in line
        assert "\n\n" in version.background
    assert "\n- förebygga brottslighet genom trygghetsskapande åtgärder\n" in version_of("ON 2018-229").objectives


def test_both_real_agreements_have_ended_by_today(loaded):
    assert state(agreement("ÄN 2019-878"), TODAY).phase == Phase.REPLACED
    assert state(agreement("ON 2018-229"), TODAY).phase == Phase.EXPIRED
    assert state(agreement("ÄN 2019-878"), D(2021, 6, 1)).phase == Phase.IN_FORCE
    assert state(agreement("ON 2018-229"), D(2019, 6, 1)).phase == Phase.IN_FORCE


def test_real_agreements_have_all_criteria_judged_as_reconstructions(loaded):
    for registry_number in ("ÄN 2019-878", "ON 2018-229"):
        version = version_of(registry_number)
        assessments = list(version.assessments.all())
        assert [a.criterion for a in assessments] == list(range(1, 9))
        assert all(a.judgement and a.motivation.startswith("(Demo: rekonstruerad bedömning)") for a in assessments)
        assert version.legal_review.startswith("(Demo: rekonstruerad bedömning)")


def test_the_invented_renewal_is_in_force_and_replaces_resurspoolen(loaded):
    renewal = agreement(demo.RENEWAL_DNR)
    current = state(renewal, TODAY)
    assert current.phase == Phase.IN_FORCE
    assert list(renewal.predecessors.all()) == [agreement("ÄN 2019-878")]
    version = current.in_force
    assert (version.start_date, version.end_date) == (D(2023, 1, 1), D(2026, 12, 31))
    assert (version.extension_months, version.extension_count) == (36, 1)
    assert version.background.startswith("Påhittat demomaterial")
    assert [party.name for party in version.parties.all()] == ["Äldrenämnden", "Resurspoolen"]
    assert version.activities.count() == 3 and version.responsibilities.count() == 10
    assert D(2022, 1, 1) < version.decision_date < version.signed_on < version.start_date


def test_five_arbetsmarknad_partnerships_with_the_documents_figures(loaded):
    versions = AgreementVersion.objects.filter(committee__name="Arbetsmarknadsnämnden").order_by(
        "agreement__registry_number"
    )
    assert [v.title for v in versions] == [
        "Hoppfull framtid",
        "Kompletterande språkträning",
        "Bromodellen – Vägen till anställningsbarhet",
        "Inkludering på lika villkor",
        "Språkvänner",
    ]
    # The value and cost per year are figures (finance's demo test holds them to the document).
    assert [v.economy for v in versions] == [""] * 5
    assert [spec["value"] for spec in demo.AN_PARTNERSHIPS] == [
        "2 080 500 kr",
        "897 626 kr",
        "1 791 200 kr",
        "454 000 kr",
        "1 077 600 kr",
    ]
    bromo = versions.get(title__startswith="Bromodellen")
    assert [p.name for p in bromo.parties.all()] == ["Arbetsmarknadsnämnden", "Erikshjälpen", "Bilda"]
    hoppfull = versions.get(title="Hoppfull framtid")
    assert (hoppfull.planned_participants, hoppfull.referral) == (25, "AMC.")
    for version in versions:
        assert version.administration.name == "Utbildnings- och arbetsmarknadsförvaltningen"
        assert "Information om IOP, arbetsmarknadsnämnden februari 2020" in version.background
        assert version.agreement.registry_number.startswith("AN DEMO-")
        assert state(version.agreement, D(2020, 2, 15)).phase == Phase.IN_FORCE


def test_one_invented_draft(loaded):
    drafts = [a for a in Agreement.objects.all() if state(a, TODAY).phase == Phase.DRAFT]
    assert len(drafts) == 1
    version = drafts[0].versions.get()
    assert version.committee.name == "Bildningsnämnden"
    assert version.background.startswith("Påhittat demomaterial")
    assert version.parties.count() == 2
    judged = [a.criterion for a in version.assessments.all() if a.judgement]
    assert 0 < len(judged) < 8


def test_default_texts_are_seeded(loaded):
    texts = dict(DefaultText.objects.filter(municipality__name="Linköpings kommun").values_list("field", "text"))
    assert set(texts) <= set(DEFAULT_TEXT_FIELDS)
    assert texts["signing_place"] == "Linköping"
    assert "Barnkonventionen" in texts["value_base_references"].splitlines()
    assert texts["changes_clause"].startswith("Om någon av parterna på grund av väsentligt förändrade")


def test_invented_org_numbers_are_valid_and_marked(loaded):
    for name, number in demo.INVENTED_ORG_NUMBERS.items():
        organisation = Organisation.objects.get(name=name)
        assert organisation.org_number == normalise_org_number(number)
        assert demo.INVENTED_ORG_NUMBER_NOTE in organisation.description
    assert Organisation.objects.get(name="Resurspoolen").org_number == "822003-0913"


def test_default_texts_set_by_an_administrator_are_kept(db, settings):
    settings.DEBUG = True
    DefaultText.objects.create(municipality=MunicipalityFactory(), field="signing_place", text="Norrköping")
    call_command("load_demo")
    assert DefaultText.objects.get(field="signing_place", municipality__name="Linköpings kommun").text == "Norrköping"


MODELS = (
    Agreement,
    AgreementVersion,
    Party,
    Signature,
    Responsibility,
    Activity,
    Section,
    CriterionAssessment,
    DefaultText,
    Organisation,
)


def counts():
    return {model.__name__: (model.objects.count(), model.history.count()) for model in MODELS}


def test_loading_twice_changes_nothing(loaded):
    before = counts()
    # Two seeds, the renewal, five AN partnerships, the draft, the two invented money shapes,
    # and the invented second municipality's one agreement.
    assert before["Agreement"][0] == 12
    assert before["AgreementVersion"][0] == 13  # the amended agreement has two versions
    call_command("load_demo")
    assert counts() == before


# --- The invented money shapes: a mid-year agreement and an amendment from a later year ---


def test_the_invented_mid_year_agreement_runs_from_july_to_march(loaded):
    version = version_of(demo.MIDYEAR_DNR)
    assert version.committee.name == "Bildningsnämnden"
    assert [party.name for party in version.parties.all()] == ["Bildningsnämnden", "Linköping södra Röda korskrets"]
    assert (version.start_date, version.end_date) == (D(2024, 7, 1), D(2026, 3, 31))  # 21 months
    assert version.status == Status.SIGNED
    assert version.decision_date < version.signed_on < version.start_date
    for text in (version.background, version.economy):
        assert "påhittat demomaterial" in text.lower()
    assert all(a.motivation.startswith("(Demo: påhittad bedömning)") for a in version.assessments.all())
    assert state(agreement(demo.MIDYEAR_DNR), D(2025, 6, 1)).phase == Phase.IN_FORCE
    assert state(agreement(demo.MIDYEAR_DNR), TODAY).phase == Phase.EXPIRED


def test_the_invented_amendment_is_a_second_version_decided_and_signed_anew(loaded):
    amended = agreement(demo.AMENDED_DNR)
    first, second = amended.versions.order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert first.status == second.status == Status.SIGNED
    assert first.committee.name == second.committee.name == "Omsorgsnämnden"
    assert [party.name for party in second.parties.all()] == ["Omsorgsnämnden", "Linköpings domkyrkopastorat"]
    assert (
        (second.start_date, second.end_date) == (first.start_date, first.end_date) == (D(2024, 1, 1), D(2027, 12, 31))
    )
    assert first.signed_on < first.start_date < second.decision_date < second.signed_on < TODAY
    assert len(signatures(second)) == 2
    # The amendment says why, and that it is invented; the first version stays as it was signed.
    assert "påhittat demomaterial" in second.economy.lower() and second.economy != first.economy
    assert "påhittat demomaterial" in first.background.lower()
    current = state(amended, TODAY)
    assert current.phase == Phase.IN_FORCE and current.in_force == second and current.draft is None
