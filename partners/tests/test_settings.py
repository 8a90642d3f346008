"""A municipality's own settings: kept by its own administrators, each bad input refused
at its field with nothing saved."""

import io

import pytest
import weasyprint  # noqa: F401 - it lets Pillow load truncated images, as in the running application
from PIL import Image

from django.urls import reverse

from iop.accounts.models import Role
from iop.accounts.tests.factories import UserFactory
from partners.models import Municipality
from partners.orgnr import luhn_check_digit
from partners.sections import DEFAULT_ORDER, SECTIONS, section_order_of
from partners.tests.factories import MunicipalityFactory


def municipal_org_number(n):
    body = f"212000{n:04d}"[:9]
    return f"{body[:6]}-{body[6:]}{luhn_check_digit(body)}"


def image_bytes(kind="PNG", size=(120, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 80, 160)).save(buffer, kind)
    return buffer.getvalue()


def upload(data, name="logo.png"):
    file = io.BytesIO(data)
    file.name = name
    return file


@pytest.fixture
def linkoping(db):
    return MunicipalityFactory()


@pytest.fixture
def own_administrator(linkoping):
    # Not the installation's superuser: an administrator of Linköping alone.
    return UserFactory(username="admin-lkpg", role=Role.ADMINISTRATOR, municipality=linkoping)


def url(municipality):
    return reverse("partners:municipality-settings", args=[municipality.pk])


def posted(**changes):
    data = {"guideline_min": "40", "guideline_max": "60"}
    data.update({f"section_{n}": key for n, key in enumerate(DEFAULT_ORDER, start=1)})
    data.update(changes)
    return data


def test_the_administrator_sets_band_order_and_logo_and_the_change_is_recorded(client_as, own_administrator, linkoping):
    order = list(reversed(DEFAULT_ORDER))
    data = posted(guideline_min="30", guideline_max="70", logo=upload(image_bytes()))
    data.update({f"section_{n}": key for n, key in enumerate(order, start=1)})
    response = client_as(own_administrator).post(url(linkoping), data)
    assert response.status_code == 302
    linkoping.refresh_from_db()
    assert (linkoping.guideline_min, linkoping.guideline_max) == (30, 70)
    assert linkoping.section_order == order and section_order_of(linkoping) == order
    assert bytes(linkoping.logo) == image_bytes() and linkoping.logo_content_type == "image/png"
    last = linkoping.history.first()
    assert last.history_user == own_administrator and last.guideline_min == 30


def test_the_page_shows_the_current_settings_and_links_to_the_standard_texts(client_as, own_administrator, linkoping):
    page = client_as(own_administrator).get(url(linkoping)).content.decode()
    assert reverse("agreements:default-texts") in page
    assert 'value="40"' in page and 'value="60"' in page
    assert str(SECTIONS["background"]) in page


def test_no_guideline_is_both_ends_empty(client_as, own_administrator, linkoping):
    response = client_as(own_administrator).post(url(linkoping), posted(guideline_min="", guideline_max=""))
    assert response.status_code == 302
    linkoping.refresh_from_db()
    assert linkoping.guideline_min is None and linkoping.guideline_max is None


def test_a_jpeg_logo_is_taken_and_can_be_removed(client_as, own_administrator, linkoping):
    client = client_as(own_administrator)
    client.post(url(linkoping), posted(logo=upload(image_bytes("JPEG"), "logo.jpg")))
    linkoping.refresh_from_db()
    assert linkoping.logo_content_type == "image/jpeg"
    assert "data:image/jpeg;base64," in client.get(url(linkoping)).content.decode()
    client.post(url(linkoping), posted(remove_logo="on"))
    linkoping.refresh_from_db()
    assert not linkoping.logo and linkoping.logo_content_type == ""


def refused(client, municipality, data, field):
    before = Municipality.objects.values().get(pk=municipality.pk)
    response = client.post(url(municipality), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert Municipality.objects.values().get(pk=municipality.pk) == before  # nothing saved
    return response.context["form"].errors[field]


def test_the_lowest_share_above_the_highest_is_refused_at_the_field(client_as, own_administrator, linkoping):
    refused(client_as(own_administrator), linkoping, posted(guideline_min="70", guideline_max="30"), "guideline_max")


def test_one_end_of_the_band_alone_is_refused_at_the_field(client_as, own_administrator, linkoping):
    refused(client_as(own_administrator), linkoping, posted(guideline_max=""), "guideline_max")


def test_a_share_above_100_is_refused(client_as, own_administrator, linkoping):
    refused(client_as(own_administrator), linkoping, posted(guideline_max="120"), "guideline_max")


def test_a_section_placed_twice_is_refused_at_its_place(client_as, own_administrator, linkoping):
    errors = refused(client_as(own_administrator), linkoping, posted(section_2="background"), "section_2")
    assert "already placed" in str(errors) or "redan" in str(errors)


def test_an_unknown_section_is_refused_at_its_place(client_as, own_administrator, linkoping):
    refused(client_as(own_administrator), linkoping, posted(section_3="secrets"), "section_3")


@pytest.mark.parametrize(
    "data",
    [
        b"not an image at all",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 200,  # a PNG signature and nothing behind it
        image_bytes()[:60],  # a truncated PNG
        image_bytes("JPEG")[:-40],  # a truncated JPEG
        image_bytes("GIF"),  # an image, but not PNG or JPEG
        image_bytes(size=(5000, 20)),  # not a sane size for a logo
        image_bytes(size=(4, 4)),
    ],
)
def test_a_file_that_is_not_a_sane_png_or_jpeg_is_refused_at_the_logo(client_as, own_administrator, linkoping, data):
    refused(client_as(own_administrator), linkoping, posted(logo=upload(data, "logo.png")), "logo")


def test_a_logo_over_1_mb_is_refused(client_as, own_administrator, linkoping):
    refused(client_as(own_administrator), linkoping, posted(logo=upload(b"\x00" * (1024 * 1024 + 1))), "logo")


def test_planners_viewers_and_other_municipalities_administrators_may_not_change_it(client_as, linkoping):
    other = MunicipalityFactory(name="Exempelby kommun", org_number=municipal_org_number(17))
    foreign_admin = UserFactory(role=Role.ADMINISTRATOR, municipality=other)
    planner = UserFactory(role=Role.PLANNER, municipality=linkoping)
    viewer = UserFactory(role=Role.VIEWER, municipality=linkoping)
    for user, status in ((planner, 403), (viewer, 403), (foreign_admin, 404)):
        client = client_as(user)
        assert client.get(url(linkoping)).status_code == status
        assert client.post(url(linkoping), posted(guideline_min="10", guideline_max="20")).status_code == status
    linkoping.refresh_from_db()
    assert linkoping.guideline_min == 40


def test_a_saved_order_missing_a_new_section_prints_it_in_the_seeds_place(linkoping):
    linkoping.section_order = ["economy", "background", "nonsense"]
    assert section_order_of(linkoping)[:3] == ["economy", "background", "purpose"]
    assert sorted(section_order_of(linkoping)) == sorted(DEFAULT_ORDER)
