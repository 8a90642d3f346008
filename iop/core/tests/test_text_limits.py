"""Every long text people write has a maximum length, checked in the model: the form shows
the refusal at the field, and the services and the JSON import refuse the same. One text
without a bound could make every printing of its document run out of time (iop.core.pdf).
"""

import pytest

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from agreements import exchange
from agreements.models import Agreement, AgreementVersion, Section
from agreements.tests.factories import make_agreement
from followup.meetings import services as meetings
from followup.models import Convener, FollowUpMeeting, MeetingKind, YearlyNarrative
from followup.tests.factories import approver_for, hours_agreement, reporter_for
from iop.core.validators import ACCOUNT, CHAPTER, TextLimit

PROJECT_APPS = ("accounts", "core", "partners", "agreements", "finance", "followup")
# Texts that are never printed, each bounded elsewhere or short by nature.
UNBOUNDED = {
    "partners.Organisation.description",  # the register's page only; its form holds it to 2 000
    "finance.Repayment.reason",  # the money pages only
}
NBSP = "\xa0"


def too_long(limit):
    return "Lång text. " * (limit // 10) + "x" * 10


def limit_message(limit):
    return f"Texten får vara högst {limit:,} tecken lång".replace(",", NBSP)


def field_errors(response, field):
    assert response.status_code == 200, response.status_code
    return " ".join(response.context["form"].errors.get(field, []))


def test_every_text_field_of_the_project_has_a_bound():
    unbounded = []
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.TextField):
                label = f"{model._meta.label}.{field.name}"
                if label not in UNBOUNDED and not any(isinstance(v, TextLimit) for v in field.validators):
                    unbounded.append(label)
    assert unbounded == []


def test_a_text_at_its_bound_is_accepted_and_one_longer_is_not(db):
    version = make_agreement().versions.get()
    version.background = "x" * CHAPTER
    version.full_clean()
    version.background += "x"
    with pytest.raises(ValidationError) as raised:
        version.full_clean()
    assert list(raised.value.message_dict) == ["background"]


def test_a_chapter_of_the_agreement_over_its_bound_is_refused_at_the_field(client_as, planner, committee_x):
    agreement = make_agreement(committee=committee_x)
    version = agreement.versions.get()
    url = reverse("agreements:version-edit", args=[agreement.pk, "background"])
    response = client_as(planner).post(
        url, {"lock_version": version.lock_version, "background": too_long(CHAPTER), "purpose": "Syfte"}
    )
    assert limit_message(CHAPTER) in field_errors(response, "background")
    version.refresh_from_db()
    assert (version.background, version.purpose) == ("", "")


def test_an_own_chapter_over_its_bound_is_refused_at_the_field(client_as, planner, committee_x):
    agreement = make_agreement(committee=committee_x)
    version = agreement.versions.get()
    url = reverse("agreements:items", args=[agreement.pk, "chapters"])
    response = client_as(planner).post(
        url, {"lock_version": version.lock_version, "heading": "Uppsökande verksamhet", "body": too_long(CHAPTER)}
    )
    assert limit_message(CHAPTER) in field_errors(response, "body")
    assert not Section.objects.exists()


def test_a_partys_account_of_the_year_over_its_bound_is_refused_at_the_field(client_as, db):
    agreement = hours_agreement()
    organisation = agreement.versions.get().parties.get(organisation__isnull=False).organisation
    year = agreement.versions.get().start_date.year
    meetings.yearly_follow_up_save(by=approver_for(agreement), agreement=agreement, year=year)
    url = reverse("followup:narrative-edit", args=[agreement.pk, year])
    client = client_as(reporter_for(organisation))
    response = client.post(url, {"party": organisation.name, "text": too_long(ACCOUNT)})
    assert limit_message(ACCOUNT) in field_errors(response, "text")
    assert not YearlyNarrative.objects.exists()

    response = client.post(url, {"party": organisation.name, "text": "x" * ACCOUNT})
    assert response.status_code == 302
    assert len(YearlyNarrative.objects.get().text) == ACCOUNT


def test_the_minutes_of_a_meeting_over_their_bound_are_refused_at_the_field(client_as, db):
    agreement = hours_agreement()
    version = agreement.versions.get()
    data = {
        "kind": MeetingKind.FOLLOW_UP,
        "date": version.start_date.isoformat(),
        "place": "Stadshuset",
        "convened_by": Convener.ADMINISTRATION,
        "minutes": too_long(CHAPTER),
    }
    response = client_as(approver_for(agreement)).post(reverse("followup:meeting-create", args=[agreement.pk]), data)
    assert limit_message(CHAPTER) in field_errors(response, "minutes")
    assert not FollowUpMeeting.objects.exists()


def test_the_import_refuses_a_text_over_its_bound_with_its_position(db):
    document = exchange.export_document([make_agreement(state="signed")])
    document["agreements"][0]["registry_number"] = "ÄN 2030-1"
    document["agreements"][0]["versions"][0]["background"] = too_long(CHAPTER)
    with pytest.raises(exchange.AgreementImportError) as raised:
        exchange.import_document(document)
    assert any("versions[0]" in message and limit_message(CHAPTER) in message for message in raised.value.messages)
    assert not Agreement.objects.filter(registry_number="ÄN 2030-1").exists()
    assert AgreementVersion.objects.count() == 1
