# Long module: it enters eleven agreements step by step, as a planner would; their texts are in data/.
"""Demo agreements, entered through agreements.services as a planner would enter them.

The texts and tables are data files beside this module (data/*.md, data/*.json), as the
seed documents (../shared/seeds/) give them; this module only enters them. Each data
file says in its opening lines what in it is real and what is invented:

- The Resurspoolen agreement (Äldrenämnden, Dnr ÄN 2019-878) and the Stadsmission /
  Hjärta till hjärta / Domkyrkopastoratet agreement (Omsorgsnämnden, Dnr ON 2018-229)
  are the seed documents, every text word for word in its field, except the sentences
  that state money and dates: those are entered as figures (the dates here, the money by
  the `before_signing` hook) and the printed agreement states them from there, once.
  The seeds give no decision dates, and the Resurspoolen seed dates its signatures
  "2019-xx-xx": those dates are assumed and marked where they are set. The criteria
  assessments and legal reviews are not in the seeds; they are marked as reconstructions.
- The five arbetsmarknadsnämnden partnerships hold what "Information om IOP,
  arbetsmarknadsnämnden februari 2020" gives. Their registry numbers, periods, decisions
  and signatures are invented (marked DEMO), chosen only so that they were in force in
  February 2020, as the document says.
- A renewal of the Resurspoolen agreement, one draft for Bildningsnämnden, one agreement
  from mid-year to mid-year and one amended from a later year are invented demo material
  and say so in their background text.

The seeds give organisation numbers only for Linköpings kommun and Resurspoolen; an
organisation cannot sign without one, so the other signing organisations get INVENTED
numbers here (see INVENTED_ORG_NUMBERS), marked in their description.

This module knows no money and no clock: `load(today=..., before_signing=...)` is given
the demo's day and what to add to each version while it is still a draft (the demo's
money), by whoever composes the demo. It creates what is missing and skips an agreement
whose registry number exists, so running it twice changes nothing.
"""

import datetime
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from agreements import services
from agreements.models import Agreement, DefaultText, Judgement
from partners import services as partners_services
from partners.demo import MUNICIPALITY
from partners.models import Administration, Committee, Municipality, Organisation

D = datetime.date
DATA = Path(__file__).resolve().parent / "data"

KOMMUN = "kommun"  # a responsibility of the committee party ("Linköpings kommun:")
GEMENSAMT = None  # a joint responsibility ("Gemensamt ansvar:")

# INVENTED demo numbers (Luhn-correct, 8-series, visibly artificial 899999-00N-): the
# register has none for these organisations, and an organisation must have one to sign.
INVENTED_ORG_NUMBERS = {
    "Linköpings stadsmission": "899999-0016",
    "Biståndsorganisationen Hjärta till hjärta": "899999-0024",
    "Linköpings domkyrkopastorat": "899999-0032",
    "Bilda": "899999-0040",
    "Erikshjälpen": "899999-0057",
    "IKF": "899999-0065",
    "Linköping södra Röda korskrets": "899999-0073",
}
INVENTED_ORG_NUMBER_NOTE = "(Demo: organisationsnumret är påhittat; registret saknar uppgiften.)"

RECONSTRUCTED = "(Demo: rekonstruerad bedömning)"
INVENTED = "(Demo: påhittad bedömning)"


def texts(name):
    """The `## key` sections of data/<name>.md: each body as written, in the application's
    simple markup (a blank line starts a paragraph, a line starting with "- " is a bullet).
    HTML comments are notes for the reader and left out."""
    text = (DATA / f"{name}.md").read_text(encoding="utf-8")
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    sections = {}
    for block in re.split(r"^## ", text, flags=re.MULTILINE)[1:]:
        key, _, body = block.partition("\n")
        if key.strip() in sections:
            raise ValueError(f"data/{name}.md: {key.strip()!r} twice")
        sections[key.strip()] = body.strip()
    return sections


def table(name):
    """data/<name>.json."""
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def _prefixed(sections, prefix):
    """(rest of the key, body) of the sections whose key starts with `prefix`, in file order."""
    return [(key.removeprefix(prefix), body) for key, body in sections.items() if key.startswith(prefix)]


def _assessments(data, **values):
    """Criterion number → (judgement, text) from a data table; `values` fill its {placeholders}."""
    return {
        int(number): (Judgement(judgement), text.format(**values) if values else text)
        for number, (judgement, text) in data["assessments"].items()
    }


