"""Shared test fixtures: the personas every view is tested as."""

import os
import shutil

import pytest

from iop.accounts.models import Role
from iop.accounts.tests.factories import UserFactory
from iop.core.tests.axe import PageChecks
from partners.tests.factories import CommitteeFactory, OrganisationFactory

# Playwright's sync API keeps an event loop running in the test thread for the rest of
# the session, which makes Django refuse ORM calls there unless told it is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def _fast_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Rendering the archive PDF at every signing would slow every test that signs;
    # the PDF tests switch it on (see agreements/tests/test_pdf.py).
    settings.FREEZE_SIGNED_PDF = False


@pytest.fixture
def committee_x(db):
    return CommitteeFactory(name="Äldrenämnden")


@pytest.fixture
def committee_y(db):
    return CommitteeFactory(name="Bildningsnämnden")


@pytest.fixture
def organisation_a(db):
    return OrganisationFactory(name="Resurspoolen", org_number="822003-0913")


@pytest.fixture
def organisation_b(db):
    return OrganisationFactory(name="Linköpings stadsmission")


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)


@pytest.fixture
def planner(committee_x):
    return UserFactory(username="planner-x", role=Role.PLANNER, committees=[committee_x])


@pytest.fixture
def planner_y(committee_y):
    return UserFactory(username="planner-y", role=Role.PLANNER, committees=[committee_y])


@pytest.fixture
def partner_a(organisation_a):
    return UserFactory(username="partner-a", role=Role.PARTNER, organisations=[organisation_a])


@pytest.fixture
def partner_b(organisation_b):
    return UserFactory(username="partner-b", role=Role.PARTNER, organisations=[organisation_b])


@pytest.fixture
def viewer(db):
    return UserFactory(username="viewer", role=Role.VIEWER)


@pytest.fixture
def client_as(client):
    """client_as(user): the test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium, never a browser that Playwright would download."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium).")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A Swedish browser, as our users have: dates in date fields read 2026-11-22."""
    return {**browser_context_args, "locale": "sv-SE", "timezone_id": "Europe/Stockholm"}


# In CI a skipped test is a failure: a missing dependency must not pass silently.
_skipped = []
# Race tests need PostgreSQL: SQLite serialises writers, so nothing would race there.
_race_deselected = []


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    races = [item for item in items if item.get_closest_marker("race")]
    if races and os.environ.get("CI"):
        raise pytest.UsageError("CI runs the race tests, which need PostgreSQL: set DATABASE_URL (see .ci/run).")
    if races:
        _race_deselected.extend(races)
        config.hook.pytest_deselected(items=races)
        items[:] = [item for item in items if not item.get_closest_marker("race")]


def pytest_terminal_summary(terminalreporter):
    if _race_deselected:
        terminalreporter.write_line(
            f"{len(_race_deselected)} race test(s) not run: they need PostgreSQL "
            "(DATABASE_URL=postgres://… make test, as .ci/run does).",
            yellow=True,
        )


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("CI") and _skipped and exitstatus == 0:
        session.exitstatus = 1
        print(f"\nCI: {len(_skipped)} skipped test(s) count as failures: {', '.join(_skipped)}")


@pytest.fixture
def page(page):
    """pytest-playwright's page, checked on every page it visits: axe-core finds no serious
    or critical violation and the Content-Security-Policy blocks nothing (iop/core/tests/axe.py)."""
    checks = PageChecks(page)
    yield page
    checks.assert_clean()
