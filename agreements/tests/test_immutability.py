"""A signed version never changes, whichever path tries: ORM, bulk queries, services."""

import datetime

import pytest

from django.core.exceptions import ValidationError
from django.db import transaction

from agreements import services
from agreements.models import (
    Activity,
    AgreementVersion,
    Party,
    Responsibility,
    Section,
    Signature,
    SignedVersionError,
)
from agreements.tests.factories import make_agreement

D = datetime.date


@pytest.fixture
def signed(db):
    return make_agreement(state="signed").versions.get()


def refused(action):
    with pytest.raises(SignedVersionError), transaction.atomic():
        action()


def test_orm_save_and_delete_of_a_signed_version_are_refused(signed):
    signed.title = "Ändrad i efterhand"
    refused(signed.save)
    refused(signed.delete)
    assert AgreementVersion.objects.get(pk=signed.pk).title == "Idéburet offentligt partnerskap"


def test_bulk_update_and_delete_are_refused(signed):
    refused(lambda: AgreementVersion.objects.filter(pk=signed.pk).update(title="Bulk"))
    refused(lambda: AgreementVersion.objects.filter(pk=signed.pk).delete())
    refused(lambda: Party.objects.filter(version=signed).update(description="Bulk"))
    refused(lambda: Signature.objects.filter(party__version=signed).delete())


def test_content_of_a_signed_version_cannot_be_changed_added_or_removed(signed):
    party = signed.parties.first()
    party.description = "Ny beskrivning"
    refused(party.save)
    refused(party.delete)
    refused(lambda: Section.objects.create(version=signed, heading="Smugglad"))
    refused(lambda: Activity(version=signed, name="Smugglad").save())
    signature = Signature.objects.filter(party__version=signed).first()
    signature.place = "Annanstans"
    refused(signature.save)
    assert not Section.objects.filter(version=signed).exists()


def test_nothing_can_be_moved_out_of_a_signed_version(signed):
    draft = make_agreement(registry_number="ÄN 2020-1").versions.get()
    responsibility = Responsibility.objects.filter(version=draft).first() or services.item_add(
        by=None, version=draft, lock_version=draft.lock_version, kind="responsibility", text="Utkast"
    )
    party = signed.parties.first()
    party.version = draft
    refused(party.save)
    responsibility.version = signed
    refused(responsibility.save)


def test_services_refuse_to_edit_a_signed_version(signed):
    with pytest.raises(ValidationError) as raised:
        services.version_update(by=None, version=signed, lock_version=signed.lock_version, title="Nytt")
    assert raised.value.code == "signed"
    with pytest.raises(ValidationError):
        services.item_add(by=None, version=signed, lock_version=signed.lock_version, kind="section", heading="Ny")


def test_the_decision_still_moves_a_decided_version_to_signed(db):
    # the guard must not stop the last signature itself
    version = make_agreement(state="signed", registry_number="ON 2018-229").versions.get()
    assert version.status == "signed"


def test_the_back_office_shows_a_signed_version_read_only(client_as, administrator, signed):
    from django.urls import reverse

    client = client_as(administrator)
    change_url = reverse("admin:agreements_agreementversion_change", args=[signed.pk])
    response = client.post(change_url, {"title": "Ändrad i admin"})
    assert response.status_code == 403
    assert (
        client.post(reverse("admin:agreements_agreementversion_delete", args=[signed.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert AgreementVersion.objects.get(pk=signed.pk).title == "Idéburet offentligt partnerskap"


def test_a_form_bound_to_a_signed_version_cannot_save_it(signed):
    from agreements.forms import version_part_form

    data = {"lock_version": signed.lock_version, "purpose": "Via formuläret", "background": "", "challenge": ""}
    data |= {"objectives": "", "target_group": ""}
    form = version_part_form("background")(data, instance=signed)
    assert form.is_valid()
    refused(form.save)
    assert AgreementVersion.objects.get(pk=signed.pk).purpose == ""


def test_a_version_left_decided_though_every_party_signed_is_completed_by_the_migration(db):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("agreements.migrations.0004_complete_versions_every_party_signed")
    stuck = make_agreement(state="decided").versions.get()
    waiting = make_agreement(state="decided", registry_number="ÄN 2020-1").versions.get()
    for party, date in zip(stuck.parties.all(), (D(2019, 12, 16), D(2019, 12, 18)), strict=True):
        Signature.objects.create(party=party, signatory_name="Ordförande", place="Linköping", date=date)
    Signature.objects.create(
        party=waiting.parties.first(), signatory_name="Ordförande", place="Linköping", date=D(2019, 12, 16)
    )

    migration.complete_versions_every_party_signed(apps, None)

    stuck = AgreementVersion.objects.get(pk=stuck.pk)
    assert (stuck.status, stuck.signed_on) == ("signed", D(2019, 12, 18))
    assert stuck.history.latest("history_date").status == "signed"
    assert AgreementVersion.objects.get(pk=waiting.pk).status == "decided"