@dataclass(frozen=True)
class Run:
    """What the composer gives the loaders: the demo's day, passed as `today` to the
    services that refuse dates in the future, and what to add to a version before it is
    submitted (its money, which a signed version can no longer take)."""

    today: datetime.date
    before_signing: Callable  # (version) -> None


# --- The demo agreements: registry numbers, dates and partners ---------------------------------

RP_DNR = "ÄN 2019-878"
# Assumed: the seed gives no decision date; Äldrenämnden decides in November 2019, after
# the document of October 2019 and before the old agreements' deadline 2019-12-31.
RP_DECISION_DATE = D(2019, 11, 21)
# Assumed: the seed says "Linköping 2019-xx-xx"; a date in December 2019, before the start.
RP_SIGNED_ON = D(2019, 12, 16)

SM_DNR = "ON 2018-229"
SM_PARTNERS = [name for name, _ in _prefixed(texts("stadsmission"), "partner: ")]
# Assumed: the seed gives no decision date; a meeting of Omsorgsnämnden two weeks before
# the signatures of 2018-05-30.
SM_DECISION_DATE = D(2018, 5, 17)
SM_SIGNED_ON = D(2018, 5, 30)  # "Linköping 2018-05-30"

RENEWAL_DNR = "ÄN 2022-DEMO"  # invented
RENEWAL_DECISION_DATE = D(2022, 11, 24)  # invented
RENEWAL_SIGNED_ON = D(2022, 12, 12)  # invented

# The overview table, column by column (data/arbetsmarknad.json). Invented, marked: the
# document gives no dates. A period that covers February 2020, when the document says the
# partnerships were in force; decided and signed shortly before. They are signed (with
# placeholder signatories and invented organisation numbers) rather than left "decided",
# because the document describes them as agreements in force.
AN_PARTNERSHIPS = table("arbetsmarknad")["partnerships"]
AN_START, AN_END = D(2019, 1, 1), D(2020, 12, 31)
AN_DECISION_DATE = D(2018, 12, 13)
AN_SIGNED_ON = D(2018, 12, 20)

DRAFT_DNR = "BN DEMO-1"  # invented
DRAFT_PARTNER = "Bilda"

# Two money shapes the seeds lack, INVENTED: one agreement that starts and ends mid-year
# (Bildningsnämnden, 2024-07-01 – 2026-03-31) and one amended after it was signed, to raise
# the committee's money from a later year (Omsorgsnämnden, 2024–2027, version 2).
MIDYEAR_DNR = "BN DEMO-2"  # invented
MIDYEAR_PARTNER = "Linköping södra Röda korskrets"
MIDYEAR_DECISION_DATE = D(2024, 5, 23)  # invented
MIDYEAR_SIGNED_ON = D(2024, 6, 13)  # invented

AMENDED_DNR = "ON DEMO-1"  # invented
AMENDED_PARTNER = "Linköpings domkyrkopastorat"
AMENDED_DECISION_DATE = D(2023, 11, 16)  # invented
AMENDED_SIGNED_ON = D(2023, 12, 7)  # invented
AMENDMENT_DECISION_DATE = D(2025, 10, 23)  # invented
AMENDMENT_SIGNED_ON = D(2025, 11, 12)  # invented


# --- Building through the services ---------------------------------------------------------------


def _municipality():
    return Municipality.objects.get(name=MUNICIPALITY["name"])


def _committee(name):
    return Committee.objects.get(municipality=_municipality(), name=name)


def _administration(name):
    return Administration.objects.get(municipality=_municipality(), name=name)


def _organisation(name):
    return Organisation.objects.get(name=name)


def _exists(registry_number):
    return Agreement.objects.filter(municipality=_municipality(), registry_number=registry_number).exists()


def _agreement(registry_number):
    return Agreement.objects.get(municipality=_municipality(), registry_number=registry_number)


def _marked(marker, answers):
    return {number: (judgement, f"{marker} {text}") for number, (judgement, text) in answers.items()}


