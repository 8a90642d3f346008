"""Register pages as each persona uses them: owner, read-only colleague, outsider."""

import pytest

from django.urls import reverse

from partners.models import Committee, Contact, Organisation
from partners.tests.factories import ContactFactory, OrganisationFactory

VALID = {"name": "Bilda Östergötland", "org_number": "", "active": "on"}


def test_anonymous_visitors_are_sent_to_the_login_page(client, organisation_a):
    response = client.get(reverse("partners:organisation-detail", args=[organisation_a.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_planner_lists_and_searches_organisations(client_as, planner, organisation_a, organisation_b):
    client = client_as(planner)
    response = client.get(reverse("partners:organisation-list"))
    assert response.status_code == 200
    assert list(response.context["object_list"]) == [organisation_b, organisation_a]  # L before R
    response = client.get(reverse("partners:organisation-list"), {"q": "822003"})
    assert list(response.context["object_list"]) == [organisation_a]
    assert "Resurspoolen" in response.content.decode()


def test_inactive_organisations_are_listed_only_on_request(client_as, planner, organisation_a):
    closed = OrganisationFactory(name="Nedlagd förening", active=False)
    client = client_as(planner)
    assert closed not in client.get(reverse("partners:organisation-list")).context["object_list"]
    assert closed in client.get(reverse("partners:organisation-list"), {"inactive": "1"}).context["object_list"]


def test_partner_lists_only_their_own_organisation(client_as, partner_a, organisation_a, organisation_b):
    response = client_as(partner_a).get(reverse("partners:organisation-list"))
    assert list(response.context["object_list"]) == [organisation_a]
    assert "Linköpings stadsmission" not in response.content.decode()


def test_partner_gets_404_for_another_organisation(client_as, partner_a, organisation_b):
    client = client_as(partner_a)
    assert client.get(reverse("partners:organisation-detail", args=[organisation_b.pk])).status_code == 404
    assert client.get(reverse("partners:organisation-update", args=[organisation_b.pk])).status_code == 404
    response = client.post(reverse("partners:organisation-update", args=[organisation_b.pk]), {"name": "Kapad"})
    assert response.status_code == 404
    organisation_b.refresh_from_db()
    assert organisation_b.name == "Linköpings stadsmission"


def test_partner_reads_own_organisation_but_may_not_change_it(client_as, partner_a, organisation_a):
    client = client_as(partner_a)
    response = client.get(reverse("partners:organisation-detail", args=[organisation_a.pk]))
    assert response.status_code == 200
    assert reverse("partners:organisation-update", args=[organisation_a.pk]) not in response.content.decode()
    assert client.get(reverse("partners:organisation-update", args=[organisation_a.pk])).status_code == 403


def test_viewer_reads_but_gets_403_on_writes(client_as, viewer, organisation_a):
    client = client_as(viewer)
    assert client.get(reverse("partners:organisation-detail", args=[organisation_a.pk])).status_code == 200
    assert client.get(reverse("partners:organisation-create")).status_code == 403
    assert client.post(reverse("partners:organisation-create"), VALID).status_code == 403
    assert client.post(reverse("partners:organisation-update", args=[organisation_a.pk]), VALID).status_code == 403
    assert not Organisation.objects.filter(name=VALID["name"]).exists()


def test_planner_creates_an_organisation_and_the_number_is_normalised(client_as, planner):
    response = client_as(planner).post(reverse("partners:organisation-create"), {**VALID, "org_number": "822003 0913"})
    organisation = Organisation.objects.get()
    assert response.status_code == 302 and response.url == organisation.get_absolute_url()
    assert organisation.org_number == "822003-0913"


def test_wrong_check_digit_is_explained_at_the_field_and_nothing_saved(client_as, planner):
    response = client_as(planner).post(reverse("partners:organisation-create"), {**VALID, "org_number": "822003-0914"})
    assert response.status_code == 200
    assert response.context["form"].errors["org_number"] == [
        "Kontrollsiffran stämmer inte. Kontrollera att organisationsnumret är rätt skrivet."
    ]
    assert 'id="error_1_id_org_number"' in response.content.decode()  # shown beside the field
    assert not Organisation.objects.exists()


def test_duplicate_number_is_explained_at_the_field(client_as, planner, organisation_a):
    response = client_as(planner).post(reverse("partners:organisation-create"), {**VALID, "org_number": "8220030913"})
    assert response.context["form"].errors["org_number"] == [
        "Det finns redan en organisation registrerad med det här organisationsnumret."
    ]
    assert Organisation.objects.count() == 1


def test_missing_and_over_long_fields_are_explained(client_as, planner):
    response = client_as(planner).post(
        reverse("partners:organisation-create"), {"name": "", "description": "x" * 2001, "website": "inte en adress"}
    )
    errors = response.context["form"].errors
    assert errors["name"] == ["Detta fält måste fyllas i."]
    assert "2000" in errors["description"][0] or "2\xa0000" in errors["description"][0]
    assert errors["website"] == ["Fyll i en giltig URL."]
    assert not Organisation.objects.exists()


def test_planner_edits_an_organisation_and_sees_the_change_history(client_as, planner, organisation_a):
    client = client_as(planner)
    response = client.post(
        reverse("partners:organisation-update", args=[organisation_a.pk]),
        {**VALID, "name": "Resurspoolen", "org_number": "822003-0913", "city": "Linköping"},
    )
    assert response.status_code == 302
    page = client.get(organisation_a.get_absolute_url()).content.decode()
    assert "Ändringshistorik" in page
    assert "Linköping" in page and str(planner) in page


def test_committees_are_kept_by_administrators_only(client_as, administrator, planner, committee_x):
    data = {"municipality": committee_x.municipality.pk, "name": "Kultur- och fritidsnämnden", "active": "on"}
    assert client_as(planner).post(reverse("partners:committee-create"), data).status_code == 403
    assert client_as(planner).get(committee_x.get_absolute_url()).status_code == 200
    response = client_as(administrator).post(reverse("partners:committee-create"), data)
    assert response.status_code == 302
    assert Committee.objects.filter(name="Kultur- och fritidsnämnden").exists()


def test_duplicate_committee_name_is_refused(client_as, administrator, committee_x):
    data = {"municipality": committee_x.municipality.pk, "name": committee_x.name, "active": "on"}
    response = client_as(administrator).post(reverse("partners:committee-create"), data)
    assert response.status_code == 200
    assert "Kommunen har redan en nämnd med det här namnet." in response.content.decode()


def test_partner_does_not_see_the_municipal_register(client_as, partner_a, committee_x):
    client = client_as(partner_a)
    assert client.get(committee_x.get_absolute_url()).status_code == 404
    assert client.get(reverse("partners:committee-list")).status_code == 403


def test_planner_adds_a_contact_to_an_organisation(client_as, planner, organisation_a):
    response = client_as(planner).post(
        reverse("partners:organisation-contact-create", args=[organisation_a.pk]),
        {"name": "Karin Ek", "title": "Ordförande", "is_signatory": "on"},
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.organisation == organisation_a and contact.is_signatory


def test_partner_cannot_add_contacts(client_as, partner_a, organisation_a):
    url = reverse("partners:organisation-contact-create", args=[organisation_a.pk])
    assert client_as(partner_a).post(url, {"name": "Smygare"}).status_code == 403
    assert not Contact.objects.exists()


def test_contact_edit_of_another_partners_contact_is_404(client_as, partner_a, organisation_b):
    contact = ContactFactory(organisation=organisation_b)
    assert client_as(partner_a).get(reverse("partners:contact-update", args=[contact.pk])).status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_organisation_list_takes_the_same_queries_however_long(client_as, planner, django_assert_num_queries, count):
    OrganisationFactory.create_batch(count)
    client = client_as(planner)
    client.get(reverse("partners:organisation-list"))  # warm the session
    # session, user, the user's municipality (named in the header), count for pagination, the
    # page of organisations, and the savepoint and its release that ATOMIC_REQUESTS wraps the
    # view in (the session is renewed at most once a minute, so not here)
    with django_assert_num_queries(7):
        client.get(reverse("partners:organisation-list"))


def test_administration_history_names_the_committees_and_who_changed_them(
    client_as, administrator, committee_x, committee_y
):
    from partners.tests.factories import AdministrationFactory

    administration = AdministrationFactory(name="Social- och omsorgsförvaltningen")
    client = client_as(administrator)
    response = client.post(
        reverse("partners:administration-update", args=[administration.pk]),
        {
            "municipality": administration.municipality.pk,
            "name": administration.name,
            "committees": [committee_x.pk, committee_y.pk],
            "active": "on",
        },
    )
    assert response.status_code == 302
    history = client.get(administration.get_absolute_url()).context["history"]
    label, old, new = history[0].changes[0]
    assert (label, old, new) == ("nämnder som betjänas", "", "Bildningsnämnden, Äldrenämnden")
    assert history[0].who == administrator


def test_edit_button_shows_only_for_those_who_may_edit(client_as, planner, viewer, organisation_a):
    edit_url = reverse("partners:organisation-update", args=[organisation_a.pk])
    assert edit_url in client_as(planner).get(organisation_a.get_absolute_url()).content.decode()
    assert edit_url not in client_as(viewer).get(organisation_a.get_absolute_url()).content.decode()
