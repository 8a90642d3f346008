"""The demo's second municipality, Exempelby kommun (INVENTED, partners.demo.EXEMPELBY):
its own standard texts and one signed agreement with Resurspoolen, a partner it shares
with Linköping. The agreement is drafted from Exempelby's standard texts, as a planner
would, so its printed text is Exempelby's own. Data in data/exempelby*.md and .json;
running it twice changes nothing."""

import datetime

from agreements import services
from agreements.demo import (
    INVENTED,
    Run,
    _assess,
    _assessments,
    _decide_and_sign,
    _draft,
    _marked,
    _nothing,
    _placeholder_signatories,
    _prefixed,
    table,
    texts,
)
from agreements.models import Agreement, DefaultText
from partners.demo import EXEMPELBY
from partners.models import Administration, Committee, Municipality

D = datetime.date

DNR = "VON DEMO-1"  # invented
COMMITTEE = "Vård- och omsorgsnämnden"
ADMINISTRATION = "Vård- och omsorgsförvaltningen"
START, END = D(2025, 1, 1), D(2027, 12, 31)  # invented: in force on the demo's day
DECISION_DATE = D(2024, 11, 20)  # invented
SIGNED_ON = D(2024, 12, 10)  # invented


def municipality():
    return Municipality.objects.get(name=EXEMPELBY["name"])


def load_default_texts():
    """Exempelby's standard wording, where its administrator has not already set one."""
    existing = set(DefaultText.objects.filter(municipality=municipality()).values_list("field", flat=True))
    for field, text in texts("exempelby_default_texts").items():
        if field not in existing:
            services.default_text_save(by=None, municipality=municipality(), field=field, text=text)


def load_agreement(run):
    found = Agreement.objects.filter(municipality=municipality(), registry_number=DNR).first()
    if found is not None:
        return found
    text, data = texts("exempelby"), table("exempelby")
    agreement, version = _draft(
        committee=Committee.objects.get(municipality=municipality(), name=COMMITTEE),
        registry_number=DNR,
        title=text["title"],
        start="defaults",
        fields={
            "administration": Administration.objects.get(municipality=municipality(), name=ADMINISTRATION),
            "start_date": START,
            "end_date": END,
            "notice_months": 6,
            "background": text["background"],
            "purpose": text["purpose"],
            "objectives": text["objectives"],
            "target_group": text["target_group"],
            "economy": text["economy"],
        },
        committee_description=text["committee_description"],
        partners=_prefixed(text, "partner: "),
        responsibilities=[tuple(row) for row in data["responsibilities"]],
        activities=[tuple(row) for row in data["activities"]],
    )
    _assess(version, _marked(INVENTED, _assessments(data)), "")
    _decide_and_sign(
        version,
        run,
        decision_date=DECISION_DATE,
        signed_on=SIGNED_ON,
        signatories=_placeholder_signatories(version),
    )
    return agreement


def load(*, today, before_signing=_nothing):
    """Exempelby's standard texts and its agreement, where missing."""
    run = Run(today=today, before_signing=before_signing)
    load_default_texts()
    return load_agreement(run)
