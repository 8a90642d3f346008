"""Issue 15's "done when": a municipality other than Linköping is set up from an empty
installation as the README tells (setup_municipality, then the administrator in the browser's
pages), and drafts, signs and prints an agreement that reads as its own."""

import datetime
import io
import subprocess

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from agreements import services
from agreements.models import Agreement, SignedDocument
from agreements.tests.factories import answer_all_criteria
from iop.accounts.models import Role, User
from partners.models import Committee, Municipality
from partners.tests.factories import OrganisationFactory

PASSWORD = "Ett-långt-lösenord-2026"  # noqa: S105


def test_a_new_municipality_is_set_up_from_nothing_and_signs_and_prints_its_own_agreement(db, client, settings):
    settings.FREEZE_SIGNED_PDF = True  # the archive PDF, as in production
    today = timezone.localdate()
    assert not Municipality.objects.exists()
    call_command(
        "setup_municipality",
        "--no-input",
        "--name=Provby kommun",
        "--org-number=212000-9986",
        "--committee=Socialnämnden:SN",
        "--administration=Socialförvaltningen:Socialnämnden",
        "--admin-username=provby-admin",
        "--admin-email=admin@provby.example",
        f"--password={PASSWORD}",
        stdout=io.StringIO(),
    )
    provby = Municipality.objects.get()
    committee = Committee.objects.get(municipality=provby)

    # The administrator logs in and keeps the standard texts and the first planner.
    assert client.login(username="provby-admin", password=PASSWORD)
    for field, text in {
        "signing_place": "Provby",
        "value_base": "Provbys värdegrund: öppenhet och delaktighet.",
    }.items():
        response = client.post(reverse("agreements:default-text-edit", args=[field]), {"text": text})
        assert response.status_code == 302
    response = client.post(
        reverse("accounts:user-create"),
        {
            "username": "provby-planerare",
            "first_name": "Pia",
            "last_name": "Prov",
            "email": "pia@provby.example",
            "role": Role.PLANNER,
            "committees": [committee.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    planner = User.objects.get(username="provby-planerare")
    assert planner.municipality == provby
    planner.set_password(PASSWORD)
    planner.save()

    # The planner drafts from the standard texts, and the agreement goes through its life cycle.
    client.logout()
    assert client.login(username="provby-planerare", password=PASSWORD)
    response = client.post(
        reverse("agreements:agreement-create"),
        {"committee": committee.pk, "title": "Mötesplats Provby", "registry_number": "SN 2027-1", "start": "defaults"},
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(registry_number="SN 2027-1")
    assert agreement.municipality == provby
    version = agreement.versions.get()
    assert version.value_base == "Provbys värdegrund: öppenhet och delaktighet."
    assert version.signing_place == "Provby"
    services.version_update(
        by=planner,
        version=version,
        lock_version=version.lock_version,
        start_date=today + datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=760),
        notice_months=6,
    )
    partner = OrganisationFactory(name="Provby idrottsförening")
    version.refresh_from_db()
    services.item_add(
        by=planner, version=version, lock_version=version.lock_version, kind="party", organisation=partner
    )
    version.refresh_from_db()
    answer_all_criteria(version)
    services.version_submit(by=planner, version=version)
    services.version_decide(
        by=planner,
        version=version,
        decision_body=committee.name,
        decision_date=today - datetime.timedelta(days=10),
        decision_reference="§ 7",
    )
    for party in version.parties.all():
        services.version_sign(
            by=planner,
            party=party,
            signatory_name="Ordförande",
            signatory_title="",
            place="Provby",
            date=today - datetime.timedelta(days=2),
        )

    # The printed, archived agreement reads as Provby's own.
    archived = SignedDocument.objects.get(version=version)
    response = client.get(reverse("agreements:version-pdf", args=[agreement.pk, 1]))
    assert response.status_code == 200 and bytes(response.content) == bytes(archived.pdf)
    text = subprocess.run(["pdftotext", "-", "-"], input=bytes(archived.pdf), capture_output=True, check=True).stdout
    text = " ".join(text.decode().split())
    assert "Provby kommun" in text and "Socialnämnden" in text and "Provbys värdegrund" in text
    assert "Linköping" not in text
