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


def _audit_module():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[3] / ".ci" / "audit_dependencies.py"
    spec = importlib.util.spec_from_file_location("audit_dependencies", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


VULNERABLE = [{"name": "django", "version": "5.2.0", "vulns": [{"id": "PYSEC-1", "fix_versions": ["5.2.1"]}]}]
CLEAN = [{"name": "django", "version": "5.2.19", "vulns": []}]
UNKNOWN = [{"name": "django", "skip_reason": "Dependency not found on PyPI"}]


def test_the_dependency_audit_fails_on_a_known_vulnerability(monkeypatch, capsys):
    module = _audit_module()
    monkeypatch.setattr(module, "audit", lambda service: (VULNERABLE, []))
    assert module.main() == 1
    assert "PYSEC-1" in capsys.readouterr().out


def test_the_dependency_audit_passes_clean_packages(monkeypatch):
    module = _audit_module()
    monkeypatch.setattr(module, "audit", lambda service: (CLEAN, []))
    assert module.main() == 0


def test_an_audit_that_could_look_nothing_up_says_so_and_fails_when_required(monkeypatch, capsys):
    module = _audit_module()
    monkeypatch.setattr(module, "audit", lambda service: (UNKNOWN, []) if service == "pypi" else (None, ["offline"]))
    monkeypatch.delenv("AUDIT_REQUIRED", raising=False)
    assert module.main() == 0
    assert "NOTHING WAS AUDITED" in capsys.readouterr().err
    monkeypatch.setenv("AUDIT_REQUIRED", "true")
    assert module.main() == 1
