"""Production behind a reverse proxy, and the deployment files in docs/deploy/.

``TRUST_PROXY`` decides whether X-Forwarded-* headers are believed; the
deployment files are checked against the code they configure, so
docs/deploy.md cannot drift into naming a command, an option, a limit or a
header the app does not have.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
from flask import Flask, request

from app import create_app
from app.http_headers import HEADERS, STRICT_TRANSPORT_SECURITY
from config import BASE_DIR, Config

DEPLOY = BASE_DIR / "docs" / "deploy"


def _probe_app(config_class: type, trust_proxy: int) -> Flask:
    class ProxyConfig(config_class):
        TRUST_PROXY = trust_proxy

    app = create_app(ProxyConfig)

    @app.get("/_probe")
    def probe() -> dict[str, str]:
        return {
            "addr": request.remote_addr or "",
            "scheme": request.scheme,
            "host": request.host,
        }

    return app


FORWARDED = {
    "X-Forwarded-For": "203.0.113.7",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "lumbung.medan.go.id",
}


def test_behind_a_trusted_proxy_address_scheme_and_host_come_from_its_headers(
    config_class: type,
) -> None:
    client = _probe_app(config_class, trust_proxy=1).test_client()
    seen = client.get("/_probe", headers=FORWARDED).get_json()
    assert seen == {
        "addr": "203.0.113.7",
        "scheme": "https",
        "host": "lumbung.medan.go.id",
    }


def test_without_a_trusted_proxy_forwarded_headers_are_ignored(
    config_class: type,
) -> None:
    """The default: anyone could send these headers to pose as another address."""
    assert Config.TRUST_PROXY == 0
    client = _probe_app(config_class, trust_proxy=0).test_client()
    seen = client.get("/_probe", headers=FORWARDED).get_json()
    assert seen == {"addr": "127.0.0.1", "scheme": "http", "host": "localhost"}


def test_only_the_hop_the_proxy_added_is_believed(config_class: type) -> None:
    """A client that sends its own X-Forwarded-For cannot choose its address."""
    client = _probe_app(config_class, trust_proxy=1).test_client()
    forged = {**FORWARDED, "X-Forwarded-For": "10.0.0.1, 203.0.113.7"}
    assert client.get("/_probe", headers=forged).get_json()["addr"] == "203.0.113.7"


# -- the files in docs/deploy --------------------------------------------------------


def test_nginx_body_limit_matches_max_content_length() -> None:
    found = re.search(r"client_max_body_size\s+(\d+)([km]?);", _read("nginx.conf"))
    assert found is not None
    size = int(found.group(1)) * {"": 1, "k": 1024, "m": 1024**2}[found.group(2)]
    assert size == Config.MAX_CONTENT_LENGTH


def test_nginx_static_files_carry_the_apps_security_headers() -> None:
    pattern = r'add_header\s+(\S+)\s+"([^"]*)"\s+always;'
    sent = dict(re.findall(pattern, _read("security-headers.conf")))
    assert sent == {**HEADERS, "Strict-Transport-Security": STRICT_TRANSPORT_SECURITY}
    assert "lumbung-security-headers.conf" in _read("nginx.conf")


def test_nginx_compresses_every_kind_of_text_the_app_serves(
    config_class: type,
) -> None:
    """CSS and JavaScript are most of a page's bytes; nginx gzips only the
    types it is told (text/html always)."""
    found = re.search(r"gzip_types\s+([^;]+);", _read("nginx.conf"))
    assert found is not None and re.search(r"^\s*gzip on;", _read("nginx.conf"), re.M)
    compressed = set(found.group(1).split()) | {"text/html"}
    client = create_app(config_class).test_client()
    for url in (
        "/static/css/app.css",
        "/static/js/menu.js",
        "/static/favicon.svg",
        "/bootstrap/static/css/bootstrap.min.css",
    ):
        with client.get(url) as response:
            assert response.status_code == 200, url
            assert response.mimetype in compressed, url


def test_nginx_serves_bootstraps_files_from_the_installed_package(
    config_class: type,
) -> None:
    """The app links Bootstrap's CSS under the Bootstrap-Flask blueprint; nginx
    must find the same files in the virtualenv of docs/deploy.md."""
    blueprint = create_app(config_class).blueprints["bootstrap"]
    location = re.search(
        rf"location {re.escape(blueprint.static_url_path)}/ \{{\s*alias (\S+);",
        _read("nginx.conf"),
    )
    assert location is not None
    alias = location.group(1)
    package = Path(blueprint.static_folder)
    site_packages = package.parents[2]
    inside = package.relative_to(site_packages).as_posix()  # flask_bootstrap/static/…
    python = re.search(r"(python3\.\d+) -m venv \.venv", _deploy_guide())
    assert python is not None
    assert alias == (
        f"/srv/lumbung/.venv/lib/{python.group(1)}/site-packages/{inside}/"
    )
    assert (package / "css" / "bootstrap.min.css").is_file()


def _deploy_guide() -> str:
    return (BASE_DIR / "docs" / "deploy.md").read_text()


def _read(name: str) -> str:
    return (DEPLOY / name).read_text()


def _flask_invocations() -> list[tuple[str, list[str]]]:
    """Every ``flask …`` the systemd units and the crontab run."""
    lines = [
        (unit.name, line.removeprefix("ExecStart="))
        for unit in sorted((DEPLOY / "systemd").glob("*.service"))
        for line in unit.read_text().splitlines()
        if line.startswith("ExecStart=")
    ]
    lines += [
        ("crontab", line)
        for line in _read("crontab").splitlines()
        if line.strip() and not line.startswith("#") and "=" not in line.split()[0]
    ]
    found = []
    for source, line in lines:
        words = shlex.split(line.replace("%i", "followups"))
        for n, word in enumerate(words):
            if word.endswith(("/flask", "lumbung-flask")):
                found.append((source, _until_redirect(words[n + 1 :])))
    return found


def _until_redirect(words: list[str]) -> list[str]:
    return [w for w in words if not w.startswith((">", "2>"))]


def test_every_scheduled_command_exists_with_its_options(config_class: type) -> None:
    app = create_app(config_class)
    invocations = _flask_invocations()
    assert len(invocations) == 8  # 3 systemd units, 5 cron lines
    named = {" ".join(args[:2]) for _source, args in invocations}
    for wanted in (
        "search sync",
        "followups send",
        "notifications send",
        "digests send",
        "backup create",
    ):
        assert wanted in named
    for source, args in invocations:
        with app.app_context():
            command = _resolve(app, args)
            try:
                command.make_context("flask", args[2:], resilient_parsing=False)
            except click.UsageError as error:
                pytest.fail(f"{source}: flask {' '.join(args)}: {error}")


def _resolve(app: Flask, args: list[str]) -> click.Command:
    context = click.Context(app.cli)
    group = app.cli.get_command(context, args[0])
    assert isinstance(group, click.Group), args
    command = group.get_command(context, args[1])
    assert command is not None, args
    return command


def test_every_timer_starts_a_unit_that_exists(config_class: type) -> None:
    app = create_app(config_class)
    units = {path.name for path in (DEPLOY / "systemd").iterdir()}
    timers = sorted((DEPLOY / "systemd").glob("*.timer"))
    assert len(timers) == 4
    for timer in timers:
        unit = re.search(r"^Unit=(\S+)$", timer.read_text(), re.M)
        assert unit is not None, timer.name
        name, _at, instance = unit.group(1).partition("@")
        if instance:  # lumbung-send@digests.service: `flask digests send`
            assert f"{name}@.service" in units
            assert _resolve(app, [instance.removesuffix(".service"), "send"])
        else:
            assert unit.group(1) in units


def test_every_environment_variable_of_the_config_is_documented() -> None:
    read = set(re.findall(r'os\.environ\.get\(\s*"([A-Z_]+)"', _config_source()))
    read |= set(re.findall(r'_env_flag\(\s*"([A-Z_]+)"', _config_source()))
    guide = (BASE_DIR / "docs" / "deploy.md").read_text()
    missing = sorted(
        name for name in read - {"TEST_DATABASE_URL"} if f"`{name}`" not in guide
    )
    assert not missing, f"docs/deploy.md does not explain {missing}"


def _config_source() -> str:
    return Path(BASE_DIR / "config.py").read_text()