def _draft(
    *,
    committee,
    registry_number,
    title,
    fields,
    committee_description="",
    partners=(),
    responsibilities=(),
    activities=(),
    sections=(),
    start="blank",
):
    """A new agreement's first version, filled in the way the edit pages fill it."""
    agreement = services.agreement_create(
        by=None, committee=committee, title=title, registry_number=registry_number, start=start
    )
    version = agreement.versions.get()
    services.version_update(by=None, version=version, lock_version=version.lock_version, **fields)
    committee_party = version.parties.get(committee__isnull=False)
    if committee_description:
        committee_party.version = version  # item_update claims the lock on this very object
        services.item_update(
            by=None, item=committee_party, lock_version=version.lock_version, description=committee_description
        )
    parties = {KOMMUN: committee_party}
    for name, description in partners:
        parties[name] = services.item_add(
            by=None,
            version=version,
            lock_version=version.lock_version,
            kind="party",
            organisation=_organisation(name),
            description=description,
        )
    for whose, text in responsibilities:
        services.item_add(
            by=None,
            version=version,
            lock_version=version.lock_version,
            kind="responsibility",
            party=parties[whose] if whose is not GEMENSAMT else None,
            text=text,
        )
    for name, description in activities:
        services.item_add(
            by=None,
            version=version,
            lock_version=version.lock_version,
            kind="activity",
            name=name,
            description=description,
        )
    for heading, body in sections:
        services.item_add(
            by=None, version=version, lock_version=version.lock_version, kind="section", heading=heading, body=body
        )
    return agreement, version


def _assess(version, answers, legal_review):
    services.assessments_save(
        by=None, version=version, lock_version=version.lock_version, answers=answers, legal_review=legal_review
    )


def _decide_and_sign(version, run, *, decision_date, signed_on, signatories):
    """Ready for decision, decided by the committee, signed by every party.

    signatories: party name → (signatory name, title). The paragraph of the decision is
    unknown for every demo agreement and stays empty.
    """
    # The money is part of the text: it goes in while the version is a draft.
    run.before_signing(version)
    services.version_submit(by=None, version=version)
    services.version_decide(
        by=None, version=version, decision_body=version.committee.name, decision_date=decision_date, today=run.today
    )
    for party in version.parties.select_related("committee", "organisation"):
        name, title = signatories[party.name]
        services.version_sign(
            by=None,
            party=party,
            signatory_name=name,
            signatory_title=title,
            place=version.signing_place,
            date=signed_on,
            today=run.today,
        )
    version.refresh_from_db()
    return version


def _placeholder_signatories(version):
    """Placeholders for parties whose signatories no document names."""
    signatories = {}
    for party in version.parties.select_related("committee", "organisation"):
        if party.is_public:
            signatories[party.name] = (f"Företrädare för {party.name}", "")
        else:
            signatories[party.name] = (f"Firmatecknare för {party.name}", "firmatecknare")
    return signatories


def load_default_texts(municipality):
    """The municipality's standard wording, where an administrator has not already set one."""
    existing = set(DefaultText.objects.filter(municipality=municipality).values_list("field", flat=True))
    for field, text in texts("default_texts").items():
        if field not in existing:
            services.default_text_save(by=None, municipality=municipality, field=field, text=text)


def load_invented_org_numbers():
    """INVENTED organisation numbers, so that the demo's partners can sign; marked as such."""
    for name, number in INVENTED_ORG_NUMBERS.items():
        organisation = Organisation.objects.filter(name=name, org_number__isnull=True).first()
        if organisation is None:
            continue
        description = f"{organisation.description}\n\n{INVENTED_ORG_NUMBER_NOTE}".strip()
        partners_services.organisation_update(
            by=None, organisation=organisation, org_number=number, description=description
        )


