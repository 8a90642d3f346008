"""The back office keeps the life cycle's rules: what a committee decided, what was signed
and what the services record (extensions, notice) cannot be changed there either."""

import datetime

import pytest

from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements import services
from agreements.forms import version_part_form
from agreements.models import Agreement, AgreementVersion, Extension, Status, Termination
from agreements.tests.factories import make_agreement

D = datetime.date
TITLE = "Idéburet offentligt partnerskap"


def _change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _form_data(response):
    """What the admin's own change form would post back, unchanged."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif hasattr(value, "isoformat"):
            data[name] = value.isoformat()
        else:
            data[name] = str(value)
    return data


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("state", ["ready", "decided"])
def test_a_version_ready_for_decision_or_decided_is_read_only_in_the_back_office(client_as, administrator, state):
    version = make_agreement(state=state).versions.get()
    client = client_as(administrator)
    page = client.get(_change_url(version))
    assert page.status_code == 200
    assert "title" not in page.context["adminform"].form.fields  # shown, not editable

    data = {"title": "Ändrad i admin", "end_date": "2099-12-31", "committee": version.committee_id}
    assert client.post(_change_url(version), data).status_code == 403
    add = reverse("admin:agreements_agreementversion_add")
    assert client.post(add, data | {"agreement": version.agreement_id, "number": 2}).status_code == 403
    stored = AgreementVersion.objects.get(pk=version.pk)
    assert (stored.title, stored.end_date, stored.status) == (TITLE, D(2022, 12, 31), state)


def test_a_draft_changed_in_the_back_office_counts_as_a_save_of_the_draft(client_as, administrator):
    version = make_agreement().versions.get()
    opened = version.lock_version  # a planner has the draft open
    client = client_as(administrator)
    data = _form_data(client.get(_change_url(version))) | {"title": "Rättad i admin"}
    assert client.post(_change_url(version), data).status_code == 302
    stored = AgreementVersion.objects.get(pk=version.pk)
    assert stored.title == "Rättad i admin" and stored.lock_version == opened + 1
    with pytest.raises(services.ConflictError):
        services.version_update(by=None, version=stored, lock_version=opened, title="Planerarens titel")
    assert AgreementVersion.objects.get(pk=version.pk).title == "Rättad i admin"


def test_the_registry_number_is_read_only_in_the_back_office_once_a_version_is_signed(client_as, administrator):
    signed = make_agreement(state="signed")
    draft = make_agreement(registry_number="ÄN 2020-1")
    client = client_as(administrator)

    page = client.get(_change_url(signed))
    assert "registry_number" not in page.context["adminform"].form.fields
    data = {"municipality": signed.municipality_id, "registry_number": "ÄN 2099-1"}
    assert client.post(_change_url(signed), data).status_code == 302
    assert Agreement.objects.get(pk=signed.pk).registry_number == "ÄN 2019-878"

    # before signing it can still be corrected there
    data = {"municipality": draft.municipality_id, "registry_number": "ÄN 2020-2"}
    assert client.post(_change_url(draft), data).status_code == 302
    assert Agreement.objects.get(pk=draft.pk).registry_number == "ÄN 2020-2"


def test_reverting_a_signed_agreement_in_the_back_office_keeps_its_registry_number(client_as, administrator):
    agreement = make_agreement(state="decided", registry_number="ÄN 2019-1")
    first = agreement.history.earliest("history_date")
    Agreement.objects.filter(pk=agreement.pk).update(registry_number="ÄN 2019-878")  # corrected before signing
    for party in agreement.versions.get().parties.all():
        services.version_sign(
            by=None,
            party=party,
            signatory_name="Ordförande",
            signatory_title="",
            place="Linköping",
            date=D(2019, 12, 16),
        )
    url = reverse("admin:agreements_agreement_simple_history", args=[agreement.pk, first.history_id])
    client = client_as(administrator)
    assert client.post(url, {"municipality": agreement.municipality_id}).status_code == 302
    assert Agreement.objects.get(pk=agreement.pk).registry_number == "ÄN 2019-878"
    assert agreement.history.latest("history_date").registry_number == "ÄN 2019-878"


def test_an_amendment_keeps_the_registry_number_the_agreement_was_signed_with(db):
    agreement = make_agreement(
        state="signed", start=D(2024, 1, 1), end=D(2030, 12, 31), decision_date=D(2023, 11, 1), signed_on=D(2023, 12, 1)
    )
    amendment = services.agreement_amend(by=None, agreement=agreement, today=D(2025, 1, 1))
    form = version_part_form("basics")(instance=amendment)
    assert form.fields["registry_number"].disabled
    with pytest.raises(ValidationError) as refused:
        services.version_update(
            by=None, version=amendment, lock_version=amendment.lock_version, registry_number="ÄN 2099-1"
        )
    assert "registry_number" in refused.value.error_dict
    assert Agreement.objects.get(pk=agreement.pk).registry_number == "ÄN 2019-878"
    # the number it has is accepted as it is
    amendment = AgreementVersion.objects.get(pk=amendment.pk)
    services.version_update(
        by=None, version=amendment, lock_version=amendment.lock_version, registry_number="ÄN 2019-878", title="Ny"
    )


def test_extensions_and_terminations_are_made_only_through_the_services(client_as, administrator):
    agreement = make_agreement(
        state="signed", start=D(2024, 1, 1), end=D(2030, 12, 31), decision_date=D(2023, 11, 1), signed_on=D(2023, 12, 1)
    )
    extension = services.agreement_extend(
        by=None, agreement=agreement, decision_body="Äldrenämnden", decision_date=D(2025, 1, 10), today=D(2025, 2, 1)
    )
    party = agreement.versions.get().parties.get(organisation__isnull=False)
    termination = services.agreement_terminate(
        by=None, agreement=agreement, party=party, notice_date=D(2025, 1, 15), today=D(2025, 2, 1)
    )
    client = client_as(administrator)

    # an end moved to 2099 without an option; a notice dated after the end
    moved = {"agreement": agreement.pk, "decision_body": "Admin", "decision_date": "2025-01-10"}
    moved |= {"previous_end": "2033-12-31", "new_end": "2099-12-31"}
    late = {"agreement": agreement.pk, "party_name": "Resurspoolen", "notice_date": "2040-01-01"}
    late |= {"end_date": "2039-12-31"}
    for model, data in ((Extension, moved), (Termination, late)):
        add_url = reverse(f"admin:agreements_{model._meta.model_name}_add")
        assert client.get(add_url).status_code == 403
        assert client.post(add_url, data).status_code == 403
    assert client.post(_change_url(extension), moved).status_code == 403
    assert client.post(_change_url(termination), late).status_code == 403
    assert client.get(_change_url(extension)).status_code == 200  # still readable

    assert list(Extension.objects.values_list("new_end", flat=True)) == [D(2033, 12, 31)]
    assert Termination.objects.get().notice_date == D(2025, 1, 15)


def _history_url(version, record):
    return reverse("admin:agreements_agreementversion_simple_history", args=[version.pk, record.history_id])


@pytest.mark.parametrize("state", ["decided", "signed"])
def test_reverting_a_decided_or_signed_version_in_the_back_office_answers_with_a_message(
    client_as, administrator, state
):
    version = make_agreement(state=state).versions.get()
    first = version.history.earliest("history_date")  # the blank draft it started as
    client = client_as(administrator)
    assert client.get(_history_url(version, first)).status_code == 200

    response = client.post(_history_url(version, first), {"title": "Återställd", "committee": version.committee_id})
    assert response.status_code == 302
    assert _messages(response) == [
        "Version 1 är inte längre ett utkast och kan inte ändras här. Gör i stället en ändring av överenskommelsen."
    ]
    stored = AgreementVersion.objects.get(pk=version.pk)
    assert (stored.status, stored.title, stored.start_date) == (state, TITLE, D(2020, 1, 1))


def test_reverting_a_draft_to_a_record_made_while_it_was_ready_changes_its_text_not_its_status(
    client_as, administrator
):
    version = make_agreement(state="ready").versions.get()
    when_ready = version.history.latest("history_date")
    services.version_return(by=None, version=version)
    client = client_as(administrator)
    data = _form_data(client.get(_history_url(version, when_ready))) | {"title": "Återställd"}

    assert client.post(_history_url(version, when_ready), data).status_code == 302
    stored = AgreementVersion.objects.get(pk=version.pk)
    assert (stored.status, stored.title) == (Status.DRAFT, "Återställd")
    assert stored.lock_version > version.lock_version
