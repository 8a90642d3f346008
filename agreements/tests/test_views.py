"""Agreement pages as each persona uses them."""

import datetime

import pytest

from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, AgreementVersion, Section, Status
from agreements.tests.factories import answer_all_criteria, make_agreement
from iop.core.dates import add_months
from partners.tests.factories import OrganisationFactory

D = datetime.date
TODAY = timezone.localdate()
# An agreement in force today: from last January to the end of next year.
PERIOD = {
    "start": D(TODAY.year - 1, 1, 1),
    "end": D(TODAY.year + 1, 12, 31),
    "decision_date": D(TODAY.year - 2, 11, 20),
    "signed_on": D(TODAY.year - 2, 12, 16),
}


@pytest.fixture
def draft(committee_x, organisation_a):
    return make_agreement(committee=committee_x, partners=[organisation_a])


@pytest.fixture
def signed(committee_x, organisation_a):
    return make_agreement(
        committee=committee_x, partners=[organisation_a], state="signed", registry_number="ÄN 1", **PERIOD
    )


def url(name, agreement, *args):
    return reverse(f"agreements:{name}", args=[agreement.pk, *args])


def version(agreement):
    return agreement.versions.order_by("-number").first()


def test_partner_lists_and_reads_only_agreements_they_are_party_to(client_as, partner_a, partner_b, signed):
    other = make_agreement(registry_number="ON 9", partners=[partner_b.organisations.get()])
    client = client_as(partner_a)
    listed = [agreement for agreement, _state in client.get(reverse("agreements:agreement-list")).context["page"]]
    assert listed == [signed]
    assert client.get(signed.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(url("version-edit", other, "basics")).status_code == 404


def test_partner_reads_but_cannot_change(client_as, partner_a, draft):
    client = client_as(partner_a)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert url("version-edit", draft, "basics") not in page
    assert client.get(url("version-edit", draft, "basics")).status_code == 403
    assert client.post(url("version-submit", draft)).status_code == 403


def test_viewer_reads_every_agreement_and_changes_none(client_as, viewer, draft):
    client = client_as(viewer)
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(url("criteria", draft)).status_code == 403


def test_planner_of_another_committee_reads_but_may_not_edit(client_as, planner_y, draft):
    client = client_as(planner_y)
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(url("parties", draft)).status_code == 403


def test_list_filters_by_status_committee_partner_and_dates(client_as, viewer, draft, signed, committee_y):
    client = client_as(viewer)
    listing = reverse("agreements:agreement-list")

    def listed(**params):
        return [agreement for agreement, _state in client.get(listing, params).context["page"]]

    assert set(listed()) == {draft, signed}
    assert listed(status="draft") == [draft]
    assert listed(in_force_on=TODAY.isoformat()) == [signed]
    assert listed(ending_within=120) == [signed]
    assert listed(status="in_force") == [signed]
    assert listed(committee=committee_y.pk) == []
    assert listed(q="ÄN 1") == [signed]
    assert listed(partner=signed.versions.get().parties.get(organisation__isnull=False).organisation_id) != []


def test_planner_creates_a_draft_from_the_default_texts(client_as, planner, committee_x):
    from agreements import services

    services.default_text_save(
        by=None, municipality=committee_x.municipality, field="value_base", text="Partnerskapet ska bygga på respekt."
    )
    response = client_as(planner).post(
        reverse("agreements:agreement-create"),
        {"committee": committee_x.pk, "title": "Träffpunkter", "registry_number": "ÄN 2026-1", "start": "defaults"},
    )
    agreement = Agreement.objects.get(registry_number="ÄN 2026-1")
    assert response.status_code == 302 and response.url == agreement.get_absolute_url()
    assert agreement.versions.get().value_base == "Partnerskapet ska bygga på respekt."


def test_planner_copies_an_existing_agreement(client_as, planner, committee_x, signed):
    response = client_as(planner).post(
        reverse("agreements:agreement-create"),
        {"committee": committee_x.pk, "title": "Kopia", "start": "copy", "copy_from": signed.pk},
    )
    assert response.status_code == 302
    copy = Agreement.objects.exclude(pk=signed.pk).get()
    assert copy.versions.get().parties.filter(organisation__isnull=False).count() == 1
    assert copy.versions.get().status == Status.DRAFT


def test_planner_cannot_create_for_a_committee_not_theirs(client_as, planner, committee_y):
    response = client_as(planner).post(
        reverse("agreements:agreement-create"), {"committee": committee_y.pk, "title": "X", "start": "blank"}
    )
    assert response.status_code == 200 and "committee" in response.context["form"].errors
    assert not Agreement.objects.exists()


def test_editing_a_part_saves_it_and_bad_dates_are_explained(client_as, planner, draft):
    client = client_as(planner)
    current = version(draft)
    data = {"lock_version": current.lock_version, "purpose": "Att bryta ensamhet.", "background": "", "challenge": ""}
    data |= {"objectives": "", "target_group": "Äldre"}
    assert client.post(url("version-edit", draft, "background"), data).status_code == 302
    assert version(draft).purpose == "Att bryta ensamhet."
    basics = {
        "lock_version": version(draft).lock_version,
        "registry_number": "ÄN 2019-878",
        "title": "T",
        "committee": current.committee_id,
        "start_date": "2022-01-01",
        "end_date": "2021-01-01",
        "extension_count": 0,
    }
    response = client.post(url("version-edit", draft, "basics"), basics)
    assert response.status_code == 200
    assert "end_date" in response.context["form"].errors
    assert version(draft).start_date == D(2020, 1, 1)


def test_a_stale_form_is_refused_with_a_message_and_nothing_overwritten(client_as, planner, administrator, draft):
    stale = version(draft).lock_version
    fields = {"background": "", "challenge": "", "objectives": "", "target_group": ""}
    client_as(administrator).post(
        url("version-edit", draft, "background"), {**fields, "lock_version": stale, "purpose": "Först"}
    )
    response = client_as(planner).post(
        url("version-edit", draft, "background"), {**fields, "lock_version": stale, "purpose": "Sedan"}
    )
    assert response.status_code == 200
    assert "Någon annan har sparat" in response.content.decode()
    assert version(draft).purpose == "Först"


def test_chapters_are_added_moved_and_removed(client_as, planner, draft):
    client = client_as(planner)
    for heading in ["Uppsökande verksamhet", "Rådgivning"]:
        current = version(draft)
        response = client.post(
            url("items", draft, "chapters"), {"lock_version": current.lock_version, "heading": heading, "body": "Text"}
        )
        assert response.status_code == 302
    second = Section.objects.get(heading="Rådgivning")
    client.post(url("item-action", draft, "chapters", second.pk, "up"), {"lock_version": version(draft).lock_version})
    assert list(version(draft).sections.values_list("heading", flat=True)) == ["Rådgivning", "Uppsökande verksamhet"]
    client.post(url("item-remove", draft, "chapters", second.pk), {"lock_version": version(draft).lock_version})
    assert list(version(draft).sections.values_list("heading", flat=True)) == ["Uppsökande verksamhet"]


def test_the_committee_party_cannot_be_removed(client_as, planner, draft):
    committee_party = version(draft).parties.get(committee__isnull=False)
    client = client_as(planner)
    assert client.get(url("item-remove", draft, "parties", committee_party.pk)).status_code == 404
    response = client.post(
        url("item-remove", draft, "parties", committee_party.pk), {"lock_version": version(draft).lock_version}
    )
    assert response.status_code == 404
    assert version(draft).parties.filter(pk=committee_party.pk).exists()


def test_adding_a_second_partner_and_the_same_one_twice(client_as, planner, draft, organisation_a):
    client = client_as(planner)
    other = OrganisationFactory(name="Hjärta till hjärta")
    response = client.post(
        url("parties", draft), {"lock_version": version(draft).lock_version, "organisation": other.pk}
    )
    assert response.status_code == 302
    response = client.post(
        url("parties", draft), {"lock_version": version(draft).lock_version, "organisation": organisation_a.pk}
    )
    assert response.status_code == 200
    assert version(draft).parties.count() == 3


def test_criteria_need_a_motivation_and_all_answers_before_decision(client_as, planner, draft):
    client = client_as(planner)
    data = {"lock_version": version(draft).lock_version, "judgement_1": "met", "motivation_1": ""}
    response = client.post(url("criteria", draft), data)
    assert response.status_code == 200 and "motivation_1" in response.context["form"].errors
    response = client.post(url("version-submit", draft), follow=True)
    assert "Kriterier som ännu inte bedömts" in response.content.decode()
    assert version(draft).status == Status.DRAFT


def test_the_life_cycle_through_the_pages(client_as, planner, committee_x, organisation_a):
    draft = make_agreement(committee=committee_x, partners=[organisation_a], start=PERIOD["start"], end=PERIOD["end"])
    client = client_as(planner)
    answer_all_criteria(version(draft))
    assert client.post(url("version-submit", draft)).status_code == 302
    assert version(draft).status == Status.READY
    response = client.post(
        url("version-decide", draft),
        {"decision_body": "Äldrenämnden", "decision_date": "2019-11-20", "decision_reference": "§ 98"},
    )
    assert response.status_code == 302 and version(draft).status == Status.DECIDED
    for party in version(draft).parties.all():
        response = client.post(
            url("version-sign", draft, party.pk),
            {"signatory_name": "Namn", "signatory_title": "Titel", "place": "Linköping", "date": "2019-12-16"},
        )
        assert response.status_code == 302
    assert version(draft).status == Status.SIGNED
    response = client.post(url("agreement-extend", draft), {"decision_body": "Äldrenämnden", "decision_date": TODAY})
    assert response.status_code == 302
    assert draft.extensions.get().new_end == D(TODAY.year + 4, 12, 31)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert f"{TODAY.year + 4}-12-31" in page


def test_a_signed_version_has_no_edit_pages(client_as, planner, signed):
    assert client_as(planner).get(url("version-edit", signed, "background")).status_code == 404
    assert client_as(planner).post(url("items", signed, "chapters"), {"heading": "x"}).status_code == 404


def test_terminate_and_amend_through_the_pages(client_as, planner, signed):
    client = client_as(planner)
    assert client.post(url("agreement-amend", signed)).status_code == 302
    assert signed.versions.count() == 2
    party = version(signed).parties.first()
    first_version_party = signed.versions.get(number=1).parties.get(organisation__isnull=False)
    notice = {"party": first_version_party.pk, "notice_date": TODAY}
    asked = client.post(url("agreement-terminate", signed), notice)
    assert asked.status_code == 200 and not hasattr(Agreement.objects.get(pk=signed.pk), "termination")
    response = client.post(url("agreement-terminate", signed), {**notice, "confirmed": "1"})
    assert response.status_code == 302
    signed.refresh_from_db()
    assert signed.termination.end_date == min(add_months(TODAY, 6), PERIOD["end"])
    assert party.version.number == 2


def test_renewal_through_the_page(client_as, planner, signed):
    response = client_as(planner).post(url("agreement-renew", signed), {"registry_number": "ÄN 2022-9"})
    renewal = Agreement.objects.get(registry_number="ÄN 2022-9")
    assert response.status_code == 302 and response.url == renewal.get_absolute_url()
    assert list(renewal.predecessors.all()) == [signed]


def test_default_texts_are_kept_by_administrators(client_as, administrator, planner):
    edit = reverse("agreements:default-text-edit", args=["value_base"])
    assert client_as(planner).get(reverse("agreements:default-texts")).status_code == 200
    assert client_as(planner).post(edit, {"text": "X"}).status_code == 403
    assert client_as(administrator).post(edit, {"text": "Respekt och tillit."}).status_code == 302
    assert "Respekt och tillit." in client_as(planner).get(reverse("agreements:default-texts")).content.decode()


def test_user_text_is_escaped_on_the_agreement_page(client_as, planner, draft):
    current = version(draft)
    from agreements import services

    services.version_update(
        by=None, version=current, lock_version=current.lock_version, purpose="<script>alert(1)</script>"
    )
    page = client_as(planner).get(draft.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_agreement_list_takes_a_fixed_number_of_queries(client_as, viewer, django_assert_max_num_queries, committee_x):
    for number in range(5):
        make_agreement(
            committee=committee_x, registry_number=f"ÄN {number}", state="signed", partners=[OrganisationFactory()]
        )
    client = client_as(viewer)
    client.get(reverse("agreements:agreement-list"))
    with django_assert_max_num_queries(19):
        client.get(reverse("agreements:agreement-list"))


def test_old_versions_stay_readable(client_as, partner_a, signed):
    from agreements import services

    services.agreement_amend(by=None, agreement=signed, today=D(2021, 6, 1))
    response = client_as(partner_a).get(reverse("agreements:version-detail", args=[signed.pk, 1]))
    assert response.status_code == 200
    assert AgreementVersion.objects.filter(agreement=signed).count() == 2


def test_a_partner_is_not_linked_to_other_partners_register_entries(client_as, partner_a, organisation_a):
    other = OrganisationFactory(name="Hjärta till hjärta")
    agreement = make_agreement(partners=[organisation_a, other])
    page = client_as(partner_a).get(agreement.get_absolute_url()).content.decode()
    assert organisation_a.get_absolute_url() in page
    assert "Hjärta till hjärta" in page and other.get_absolute_url() not in page
