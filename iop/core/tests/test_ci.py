"""In CI a skipped test fails the run: a missing browser must not pass unnoticed."""

from types import SimpleNamespace

import conftest


def run_session(monkeypatch, *, ci, skipped):
    monkeypatch.setattr(conftest, "_skipped", [])
    if ci:
        monkeypatch.setenv("CI", "true")
    else:
        monkeypatch.delenv("CI", raising=False)
    conftest.pytest_runtest_logreport(SimpleNamespace(skipped=skipped, nodeid="test_x.py::test_browser"))
    session = SimpleNamespace(exitstatus=0)
    conftest.pytest_sessionfinish(session, 0)
    return session.exitstatus


def test_a_skip_fails_the_run_in_ci(monkeypatch):
    assert run_session(monkeypatch, ci=True, skipped=True) == 1


def test_a_skip_is_only_reported_outside_ci(monkeypatch):
    assert run_session(monkeypatch, ci=False, skipped=True) == 0


def test_a_run_without_skips_passes_in_ci(monkeypatch):
    assert run_session(monkeypatch, ci=True, skipped=False) == 0
