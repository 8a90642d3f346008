"""The base interface: Swedish, accessible pages and error pages."""

import re
from pathlib import Path

import pytest

from django.conf import settings
from django.test import Client
from django.urls import path


def failing_view(request):
    raise RuntimeError("secret internals: SELECT * FROM users")


urlpatterns = [path("boom/", failing_view)]
handler500 = "iop.core.views.server_error"


def test_pages_are_swedish_and_accessible(client_as, planner, organisation_a):
    page = client_as(planner).get(organisation_a.get_absolute_url()).content.decode()
    assert '<html lang="sv">' in page
    assert 'href="#main"' in page and "Hoppa till innehållet" in page
    assert '<main id="main"' in page and "<nav" in page and "<h1>" in page


def test_unknown_address_gives_a_swedish_404(client_as, planner):
    response = client_as(planner).get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan hittades inte" in response.content.decode()


@pytest.mark.urls(__name__)
def test_server_error_shows_a_generic_page_without_internals(db):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Något gick fel" in page
    assert "SELECT" not in page and "RuntimeError" not in page and "Traceback" not in page


def test_templates_load_nothing_from_the_internet():
    external = re.compile(r"""(src|href)=["']https?://""")
    offenders = [
        str(path) for path in Path(settings.BASE_DIR, "templates").rglob("*.html") if external.search(path.read_text())
    ]
    assert offenders == []
