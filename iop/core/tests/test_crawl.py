"""Every page a demo user can reach by following links works: no server error, no link
to a page the user may not open. A smoke test over the whole application."""

import re
from urllib.parse import urljoin, urlparse

import pytest

from django.core.management import call_command
from django.test import Client

from iop.accounts.models import User

LINK = re.compile(r'href="([^"#]+)"')
SKIP = ("/static/", "/admin/", "/konto/logga-ut/", "/media/")


def crawl(client, limit):
    seen, queue, problems = set(), ["/"], []
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code >= 400:
            problems.append((response.status_code, path))
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in LINK.findall(response.content.decode()):
            url = urlparse(urljoin("http://testserver" + path, href.replace("&amp;", "&")))
            if url.netloc != "testserver" or url.path.startswith(SKIP):
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            if target not in seen:
                queue.append(target)
    return seen, problems


@pytest.mark.parametrize(
    "username",
    [
        "admin",
        "planerare",
        "resurspoolen",
        "stadsmissionen",
        "insyn",
        "exempelby-admin",
        "exempelby-planerare",
        "drift",
    ],
)
def test_every_linked_page_opens_for_each_demo_user(db, settings, username):
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.DEBUG = False
    client = Client()
    client.force_login(User.objects.get(username=username))
    seen, problems = crawl(client, limit=120)
    assert len(seen) > 20
    assert problems == []