def load_resurspoolen(run):
    if _exists(RP_DNR):
        return _agreement(RP_DNR)
    text, data = texts("resurspoolen"), table("resurspoolen")
    agreement, version = _draft(
        committee=_committee("Äldrenämnden"),
        registry_number=RP_DNR,
        title=text["title"],
        fields={
            "administration": _administration("Social- och omsorgsförvaltningen"),
            "start_date": D(2020, 1, 1),
            "end_date": D(2022, 12, 31),
            "extension_months": 36,
            "extension_count": 1,
            "notice_months": 6,
            # "Senast 2019-12-31 ska ställning tas …" concerns the earlier agreement: no deadline here.
            "background": f"{text['background_general']}\n\n{text['background']}",
            "challenge": text["challenge"],
            "purpose": text["purpose"],
            "objectives": text["objectives"],
            "target_group": text["target_group"],
            "value_base": text["value_base"],
            "value_base_references": text["value_base_references"],
            "starting_points": text["starting_points"],
            "follow_up": text["follow_up"],
            "economy": text["economy"],
            "conditions": text["conditions"],
            "changes_clause": text["changes_clause"],
            "signing_place": "Linköping",
        },
        committee_description=text["committee_description"],
        partners=_prefixed(text, "partner: "),
        responsibilities=[tuple(row) for row in data["responsibilities"]],
        activities=[tuple(row) for row in data["activities"]],
        sections=_prefixed(text, "section: "),
    )
    _assess(version, _marked(RECONSTRUCTED, _assessments(data)), f"{RECONSTRUCTED} {text['legal_review']}")
    _decide_and_sign(
        version,
        run,
        decision_date=RP_DECISION_DATE,
        signed_on=RP_SIGNED_ON,
        signatories={name: tuple(signatory) for name, signatory in data["signatories"].items()},
    )
    return agreement


def load_stadsmission(run):
    if _exists(SM_DNR):
        return _agreement(SM_DNR)
    text, data = texts("stadsmission"), table("stadsmission")
    agreement, version = _draft(
        committee=_committee("Omsorgsnämnden"),
        registry_number=SM_DNR,
        title=text["title"],
        fields={
            # The administration the 2018 agreement names (since reorganised).
            "administration": _administration("Omsorgs- och äldreförvaltningen"),
            "start_date": D(2018, 7, 1),
            "end_date": D(2021, 6, 30),
            # No extension option, and the seed states no notice period.
            "background": text["background"],
            "purpose": text["purpose"],
            "objectives": text["objectives"],
            "target_group": text["target_group"],
            "value_base": text["value_base"],
            "value_base_references": text["value_base_references"],
            "gender_equality": text["gender_equality"],
            "starting_points": text["starting_points"],
            "follow_up": text["follow_up"],
            "economy": text["economy"],
            "conditions": text["conditions"],
            "changes_clause": text["changes_clause"],
            "signing_place": "Linköping",
        },
        committee_description=text["committee_description"],
        partners=_prefixed(text, "partner: "),
        activities=[tuple(row) for row in data["activities"]],
        sections=_prefixed(text, "section: "),
    )
    _assess(version, _marked(RECONSTRUCTED, _assessments(data)), f"{RECONSTRUCTED} {text['legal_review']}")
    # The seed names only the committee's signatory, without a title; the organisations'
    # lines are blank, so they get a placeholder.
    signatories = {name: tuple(signatory) for name, signatory in data["signatories"].items()} | {
        name: (f"Firmatecknare för {name}", "firmatecknare") for name in SM_PARTNERS
    }
    _decide_and_sign(version, run, decision_date=SM_DECISION_DATE, signed_on=SM_SIGNED_ON, signatories=signatories)
    return agreement


def load_renewal(run, resurspoolen):
    """INVENTED: the Resurspoolen agreement renewed from 2023, in force today."""
    if _exists(RENEWAL_DNR):
        return _agreement(RENEWAL_DNR)
    original, text = texts("resurspoolen"), texts("renewal")
    agreement = services.agreement_renew(by=None, agreements=[resurspoolen], registry_number=RENEWAL_DNR)
    version = agreement.versions.get()
    services.version_update(
        by=None,
        version=version,
        lock_version=version.lock_version,
        title=f"{original['title']} 2023–2026",
        start_date=D(2023, 1, 1),
        end_date=D(2026, 12, 31),
        extension_months=36,
        extension_count=1,
        notice_months=6,
        background=f"{text['background']}\n\n{original['background_general']}",
        economy=text["economy"],
        conditions=text["conditions"],
    )
    _assess(version, _marked(INVENTED, _assessments(table("resurspoolen"))), f"{INVENTED} {original['legal_review']}")
    _decide_and_sign(
        version,
        run,
        decision_date=RENEWAL_DECISION_DATE,
        signed_on=RENEWAL_SIGNED_ON,
        signatories=_placeholder_signatories(version),
    )
    return agreement


