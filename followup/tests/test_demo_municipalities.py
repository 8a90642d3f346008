"""The demo's two municipalities: Linköping, and the INVENTED Exempelby kommun with its own
register, standard texts, staff and one agreement with a partner shared with Linköping."""

import re
import subprocess

import pytest

from django.core.management import call_command
from django.urls import reverse

from agreements import document
from agreements.demo import exempelby
from agreements.models import Agreement, DefaultText
from agreements.state import state
from finance.models import Contribution, Payment
from followup.desk import getting_started
from iop.accounts import access
from iop.accounts.models import Role, User
from partners.demo import EXEMPELBY, MUNICIPALITY, SHARED_ORGANISATION
from partners.models import Administration, Committee, Municipality

# Words a reader would know for Linköping's: the name, and phrases of its standard texts
# (agreements/demo/data/default_texts.md) that no other municipality would write.
LINKOPING_WORDS = [
    "Linköping",
    "respekt inför varandras olika förutsättningar",
    "ömsesidig tillit",
    "Överenskommelse om samverkan mellan",
    "väsentligt förändrade förutsättningar",
    "CEMR",
]


@pytest.fixture
def loaded(db, settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    return capsys.readouterr().out


def text_of(version):
    """The PDF's words as one line: pdftotext's hyphenated line breaks joined again."""
    raw = subprocess.run(
        ["pdftotext", "-", "-"], input=document.pdf_of(version), capture_output=True, check=True
    ).stdout.decode()
    return re.sub(r"\s+", " ", re.sub(r"[\u2010-]\n", "", raw))


def exempelby_agreement():
    return Agreement.objects.get(municipality__name=EXEMPELBY["name"], registry_number=exempelby.DNR)


def test_the_demo_has_two_municipalities_each_with_its_own_register_and_texts(loaded):
    linkoping = Municipality.objects.get(name=MUNICIPALITY["name"])
    other = Municipality.objects.get(name=EXEMPELBY["name"])
    assert other.org_number == "212000-9994" and other.slug == "exempelby"
    assert list(Committee.objects.filter(municipality=other).values_list("name", flat=True)) == [exempelby.COMMITTEE]
    administration = Administration.objects.get(municipality=other)
    assert list(administration.committees.values_list("name", flat=True)) == [exempelby.COMMITTEE]
    signing_places = dict(DefaultText.objects.filter(field="signing_place").values_list("municipality", "text"))
    assert signing_places == {linkoping.pk: "Linköping", other.pk: "Exempelby"}
    for text in DefaultText.objects.filter(municipality=other):
        assert not any(word in text.text for word in LINKOPING_WORDS), text.field
    staff = {user.username: (user.role, user.municipality) for user in User.objects.filter(municipality=other)}
    assert staff == {"exempelby-admin": (Role.ADMINISTRATOR, other), "exempelby-planerare": (Role.PLANNER, other)}
    assert "exempelby-admin" in loaded and "exempelby-planerare" in loaded and "Exempelby kommun" in loaded


def test_exempelbys_agreement_is_signed_with_the_shared_partner_and_has_money(loaded):
    agreement = exempelby_agreement()
    version = state(agreement).in_force
    assert version is not None and version.is_signed and version.signing_place == "Exempelby"
    partners = [party.organisation.name for party in version.parties.filter(organisation__isnull=False)]
    assert partners == [SHARED_ORGANISATION]
    # The same organisation is a party in Linköping too.
    assert Agreement.objects.filter(
        municipality__name=MUNICIPALITY["name"], versions__parties__organisation__name=SHARED_ORGANISATION
    ).exists()
    money = Contribution.objects.filter(version=version, kind="money").values_list("amount", flat=True)
    assert [int(amount) for amount in money] == [250000]
    assert Payment.objects.filter(agreement=agreement).count() == 2  # January 2025 and 2026


def test_exempelbys_printed_agreement_has_none_of_linkopings_words(loaded):
    printed = text_of(state(exempelby_agreement()).in_force)
    assert "Exempelby kommun" in printed and "212000-9994" in printed and "Resurspoolen" in printed
    assert "Parterna möts som jämbördiga" in printed  # its own standard value base
    assert [word for word in LINKOPING_WORDS if word in printed] == []
    # The check would see them: Linköping's draft started from its standard texts holds them.
    linkoping_draft = Agreement.objects.get(municipality__name=MUNICIPALITY["name"], registry_number="BN DEMO-1")
    linkoping = text_of(state(linkoping_draft).shown)
    assert [word for word in LINKOPING_WORDS if word in linkoping] == LINKOPING_WORDS


def test_exempelbys_staff_see_only_its_agreement_and_the_shared_partner_sees_both(loaded, client):
    ours = exempelby_agreement()
    theirs = Agreement.objects.get(municipality__name=MUNICIPALITY["name"], registry_number="ÄN 2022-DEMO")
    planner = User.objects.get(username="exempelby-planerare")
    administrator = User.objects.get(username="exempelby-admin")
    for user in (planner, administrator):
        assert list(access.visible(user, Agreement)) == [ours]
    assert list(access.working_on(planner, Agreement)) == [ours]
    client.force_login(planner)
    assert client.get(ours.get_absolute_url()).status_code == 200
    assert client.get(theirs.get_absolute_url()).status_code == 404
    listed = client.get(reverse("agreements:agreement-list")).content.decode()
    assert exempelby.DNR in listed and "ÄN 2022-DEMO" not in listed
    # Exempelby is set up: its administrator gets no "Get started" list.
    assert getting_started.steps(administrator) == []

    # Linköping's viewer is shown Linköping's committees only.
    client.force_login(User.objects.get(username="insyn"))
    start = client.get(reverse("desk:start")).content.decode()
    assert "Äldrenämnden" in start and exempelby.COMMITTEE not in start

    partner = User.objects.get(username="resurspoolen")
    seen = set(access.visible(partner, Agreement))
    assert {ours, theirs} <= seen
    client.force_login(partner)
    assert client.get(ours.get_absolute_url()).status_code == 200
    assert client.get(theirs.get_absolute_url()).status_code == 200


def test_loading_twice_adds_nothing_to_exempelby(loaded):
    def counts():
        other = Municipality.objects.get(name=EXEMPELBY["name"])
        return (
            Municipality.objects.count(),
            Agreement.objects.filter(municipality=other).count(),
            DefaultText.objects.filter(municipality=other).count(),
            Payment.objects.filter(agreement__municipality=other).count(),
            User.objects.filter(municipality=other).count(),
        )

    before = counts()
    call_command("load_demo")
    assert counts() == before


def test_each_municipalitys_public_page_lists_its_demo_agreements_as_its_committees_decided(loaded, client):
    from agreements.demo import RENEWAL_DNR, SM_DNR

    linkoping = Municipality.objects.get(name=MUNICIPALITY["name"])
    page = client.get(reverse("public:register", args=[linkoping.slug])).content.decode()
    renewal = Agreement.objects.get(registry_number=RENEWAL_DNR)
    assert state(renewal).in_force.title in page
    assert renewal.signed_pdf_public
    # The stadsmission's committee keeps it off the page.
    stadsmission = Agreement.objects.get(registry_number=SM_DNR)
    assert not stadsmission.in_public_register
    assert state(stadsmission).shown.title not in page
    # Exempelby's page has its own agreement and none of Linköping's.
    other = client.get(reverse("public:register", args=[Municipality.objects.get(name=EXEMPELBY["name"]).slug]))
    text = other.content.decode()
    assert state(Agreement.objects.get(registry_number=exempelby.DNR)).in_force.title in text
    assert state(renewal).in_force.title not in text
