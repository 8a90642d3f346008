"""Agreements in named life-cycle states, built through the services as users build them."""

import datetime

from agreements import services
from agreements.models import CRITERIA, Judgement
from partners.tests.factories import CommitteeFactory, OrganisationFactory

D = datetime.date


def make_agreement(
    *,
    committee=None,
    partners=None,
    registry_number="ÄN 2019-878",
    title="Idéburet offentligt partnerskap",
    start=D(2020, 1, 1),
    end=D(2022, 12, 31),
    extension_months=36,
    extension_count=1,
    notice_months=6,
    state="draft",
    decision_date=D(2019, 11, 20),
    signed_on=D(2019, 12, 16),
):
    """state: "draft", "ready", "decided" or "signed"."""
    committee = committee or CommitteeFactory(name="Äldrenämnden")
    partners = partners if partners is not None else [OrganisationFactory(name="Resurspoolen")]
    agreement = services.agreement_create(by=None, committee=committee, title=title, registry_number=registry_number)
    version = agreement.versions.get()
    services.version_update(
        by=None,
        version=version,
        lock_version=version.lock_version,
        start_date=start,
        end_date=end,
        extension_months=extension_months,
        extension_count=extension_count,
        notice_months=notice_months,
        signing_place="Linköping",
    )
    for organisation in partners:
        services.item_add(
            by=None, version=version, lock_version=version.lock_version, kind="party", organisation=organisation
        )
    if state == "draft":
        return agreement
    answer_all_criteria(version)
    services.version_submit(by=None, version=version)
    if state == "ready":
        return agreement
    services.version_decide(
        by=None, version=version, decision_body=committee.name, decision_date=decision_date, decision_reference="§ 1"
    )
    if state == "decided":
        return agreement
    for party in version.parties.all():
        services.version_sign(
            by=None,
            party=party,
            signatory_name=f"Firmatecknare för {party}",
            signatory_title="Ordförande",
            place="Linköping",
            date=signed_on,
        )
    return agreement


def answer_all_criteria(version, judgement=Judgement.MET):
    services.assessments_save(
        by=None,
        version=version,
        lock_version=version.lock_version,
        answers={number: (judgement, "Bedömt vid beredningen.") for number in CRITERIA},
        legal_review="Ingen upphandlingspliktig tjänst; inget otillåtet statsstöd.",
    )


def scan_pdf(note="Underskrivet original"):
    """A small well-formed PDF, as a scanner writes one: one page, a table of its objects."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Title (" + note.encode("latin-1", "replace") + b") >>",
    ]
    data = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return data
