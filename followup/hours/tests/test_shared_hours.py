"""An agreement with two partners: each partner's users follow their own organisation's hours
against their own commitment, on the hours pages and in the yearly follow-up material alike
(page, CSV, PDF), and the material says whose hours it shows; the municipality sees both."""

import csv
import datetime
import io
import subprocess
from decimal import Decimal

import pytest

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from followup.hours import services
from followup.hours.services import agreement_activities
from followup.tests.factories import approver_for, hours_agreement, reporter_for
from partners.tests.factories import OrganisationFactory

NBSP = "\xa0"
TODAY = timezone.localdate()
LAST_MONTH = (TODAY.replace(day=1) - datetime.timedelta(days=1)).replace(day=10)
YEAR = LAST_MONTH.year


@pytest.fixture
def shared(db):
    """Resurspoolen promises 18 000 h and has 12,5 approved; Stadsmissionen 6 000 h and 30."""
    resurspoolen = OrganisationFactory(name="Resurspoolen")
    stadsmissionen = OrganisationFactory(name="Stadsmissionen")
    agreement = hours_agreement(organisation=resurspoolen, others=[(stadsmissionen, "6000")])
    approver = approver_for(agreement)
    reporters = {}
    for organisation, hours in ((resurspoolen, "12.5"), (stadsmissionen, "30")):
        reporter = reporters[organisation.name] = reporter_for(organisation)
        entry = services.hours_log(
            by=reporter,
            agreement=agreement,
            organisation=organisation,
            activity=agreement_activities(agreement).first(),
            date=LAST_MONTH,
            hours=Decimal(hours),
            volunteers=3,
        )
        services.hours_submit_month(by=reporter, report=entry.report)
        services.hours_approve_months(by=approver, reports=[entry.report])
    return agreement, reporters, approver


def url(name, agreement):
    return reverse(f"followup:{name}", args=[agreement.pk, YEAR])


def words(content):
    """The text with its spaces made plain and its lines joined, as a reader reads it."""
    return " ".join(content.replace(NBSP, " ").replace("&nbsp;", " ").split())


def csv_values(response):
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    return {(section, item): value for section, item, value in rows[1:]}


def pdf_words(response):
    result = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True)
    return words(result.stdout.decode())


ONLY_RESURSPOOLEN = "Endast timmar och åtagande för Resurspoolen; övriga parters ingår inte."


def test_a_partner_reads_only_their_own_hours_in_the_yearly_material_and_it_says_so(client_as, shared):
    agreement, reporters, _approver = shared
    client = client_as(reporters["Resurspoolen"])

    page = words(client.get(url("yearly", agreement)).content.decode())
    assert "12,5 h" in page and "2 675 kr" in page  # 12,5 h × 214 kr
    assert "18 000 h" in page and "3 852 000 kr" in page  # their own commitment
    assert "42,5" not in page and "30 h" not in page and "24 000" not in page
    assert ONLY_RESURSPOOLEN in page

    values = csv_values(client.get(url("yearly-export", agreement)))
    hours = _("Volunteer hours")
    assert values[(hours, _("Approved (h)"))] == "12,5"
    assert values[(hours, _("Value of approved hours (kr)"))] == "2675"
    assert values[(hours, _("Commitment per year (h)"))] == "18000"
    assert values[(hours, _("Only the hours and commitment of"))] == "Resurspoolen"

    pdf = pdf_words(client.get(url("yearly-pdf", agreement)))
    assert "12,5 h" in pdf and "2 675 kr" in pdf and "18 000 h" in pdf
    assert "42,5" not in pdf and "24 000" not in pdf
    assert ONLY_RESURSPOOLEN in pdf


def test_the_municipality_reads_every_partners_hours_unlabelled(client_as, shared):
    agreement, _reporters, approver = shared
    client = client_as(approver)
    page = words(client.get(url("yearly", agreement)).content.decode())
    assert "42,5 h" in page and "24 000 h" in page and "Endast timmar" not in page
    values = csv_values(client.get(url("yearly-export", agreement)))
    assert values[(_("Volunteer hours"), _("Approved (h)"))] == "42,5"
    assert (_("Volunteer hours"), _("Only the hours and commitment of")) not in values
    pdf = pdf_words(client.get(url("yearly-pdf", agreement)))
    assert "42,5 h" in pdf and "Endast timmar" not in pdf


def test_the_yearly_material_and_the_hours_page_show_each_user_the_same_figures(client_as, shared):
    agreement, reporters, approver = shared
    seen = {}
    for name, user in [*reporters.items(), ("planner", approver)]:
        client = client_as(user)
        material = client.get(url("yearly", agreement)).context["material"].hours
        response = client.get(reverse("followup:hours-progress"), {"agreement": agreement.pk, "year": YEAR})
        progress = response.context["detail"].progress
        assert material == progress, name
        html = words(response.content.decode())
        if name == "planner":
            assert "Endast timmar" not in html
        else:
            assert ONLY_RESURSPOOLEN.replace("Resurspoolen", name) in html
        seen[name] = (progress.totals.approved, progress.commitment)
    assert seen == {
        "Resurspoolen": (Decimal("12.5"), Decimal("18000")),
        "Stadsmissionen": (Decimal("30"), Decimal("6000")),
        "planner": (Decimal("42.5"), Decimal("24000")),
    }