def load_arbetsmarknad(run):
    committee = _committee("Arbetsmarknadsnämnden")
    administration = _administration("Utbildnings- och arbetsmarknadsförvaltningen")
    text, data = texts("arbetsmarknad"), table("arbetsmarknad")
    loaded = []
    for spec in AN_PARTNERSHIPS:
        if _exists(spec["registry_number"]):
            loaded.append(_agreement(spec["registry_number"]))
            continue
        agreement, version = _draft(
            committee=committee,
            registry_number=spec["registry_number"],
            title=spec["title"],
            fields={
                "administration": administration,
                "start_date": AN_START,
                "end_date": AN_END,
                "background": text["background"],
                "target_group": spec["target_group"],
                "referral": spec["referral"],
                "planned_participants": spec["planned_participants"],
                "participants_note": spec["participants_note"],
                "signing_place": "Linköping",
            },
            partners=[(name, "") for name in spec["partners"]],
            activities=[tuple(row) for row in spec["activities"]],
        )
        answers = _assessments(data, value=spec["value"], cost=spec["cost"], partners=" och ".join(spec["partners"]))
        _assess(version, _marked(RECONSTRUCTED, answers), f"{RECONSTRUCTED} {text['legal_review']}")
        _decide_and_sign(
            version,
            run,
            decision_date=AN_DECISION_DATE,
            signed_on=AN_SIGNED_ON,
            signatories=_placeholder_signatories(version),
        )
        loaded.append(agreement)
    return loaded


def load_draft():
    """INVENTED: a draft for Bildningsnämnden, started from the default texts, half done."""
    if _exists(DRAFT_DNR):
        return _agreement(DRAFT_DNR)
    text = texts("draft")
    starting_points = (
        DefaultText.objects.filter(municipality=_municipality(), field="starting_points")
        .values_list("text", flat=True)
        .first()
    )
    agreement, version = _draft(
        committee=_committee("Bildningsnämnden"),
        registry_number=DRAFT_DNR,
        title=text["title"],
        start="defaults",
        fields={
            "administration": _administration("Utbildnings- och arbetsmarknadsförvaltningen"),
            "start_date": D(2027, 1, 1),
            "end_date": D(2029, 12, 31),
            "background": text["background"],
            "purpose": text["purpose"],
            "target_group": text["target_group"],
            "starting_points": "\n".join(filter(None, [starting_points, text["goals"]])),
            "referral": "Vuxenutbildningen\nEget initiativ.",
        },
        partners=[(DRAFT_PARTNER, "")],
        responsibilities=[
            (DRAFT_PARTNER, "Leda språkcirklar i svenska, med cirkelledare och lokaler."),
            (KOMMUN, "Informera sfi-studerande om språkcirklarna."),
            (GEMENSAMT, "Följa upp deltagandet varje termin."),
        ],
        activities=[("Språkcirklar", "Samtal på svenska i små grupper, kvällstid.")],
    )
    _assess(version, _marked("(Demo: påhittat utkast)", _assessments(table("draft"))), "")
    return agreement


def load_mid_year(run):
    """INVENTED: an agreement from July to March, paid in January."""
    if _exists(MIDYEAR_DNR):
        return _agreement(MIDYEAR_DNR)
    text = texts("mid_year")
    agreement, version = _draft(
        committee=_committee("Bildningsnämnden"),
        registry_number=MIDYEAR_DNR,
        title=text["title"],
        fields={
            "administration": _administration("Utbildnings- och arbetsmarknadsförvaltningen"),
            "start_date": D(2024, 7, 1),
            "end_date": D(2026, 3, 31),
            "notice_months": 3,
            "background": text["background"],
            "purpose": text["purpose"],
            "target_group": text["target_group"],
            "referral": "Elevhälsan\nEget initiativ.",
            "economy": text["economy"],
            "conditions": text["conditions"],
            "signing_place": "Linköping",
        },
        partners=[(MIDYEAR_PARTNER, "")],
        responsibilities=[
            (MIDYEAR_PARTNER, "Rekrytera, utbilda och samordna volontärer som läxhjälpare."),
            (KOMMUN, "Upplåta skolbibliotekens lokaler och informera eleverna om läxhjälpen."),
            (GEMENSAMT, "Följa upp deltagandet varje termin."),
        ],
        activities=[("Läxhjälp", "Två eftermiddagar i veckan i skolbiblioteken.")],
    )
    legal_review = f"{INVENTED} {texts('resurspoolen')['legal_review']}"
    _assess(version, _marked(INVENTED, _assessments(table("mid_year"))), legal_review)
    _decide_and_sign(
        version,
        run,
        decision_date=MIDYEAR_DECISION_DATE,
        signed_on=MIDYEAR_SIGNED_ON,
        signatories=_placeholder_signatories(version),
    )
    return agreement


