"""A PDF never holds a worker beyond PDF_TIME_LIMIT, on any thread, and says so when it
cannot be made; every text that reaches a PDF has a bound.

A rendering that takes too long is simulated by a writer that sleeps far longer than the
limit: the tests assert that it is stopped (the answer comes, the child is gone), not how
fast anything is.
"""

import datetime
import multiprocessing
import os
import re
import signal
import threading
import time
from pathlib import Path

import pytest

from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from agreements import services as agreement_services
from agreements.models import Signature, Status
from agreements.tests.factories import make_agreement
from followup.tests.factories import approver_for, hours_agreement
from iop.core import pdf

README = Path(__file__).resolve().parents[3] / "README.md"
LIMIT = 0.5  # seconds, for the tests; the writers below would take a minute
SWEDISH_TIMEOUT = "Dokumentet tog för lång tid att skapa"


def sleeping_writer(html, archive, images=None):
    time.sleep(60)
    return b"%PDF-never"


def crashing_writer(html, archive, images=None):
    os._exit(3)  # as a rendering killed by the kernel for its memory would end


def failing_writer(html, archive, images=None):
    raise ValueError("a bug in the template")


@pytest.fixture
def slow_rendering(settings, monkeypatch):
    settings.PDF_TIME_LIMIT = LIMIT
    monkeypatch.setattr(pdf, "_write_pdf", sleeping_writer)


def in_a_thread(function):
    """function() on a thread that is not the main thread, as in gunicorn's gthread workers
    or the development server; its result, or the exception it raised."""
    outcome = {}

    def run():
        try:
            outcome["result"] = function()
        except Exception as error:  # noqa: BLE001 - the test reads what it got
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    assert not thread.is_alive(), "the rendering was not stopped"
    return outcome


# --- The helper ----------------------------------------------------------------------------


def test_a_rendering_over_its_limit_is_stopped_on_the_main_thread(slow_rendering):
    with pytest.raises(pdf.RenderingTimeout):
        pdf.render_pdf("followup/meetings/pdf/yearly.html", {})
    assert multiprocessing.active_children() == []


def test_a_rendering_over_its_limit_is_stopped_off_the_main_thread(slow_rendering):
    outcome = in_a_thread(lambda: pdf.render_pdf("followup/meetings/pdf/yearly.html", {}))
    assert isinstance(outcome.get("error"), pdf.RenderingTimeout), outcome
    assert multiprocessing.active_children() == []


def test_a_rendering_whose_worker_is_gone_ends_by_itself():
    fork = multiprocessing.get_context("fork")
    _receiver, sender = fork.Pipe(duplex=False)
    child = fork.Process(target=pdf._child_main, args=(sender, sleeping_writer, ("", False), LIMIT))
    child.start()  # and no one waits for it, as when gunicorn has killed its worker
    child.join(timeout=60)
    assert child.exitcode == -signal.SIGALRM


def test_a_rendering_that_dies_is_reported_as_failed(settings, monkeypatch):
    monkeypatch.setattr(pdf, "_write_pdf", crashing_writer)
    with pytest.raises(pdf.RenderingFailed):
        pdf.render_pdf("followup/meetings/pdf/yearly.html", {})


def test_an_error_in_the_rendering_is_raised_as_itself(monkeypatch):
    monkeypatch.setattr(pdf, "_write_pdf", failing_writer)
    with pytest.raises(ValueError, match="a bug in the template"):
        pdf.render_pdf("followup/meetings/pdf/yearly.html", {})


def test_a_rendering_within_its_limit_gives_the_pdf_and_the_database_stays_usable(db):
    agreement = make_agreement()
    data = pdf.render_pdf("agreements/pdf/agreement.html", {"version": agreement.versions.get(), "parties": []})
    assert data.startswith(b"%PDF-")
    # The rendering ran in a child process that shared the parent's database connection;
    # the child must leave it alone.
    assert agreement.versions.get().title


def test_the_time_limit_is_well_below_the_worker_timeout_the_readme_deploys_with():
    timeouts = re.findall(r"gunicorn .*--timeout (\d+)", README.read_text())
    assert timeouts, "the README's gunicorn command states its worker timeout"
    assert all(django_settings.PDF_TIME_LIMIT * 3 <= int(timeout) for timeout in timeouts)


# --- The pages -----------------------------------------------------------------------------


def assert_answered_with_a_message(response):
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert SWEDISH_TIMEOUT in response.content.decode()


def test_an_agreement_pdf_over_its_limit_answers_with_a_message(slow_rendering, client_as, planner, committee_x):
    agreement = make_agreement(committee=committee_x)
    response = client_as(planner).get(reverse("agreements:version-pdf", args=[agreement.pk, 1]))
    assert_answered_with_a_message(response)


@pytest.mark.django_db(transaction=True)
def test_a_yearly_pdf_over_its_limit_answers_with_a_message_off_the_main_thread(slow_rendering):
    agreement = hours_agreement()
    client = Client()
    client.force_login(approver_for(agreement))
    year = agreement.versions.get().start_date.year
    url = reverse("followup:yearly-pdf", args=[agreement.pk, year])
    outcome = in_a_thread(lambda: client.get(url))
    assert "error" not in outcome, outcome
    assert_answered_with_a_message(outcome["result"])


def test_a_signing_whose_archive_pdf_runs_over_is_refused_whole(
    slow_rendering, settings, client_as, planner, committee_x
):
    settings.FREEZE_SIGNED_PDF = True
    agreement = make_agreement(committee=committee_x, state="decided")
    version = agreement.versions.get()
    first, last = version.parties.order_by("order")
    agreement_services.version_sign(
        by=None,
        party=first,
        signatory_name="Bo Berg",
        signatory_title="",
        place="Linköping",
        date=datetime.date(2020, 1, 9),
    )
    url = reverse("agreements:version-sign", args=[agreement.pk, last.pk])
    response = client_as(planner).post(
        url, {"signatory_name": "Anna Andersson", "place": "Linköping", "date": "2020-01-10"}
    )
    assert_answered_with_a_message(response)
    version.refresh_from_db()
    assert version.status == Status.DECIDED
    assert not Signature.objects.filter(party=last).exists()
