"""Settings come from the environment, fail loudly, and production passes check --deploy."""

import os
import subprocess
import sys

import pytest

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from iop.env import env_bool, env_list, secret_key

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-production-secret-" + "x7Qp2Lm9" * 6,
    "ALLOWED_HOSTS": "iop.linkoping.se",
}


def manage(*args, env=None):
    full_env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_profile_passes_check_deploy_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", env={**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_collects_static_files_with_the_manifest(tmp_path):
    result = manage("collectstatic", "--noinput", env={**PRODUCTION, "STATIC_ROOT": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("vendor/bootstrap/bootstrap.min.*.css"))


def test_development_secret_key_is_generated_once_into_var(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = secret_key(debug=True, var_dir=tmp_path)
    assert len(first) >= 50
    assert secret_key(debug=True, var_dir=tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_secret_key_from_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-env")
    assert secret_key(debug=False, var_dir=tmp_path) == "from-env"


def test_missing_secret_key_in_production_is_an_error(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured):
        secret_key(debug=False, var_dir=tmp_path)


def test_booleans_and_lists_from_the_environment(monkeypatch):
    monkeypatch.setenv("X_FLAG", "Yes")
    monkeypatch.setenv("X_HOSTS", "a.se, b.se,")
    assert env_bool("X_FLAG", False) is True
    assert env_list("X_HOSTS", []) == ["a.se", "b.se"]
    monkeypatch.setenv("X_FLAG", "kanske")
    with pytest.raises(ImproperlyConfigured):
        env_bool("X_FLAG", False)


def _views(patterns, prefix=""):
    from django.urls import URLPattern

    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback
        else:
            yield from _views(pattern.url_patterns, prefix + str(pattern.pattern))


def test_csrf_protects_every_view():
    """No view of ours opts out of CSRF (the admin's own are Django's and protected too)."""
    from django.urls import get_resolver

    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE
    views = list(_views(get_resolver().url_patterns))
    assert len(views) > 80
    assert [route for route, view in views if getattr(view, "csrf_exempt", False)] == []
