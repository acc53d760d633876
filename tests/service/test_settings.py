"""Service settings (pydantic-settings): given values win over the environment, which wins over defaults;
the data directory's default is the platform's user data directory (platformdirs)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from gotogether.cli.serve import serve
from gotogether.errors import InputError
from gotogether.service.settings import RETENTION_DAYS, ServiceSettings, default_data_dir


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DATA_DIR", "DATABASE_URL", "TOKEN", "WORKERS", "RETENTION_DAYS", "MAX_BODY_BYTES"):
        monkeypatch.delenv(f"GOTOGETHER_{name}", raising=False)


def test_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    settings = ServiceSettings()
    assert settings.data_dir == default_data_dir() == tmp_path / "gotogether"
    assert (settings.token, settings.workers, settings.retention_days) == (None, 1, RETENTION_DAYS)
    assert settings.resolved_database_url == f"sqlite:///{(tmp_path / 'gotogether' / 'registry.sqlite3')}"


def test_the_data_directory_follows_xdg_or_the_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_data_dir() == tmp_path / ".local" / "share" / "gotogether"


def test_the_environment_sets_what_is_not_given(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GOTOGETHER_DATA_DIR", str(tmp_path / "from-env"))
    monkeypatch.setenv("GOTOGETHER_DATABASE_URL", "postgresql+psycopg://u@h/db")
    monkeypatch.setenv("GOTOGETHER_WORKERS", "3")
    from_environment = ServiceSettings()
    assert from_environment.data_dir == tmp_path / "from-env"
    assert from_environment.resolved_database_url == "postgresql+psycopg://u@h/db"
    assert from_environment.workers == 3
    given = ServiceSettings(data_dir=tmp_path / "given", workers=2)
    assert (given.data_dir, given.workers) == (tmp_path / "given", 2)


def test_settings_are_frozen_and_strict(tmp_path: Path) -> None:
    settings = ServiceSettings(data_dir=tmp_path)
    with pytest.raises(ValidationError):
        settings.workers = 4  # type: ignore[misc]
    with pytest.raises(ValidationError):
        ServiceSettings(data_dirr=tmp_path)  # type: ignore[call-arg]


def test_serve_takes_the_data_directory_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import uvicorn

    from gotogether.service import app

    created: list[ServiceSettings] = []
    monkeypatch.setattr(app, "create_app", lambda settings, *others: created.append(settings))
    monkeypatch.setattr(uvicorn, "run", lambda *arguments, **options: None)
    monkeypatch.setenv("GOTOGETHER_DATA_DIR", str(tmp_path / "env"))
    serve()
    serve(data_dir=tmp_path / "option")
    assert [settings.data_dir for settings in created] == [tmp_path / "env", tmp_path / "option"]


def test_serve_names_a_bad_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOTOGETHER_MAX_BODY_BYTES", "lots")
    with pytest.raises(InputError, match="GOTOGETHER_MAX_BODY_BYTES") as caught:
        serve()
    assert "max_body_bytes" in str(caught.value)
