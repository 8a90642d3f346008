"""Standard texts are each municipality's own: its staff keep theirs, and the installation's
superuser, who belongs to none, chooses whose with ?kommun=<slug>."""

from django.urls import reverse

from agreements import services
from agreements.models import DefaultText
from iop.accounts.models import Role
from iop.accounts.tests.factories import UserFactory
from partners.tests.factories import MunicipalityFactory

LIST = reverse("agreements:default-texts")
EDIT = reverse("agreements:default-text-edit", args=["value_base"])


def two_municipalities():
    linkoping = MunicipalityFactory()
    exempelby = MunicipalityFactory(name="Exempelby kommun", org_number="212000-9994", slug="exempelby")
    services.default_text_save(by=None, municipality=linkoping, field="value_base", text="Linköpings grund.")
    services.default_text_save(by=None, municipality=exempelby, field="value_base", text="Exempelbys grund.")
    return linkoping, exempelby


def test_the_superuser_chooses_whose_standard_texts_and_keeps_them(client_as, db):
    linkoping, exempelby = two_municipalities()
    superuser = UserFactory(role=Role.ADMINISTRATOR, is_superuser=True, municipality=None)
    client = client_as(superuser)

    page = client.get(LIST, {"kommun": "exempelby"}).content.decode()
    assert "Exempelbys grund." in page and "Linköpings grund." not in page
    assert f"{EDIT}?kommun=exempelby" in page

    response = client.post(f"{EDIT}?kommun=exempelby", {"text": "Exempelbys nya grund."})
    assert response.status_code == 302 and response.url == f"{LIST}?kommun=exempelby"
    texts = dict(DefaultText.objects.filter(field="value_base").values_list("municipality__slug", "text"))
    assert texts == {"exempelby": "Exempelbys nya grund.", linkoping.slug: "Linköpings grund."}


def test_a_municipalitys_administrator_keeps_only_their_own_whatever_is_asked(client_as, db):
    linkoping, exempelby = two_municipalities()
    administrator = UserFactory(role=Role.ADMINISTRATOR, municipality=linkoping)
    client = client_as(administrator)

    assert "Exempelbys grund." not in client.get(LIST, {"kommun": "exempelby"}).content.decode()
    client.post(f"{EDIT}?kommun=exempelby", {"text": "Insmugglad."})
    texts = dict(DefaultText.objects.filter(field="value_base").values_list("municipality__slug", "text"))
    assert texts == {"exempelby": "Exempelbys grund.", linkoping.slug: "Insmugglad."}
