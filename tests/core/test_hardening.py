"""Hardening by default: the key check at start, check --deploy on env.example, the CSP and nginx's headers."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import Error

from sllm.core.checks import DEMO_SECRET_KEY, check_secret_key, secret_key_problem

ROOT = Path(__file__).resolve().parents[2]
REAL_KEY = "k3Y-" + "".join(chr(ord("a") + i % 26) + str(i % 10) for i in range(30))


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("", "SECRET_KEY is missing."),
        (DEMO_SECRET_KEY, "SECRET_KEY is the demo key or a placeholder from the repository."),
        ("change-me-to-50-random-characters", "SECRET_KEY is the demo key or a placeholder from the repository."),
        ("django-insecure-" + "x1" * 30, "SECRET_KEY is the demo key or a placeholder from the repository."),
        ("short-but-random-9f8e7d", "SECRET_KEY is too short or too plain (at least 50 characters, 5 distinct)."),
        ("ab" * 40, "SECRET_KEY is too short or too plain (at least 50 characters, 5 distinct)."),
        (REAL_KEY, None),
    ],
)
def test_secret_key_problems(key, problem):
    assert secret_key_problem(key) == problem


def test_the_check_fails_only_without_debug(settings):
    settings.SECRET_KEY = DEMO_SECRET_KEY
    settings.DEBUG = True
    assert check_secret_key() == []

    settings.DEBUG = False
    [error] = check_secret_key()
    assert isinstance(error, Error)
    assert (error.id, error.msg) == (
        "sllm.E001",
        "SECRET_KEY is the demo key or a placeholder from the repository. "
        "The platform does not start with DEBUG=0 without a real key.",
    )


def _env(**extra) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "SECRET_KEY_FILE", "DEBUG"}}
    return {**env, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "sllm.settings", **extra}


def _run(args, env) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_the_web_application_refuses_to_start_with_the_demo_key():
    refused = _run([sys.executable, "-c", "import sllm.wsgi"], _env(DEBUG="0"))

    assert refused.returncode == 1
    assert (
        refused.stderr.strip()
        .splitlines()[-1]
        .startswith("django.core.exceptions.ImproperlyConfigured: SECRET_KEY is the demo key or a placeholder")
    )


def test_the_web_application_starts_with_a_key_file(tmp_path):
    key = tmp_path / "secret-key"
    key.write_text(REAL_KEY + "\n")

    started = _run([sys.executable, "-c", "import sllm.wsgi"], _env(DEBUG="0", SECRET_KEY_FILE=str(key)))

    assert started.returncode == 0
    assert "ImproperlyConfigured" not in started.stderr


def test_check_deploy_names_the_placeholder_key():
    refused = _run(
        [sys.executable, "manage.py", "check", "--deploy"],
        _env(DEBUG="0", SECRET_KEY="change-me-to-50-random-characters"),
    )

    assert refused.returncode == 1
    assert "(sllm.E001) SECRET_KEY is the demo key or a placeholder from the repository." in refused.stderr


def test_offline_commands_need_no_key(tmp_path):
    ballots = tmp_path / "ballots.json"
    ballots.write_text('{"id": "e", "candidates": [1, 2], "ballots": [{"voter": "a", "ranking": [2]}]}')

    tallied = _run([sys.executable, "manage.py", "tally", str(ballots)], _env(DEBUG="0"))

    assert (tallied.returncode, tallied.stdout.count('"winners"')) == (0, 1)


def _env_example() -> dict:
    values = {}
    for line in (ROOT / "deploy" / "env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    return values


def test_check_deploy_with_the_shipped_env_example_gives_no_warning(tmp_path):
    values = _env_example()
    key = tmp_path / "secret-key"
    key.write_text(REAL_KEY)
    # Only the key's path differs from the shipped file: the file itself is written on the host.
    assert values["SECRET_KEY_FILE"] == "/etc/sllm/secret-key"
    values["SECRET_KEY_FILE"] = str(key)
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"), "PYTHONPATH": str(ROOT), **values}

    checked = _run([sys.executable, "manage.py", "check", "--deploy"], env)

    assert (checked.returncode, checked.stdout.strip(), checked.stderr) == (
        0,
        "System check identified no issues (0 silenced).",
        "",
    )


# --- Content-Security-Policy ---------------------------------------------------------------------------

EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; media-src 'self' https:; "
    "frame-src https://www.youtube-nocookie.com https://player.vimeo.com; frame-ancestors 'none'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "policy"),
    [
        ("/sllm-2025/", EXPECTED_CSP),
        ("/accounts/login/", EXPECTED_CSP),
        # Swagger UI styles its widgets inline from its own (self-hosted) script: styles only, never scripts.
        ("/api/docs/", EXPECTED_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")),
    ],
)
def test_every_page_carries_the_policy(client, edition, path, policy):
    response = client.get(path)

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == policy


@pytest.mark.django_db
def test_the_api_docs_load_no_inline_and_no_foreign_script(client):
    page = client.get("/api/docs/").content.decode()

    scripts = re.findall(r"<script\b([^>]*)>", page)
    assert scripts and all('src="/' in attributes for attributes in scripts), scripts
    assert "cdn.jsdelivr.net" not in page


# Served templates only: WeasyPrint input (proceedings, table cards) and mail bodies never reach a browser.
NOT_SERVED = ("proceedings/", "emails/", "mentoring/table_cards.html")
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+\s*=|javascript:",
    re.IGNORECASE,
)


def test_no_served_template_holds_inline_script_style_or_handlers():
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        relative = path.relative_to(ROOT / "templates").as_posix()
        if relative.startswith(NOT_SERVED):
            continue
        found += [f"{relative}: {match.group(0)}" for match in INLINE.finditer(path.read_text())]
    assert found == []


# --- nginx -----------------------------------------------------------------------------------------------

SECURITY_HEADERS = {"X-Content-Type-Options", "Referrer-Policy", "Strict-Transport-Security", "X-Frame-Options"}


def _blocks(conf: str):
    """(header, body) of every location and of the TLS server, braces matched."""
    for match in re.finditer(r"(location\s+[^{]+|server\s*)\{", conf):
        depth, index = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(conf[index], 0)
            index += 1
        yield match.group(1).strip(), conf[match.end() : index - 1]


def _own_headers(body: str) -> set[str]:
    # Headers set directly in this block, not in nested locations.
    flat = re.sub(r"location\s+[^{]+\{(?:[^{}]|\{[^{}]*\})*\}", "", body)
    return set(re.findall(r"^\s*add_header\s+(\S+)", flat, re.MULTILINE))


def test_every_nginx_location_sends_the_security_headers():
    conf = re.sub(r"#[^\n]*", "", (ROOT / "deploy" / "nginx-sllm.conf").read_text())
    blocks = list(_blocks(conf))
    tls_server = next(body for header, body in blocks if header == "server" and "listen 443" in body)
    locations = {header: _own_headers(body) for header, body in blocks if header.startswith("location")}

    assert SECURITY_HEADERS <= _own_headers(tls_server)
    assert sorted(locations) == [
        "location /",
        "location /static/",
        "location = /healthz",
        "location = /metrics",
        "location ~ ^/(api/v1/papers/[0-9]+/artifacts/checkpoint/|author/[^/]+/papers/[0-9]+/artifacts/$)",
    ]
    # A location with add_header of its own inherits none of the server's: it must repeat them all.
    assert {name: SECURITY_HEADERS - headers for name, headers in locations.items() if headers} == {
        "location /static/": set()
    }
