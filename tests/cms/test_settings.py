"""Settings profiles: production passes Django's deployment checklist."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cms.settings.env import env_required

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean_env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    clean_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_profile_passes_check_deploy(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="caobang.gov.vn,.caobang.gov.vn",
        # Production scans uploads (Debian's clamd socket); without a scanner
        # the check forms_library.W001 rightly warns.
        CLAMD_URL="unix:///run/clamav/clamd.ctl",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        # Production needs the shared cache (checked here, not connected to).
        REDIS_URL="redis://127.0.0.1:6379/0",
        VAR_DIR=str(tmp_path),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_profile_refuses_to_start_without_secret_key(tmp_path):
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        ALLOWED_HOSTS="caobang.gov.vn",
        VAR_DIR=str(tmp_path),
    )

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_env_required_names_the_missing_variable(monkeypatch):
    monkeypatch.delenv("SOME_MISSING_VARIABLE", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SOME_MISSING_VARIABLE"):
        env_required("SOME_MISSING_VARIABLE")


def test_locale_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _name in settings.LANGUAGES] == ["vi", "en"]
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert (ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.mo").exists()


def test_private_files_live_outside_the_public_media_root(settings):
    private = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    assert not private.is_relative_to(Path(settings.MEDIA_ROOT))
    assert settings.STORAGES["private"]["OPTIONS"]["base_url"] is None
