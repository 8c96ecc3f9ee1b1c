"""Configuration comes from the environment; production needs a secret."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from config import DevelopmentConfig, ProductionConfig


def _config(base: type, tmp_path: Path, url: str) -> type:
    # An empty database: the schema check (tests/test_schema_check.py) is off.
    return type(
        "Config",
        (base,),
        {
            "INSTANCE_DIR": tmp_path,
            "SQLALCHEMY_DATABASE_URI": url,
            "SCHEMA_CHECK": False,
        },
    )


def test_production_refuses_to_start_without_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    config = _config(ProductionConfig, tmp_path, f"sqlite:///{tmp_path}/p.db")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(config)


def test_production_refuses_to_start_without_redis_url(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "a-long-secret-from-the-vault")
    monkeypatch.delenv("REDIS_URL", raising=False)
    config = _config(ProductionConfig, tmp_path, f"sqlite:///{tmp_path}/p.db")
    with pytest.raises(RuntimeError, match="REDIS_URL is not set"):
        create_app(config)


def test_production_uses_the_secret_key_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "a-long-secret-from-the-vault")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/15")
    app = create_app(_config(ProductionConfig, tmp_path, f"sqlite:///{tmp_path}/p.db"))
    assert app.config["SECRET_KEY"] == "a-long-secret-from-the-vault"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/15"
    assert app.config["HSTS_ENABLED"] is True
    assert not (tmp_path / "secret_key").exists()


def test_development_generates_a_secret_key_once_and_keeps_it(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    config = _config(DevelopmentConfig, tmp_path, f"sqlite:///{tmp_path}/d.db")
    first = create_app(config).config["SECRET_KEY"]
    second = create_app(config).config["SECRET_KEY"]
    assert first == second
    assert len(first) >= 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def _config_value(env: dict[str, str], expression: str) -> str:
    """Evaluate ``expression`` in a fresh interpreter: config reads env at import."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SEARCH_INDEX_DIR", "INSTANCE_DIR"}
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import config; print({expression})"],
        env={**clean, **env},
        cwd=Path(__file__).parent.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_the_embedded_default_keeps_database_and_index_under_instance(tmp_path):
    env = {"INSTANCE_DIR": str(tmp_path)}
    url = _config_value(env, "config.DevelopmentConfig.SQLALCHEMY_DATABASE_URI")
    index = _config_value(env, "config.DevelopmentConfig.SEARCH_INDEX_DIR")
    assert url == f"sqlite:///{tmp_path}/lumbung.sqlite3"
    assert index == f"{tmp_path}/search-index"


def test_database_url_and_index_dir_come_from_the_environment(tmp_path):
    env = {
        "DATABASE_URL": "postgresql+psycopg://lumbung@db.internal/lumbung",
        "SEARCH_INDEX_DIR": str(tmp_path / "idx"),
    }
    assert (
        _config_value(env, "config.ProductionConfig.SQLALCHEMY_DATABASE_URI")
        == "postgresql+psycopg://lumbung@db.internal/lumbung"
    )
    assert _config_value(env, "config.ProductionConfig.SEARCH_INDEX_DIR") == str(
        tmp_path / "idx"
    )