def load_amended(run):
    """INVENTED: an agreement signed for 2024–2027 and amended in 2025 (version 2), its
    money raised from 2026 (by the money given in `run.before_signing`)."""
    text = texts("amended")
    if _exists(AMENDED_DNR):
        agreement = _agreement(AMENDED_DNR)
    else:
        agreement, version = _draft(
            committee=_committee("Omsorgsnämnden"),
            registry_number=AMENDED_DNR,
            title=text["title"],
            fields={
                "administration": _administration("Social- och omsorgsförvaltningen"),
                "start_date": D(2024, 1, 1),
                "end_date": D(2027, 12, 31),
                "notice_months": 6,
                "background": text["background"],
                "purpose": text["purpose"],
                "target_group": text["target_group"],
                "referral": "Biståndshandläggare\nEget initiativ.",
                "economy": text["economy"],
                "conditions": texts("mid_year")["conditions"],
                "signing_place": "Linköping",
            },
            partners=[(AMENDED_PARTNER, "")],
            responsibilities=[
                (AMENDED_PARTNER, "Leda samtalsgrupperna och upplåta lokaler."),
                (KOMMUN, "Informera om samtalsgrupperna genom biståndshandläggare och träffpunkter."),
                (GEMENSAMT, "Följa upp deltagandet varje år."),
            ],
            activities=[("Samtalsgrupper", "Sex till åtta deltagare som träffas varje vecka med en samtalsledare.")],
        )
        legal_review = f"{INVENTED} {texts('resurspoolen')['legal_review']}"
        _assess(version, _marked(INVENTED, _assessments(table("amended"))), legal_review)
        _decide_and_sign(
            version,
            run,
            decision_date=AMENDED_DECISION_DATE,
            signed_on=AMENDED_SIGNED_ON,
            signatories=_placeholder_signatories(version),
        )
    if agreement.versions.filter(number__gt=1).exists():
        return agreement
    amendment = services.agreement_amend(by=None, agreement=agreement, today=run.today)
    services.version_update(
        by=None, version=amendment, lock_version=amendment.lock_version, economy=text["amendment_economy"]
    )
    _decide_and_sign(
        amendment,
        run,
        decision_date=AMENDMENT_DECISION_DATE,
        signed_on=AMENDMENT_SIGNED_ON,
        signatories=_placeholder_signatories(amendment),
    )
    return agreement


def _nothing(version):
    return None


def load(*, today, before_signing=_nothing):
    """Create the demo agreements that are missing; what exists stays as it is.

    `today` is the demo's day; `before_signing(version)` is called on each version while
    it is still a draft, just before it goes to decision."""
    run = Run(today=today, before_signing=before_signing)
    load_default_texts(_municipality())
    load_invented_org_numbers()
    resurspoolen = load_resurspoolen(run)
    load_stadsmission(run)
    load_renewal(run, resurspoolen)
    load_arbetsmarknad(run)
    load_draft()
    load_mid_year(run)
    load_amended(run)


# The committees' decisions on the public register (followup/public): every signed demo
# agreement is listed but one, which the committee keeps off the page; Resurspoolen's renewal
# also publishes its signed PDF. The draft is listed too: the page shows it once it is signed.
UNLISTED_DNR = SM_DNR


def load_publication():
    """List the demo agreements on their municipality's public page, once: a decision an
    administrator has since changed is not made again."""
    from agreements.demo import exempelby

    demo_numbers = [RP_DNR, RENEWAL_DNR, DRAFT_DNR, MIDYEAR_DNR, AMENDED_DNR, exempelby.DNR]
    demo_numbers += [spec["registry_number"] for spec in AN_PARTNERSHIPS]
    for agreement in Agreement.objects.filter(registry_number__in=demo_numbers).order_by("pk"):
        if agreement.history.filter(in_public_register=True).exists():
            continue
        services.publication_set(
            by=None, agreement=agreement, listed=True, pdf_public=agreement.registry_number == RENEWAL_DNR
        )
