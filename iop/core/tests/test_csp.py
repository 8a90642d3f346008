"""The Content-Security-Policy: on every response, and nothing inline for it to block.

The browser journeys enforce it too: iop/core/tests/axe.py fails a journey on any CSP
violation reported on the browser console; the last test here shows that it does.
"""

import re
from pathlib import Path

import pytest

from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from iop.accounts.models import User
from iop.core.csp import POLICY
from iop.core.tests.axe import PageChecks
from iop.core.tests.test_crawl import crawl

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Rendered by WeasyPrint on the server and never sent to a browser; the policy does not apply.
PDF_ONLY = {"followup/meetings/pdf/yearly.html"}

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def inline_code(html, *, style_elements=True):
    """What the policy would block in this HTML, as a list of names."""
    checks = {
        "inline <script>": INLINE_SCRIPT,
        "on…= handler": HANDLER,
        "style= attribute": STYLE_ATTRIBUTE,
        "javascript: URL": JAVASCRIPT_URL,
    }
    if style_elements:
        checks["<style> element"] = STYLE_ELEMENT
    return [name for name, pattern in checks.items() if pattern.search(html)]


def test_the_policy_allows_only_our_own_files():
    directives = dict(directive.split(" ", 1) for directive in POLICY.split("; "))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in POLICY


def test_inline_code_is_recognised():
    assert inline_code('<script>alert(1)</script><script src="/static/x.js"></script>') == ["inline <script>"]
    assert inline_code('<button type="button" onclick="go()">') == ["on…= handler"]
    assert inline_code('<svg width="10" style="max-width: 10px">') == ["style= attribute"]
    assert inline_code("<style>p { color: red }</style>") == ["<style> element"]
    assert inline_code('<a href="javascript:void(0)">') == ["javascript: URL"]
    assert inline_code('<p class="onboarding">Online styles, <a href="/on/">on=</a></p>') == []


def test_no_template_has_inline_script_handler_or_style():
    found = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        problems = inline_code(path.read_text(encoding="utf-8"), style_elements=name not in PDF_ONLY)
        if problems:
            found[name] = problems
    assert found == {}


def test_login_page_and_error_pages_carry_the_policy(db, client):
    for path, status in [(reverse("accounts:login"), 200), ("/finns-inte/", 404), ("/", 302)]:
        response = client.get(path)
        assert response.status_code == status
        assert response["Content-Security-Policy"] == POLICY


def test_djangos_debug_pages_keep_their_inline_styles(db, client, settings):
    settings.DEBUG = True
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Content-Security-Policy" not in response


class InspectingClient(Client):
    """A test client that notes, for each HTML page it gets, what the policy would not allow."""

    def __init__(self):
        super().__init__()
        self.pages = 0
        self.found = {}

    def get(self, path, *args, **kwargs):
        response = super().get(path, *args, **kwargs)
        if "text/html" in response.get("Content-Type", ""):
            self.pages += 1
            problems = inline_code(response.content.decode())
            if response.get("Content-Security-Policy") != POLICY:
                problems.append("no Content-Security-Policy header")
            if problems:
                self.found[path] = problems
        return response


@pytest.mark.parametrize("username", ["admin", "resurspoolen"])
def test_every_page_a_demo_user_reaches_carries_the_policy_and_nothing_inline(db, settings, username):
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.DEBUG = False
    client = InspectingClient()
    client.force_login(User.objects.get(username=username))
    crawl(client, limit=120)
    assert client.pages > 20
    assert client.found == {}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_journey_fails_on_inline_code_and_on_accessibility_violations(live_server, context):
    """The browser refuses what the policy forbids, and the journey's checks report it."""
    page = context.new_page()
    checks = PageChecks(page)
    probe = live_server.url + "/csp-probe/"
    page.route(
        probe,
        lambda route: route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": POLICY},
            body=(
                '<!doctype html><html lang="sv"><head><title>Prov</title></head><body><main>'
                '<h1 style="color: red">Prov</h1><script>document.title = "x"</script>'
                '<img src="/static/favicon.svg">'
                "</main></body></html>"
            ),
        ),
    )
    page.goto(probe)
    with pytest.raises(AssertionError) as failure:
        checks.assert_clean()
    report = str(failure.value)
    assert "Applying inline style violates" in report
    assert "Executing inline script violates" in report
    assert "critical image-alt" in report
    assert page.title() == "Prov"  # the inline script did not run
    page.close()
