"""Resumable checkpoint uploads against a live server: a connection dropped at 90% keeps what arrived, the
client asks how much, sends the rest, and the stored checkpoint is byte for byte the file (SHA-256)."""

import hashlib
import json
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from rest_framework.authtoken.models import Token

from sllm.artifacts.models import Checkpoint

URL = "/api/v1/papers/{pk}/artifacts/checkpoint/upload/"


def _request(base, path, *, method="GET", token=None, body=None, headers=None):
    request = urllib.request.Request(base + path, data=body, method=method, headers=headers or {})
    if token:
        request.add_header("Authorization", f"Token {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _send_and_drop(base, path, *, token, data: bytes, sent: int):
    """A PUT announcing the whole file whose connection breaks after `sent` bytes of the body."""
    parts = urlsplit(base)
    head = (
        f"PUT {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nAuthorization: Token {token}\r\n"
        f"Content-Type: application/octet-stream\r\nContent-Length: {len(data)}\r\n"
        f"Content-Range: bytes 0-{len(data) - 1}/{len(data)}\r\n\r\n"
    ).encode()
    with socket.create_connection((parts.hostname, parts.port)) as connection:
        connection.sendall(head + data[:sent])
        connection.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def author_token(transactional_db, author):
    return Token.objects.create(user=author).key


def test_an_upload_dropped_at_90_percent_resumes_and_stores_the_exact_file(
    live_server, paper, author_token, checkpoint_bytes, settings
):
    total = len(checkpoint_bytes)
    cut = total * 9 // 10
    path = URL.format(pk=paper.pk)

    _send_and_drop(live_server.url, path, token=author_token, data=checkpoint_bytes, sent=cut)
    deadline = time.monotonic() + 20
    while (answer := _request(live_server.url, f"{path}?total={total}", token=author_token))[1]["received"] < cut:
        assert time.monotonic() < deadline, answer
        time.sleep(0.1)
    assert answer == (200, {"received": cut, "total": total, "complete": False})
    assert Checkpoint.objects.filter(paper=paper).exists() is False

    resumed = _request(
        live_server.url,
        path,
        method="PUT",
        token=author_token,
        body=checkpoint_bytes[cut:],
        headers={"Content-Range": f"bytes {cut}-{total - 1}/{total}", "Content-Type": "application/octet-stream"},
    )

    assert resumed == (200, {"received": total, "total": total, "complete": True})
    checkpoint = Checkpoint.objects.get(paper=paper)
    with checkpoint.file.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == hashlib.sha256(checkpoint_bytes).hexdigest()
    assert checkpoint.size == total
    assert list(Path(settings.UPLOAD_STAGING_DIR).iterdir()) == []


def test_a_chunk_at_the_wrong_offset_is_a_conflict_that_says_where_to_go_on(
    live_server, paper, author_token, checkpoint_bytes
):
    total = len(checkpoint_bytes)
    path = URL.format(pk=paper.pk)
    first = _request(
        live_server.url,
        path,
        method="PUT",
        token=author_token,
        body=checkpoint_bytes[:100],
        headers={"Content-Range": f"bytes 0-99/{total}"},
    )
    skipped = _request(
        live_server.url,
        path,
        method="PUT",
        token=author_token,
        body=checkpoint_bytes[200:300],
        headers={"Content-Range": f"bytes 200-299/{total}"},
    )

    assert first == (200, {"received": 100, "total": total, "complete": False})
    assert skipped == (
        409,
        {
            "error": "wrong_offset",
            "message": "100 bytes arrived so far; send the chunk that starts there.",
            "received": 100,
            "total": total,
        },
    )


@pytest.mark.parametrize(
    ("content_range", "body", "error"),
    [
        (None, b"x", "invalid_range"),
        ("bytes 0-9/5", b"x" * 10, "invalid_range"),
        ("items 0-0/1", b"x", "invalid_range"),
        ("bytes 0-9/10", b"x" * 3, "invalid_range"),
        (f"bytes 0-0/{60 * 1024**3}", b"x", "too_large"),
    ],
)
def test_bad_ranges_are_refused_and_nothing_is_staged(
    live_server, paper, author_token, settings, content_range, body, error
):
    headers = {"Content-Range": content_range} if content_range else {}
    status, answer = _request(
        live_server.url, URL.format(pk=paper.pk), method="PUT", token=author_token, body=body, headers=headers
    )

    assert (status, answer["error"]) == (400, error)
    staging = Path(settings.UPLOAD_STAGING_DIR)
    assert (list(staging.iterdir()) if staging.exists() else []) == []


@pytest.mark.parametrize(("who", "status"), [("anonymous", 403), ("reviewer", 404), ("stranger", 404)])
def test_only_the_papers_authors_upload(live_server, paper, reviewer, stranger, settings, who, status):
    token = {"anonymous": None, "reviewer": reviewer, "stranger": stranger}[who]
    key = Token.objects.create(user=token).key if token else None
    answer = _request(
        live_server.url,
        URL.format(pk=paper.pk),
        method="PUT",
        token=key,
        body=b"x",
        headers={"Content-Range": "bytes 0-0/1"},
    )

    assert answer[0] == status
    staging = Path(settings.UPLOAD_STAGING_DIR)
    assert (list(staging.iterdir()) if staging.exists() else []) == []
    assert Checkpoint.objects.filter(paper=paper).exists() is False


def _settled_offset(base, path, *, token, total) -> int:
    """The bytes that arrived, once the dropped request is over (the count holds still for a second)."""
    deadline = time.monotonic() + 30
    last, since = None, time.monotonic()
    while True:
        received = _request(base, f"{path}?total={total}", token=token)[1]["received"]
        if received != last:
            last, since = received, time.monotonic()
        elif received and time.monotonic() - since >= 1:
            return received
        assert time.monotonic() < deadline, received
        time.sleep(0.1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def nginx(live_server, tmp_path):
    """The shipped nginx site (deploy/nginx-sllm.conf) in front of the live server, TLS left out."""
    site = (Path(__file__).resolve().parents[2] / "deploy" / "nginx-sllm.conf").read_text()
    upstream = urlsplit(live_server.url)
    port, redirect_port = _free_port(), _free_port()
    site = (
        site.replace("server 127.0.0.1:8001", f"server 127.0.0.1:{upstream.port}")
        .replace("listen 443 ssl;", f"listen 127.0.0.1:{port};")
        .replace("listen 80;", f"listen 127.0.0.1:{redirect_port};")
        .replace("http2 on;", "")
    )
    site = "\n".join(line for line in site.splitlines() if "ssl_certificate" not in line)
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\naccess_log off;\nclient_body_temp_path {tmp_path}/body;\nproxy_temp_path {tmp_path}/proxy;\n"
        f"include {tmp_path}/site.conf;\n}}\n"
    )
    process = subprocess.Popen(
        ["/usr/sbin/nginx", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"]
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            assert process.poll() is None, (tmp_path / "error.log").read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_behind_the_shipped_nginx_only_the_checkpoint_upload_takes_a_large_body_and_a_drop_resumes(
    nginx, paper, author_token, checkpoint_bytes
):
    big = b"\0" * (31 * 1024 * 1024)  # over the site-wide 30m limit
    submission = urllib.request.Request(nginx + "/api/v1/papers/", data=big, method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(submission, timeout=60)
    chunk = _request(
        nginx,
        URL.format(pk=paper.pk),
        method="PUT",
        token=author_token,
        body=big,
        headers={"Content-Range": f"bytes 0-{len(big) - 1}/{len(big) + 1}"},
    )
    assert (refused.value.code, chunk) == (413, (200, {"received": len(big), "total": len(big) + 1, "complete": False}))

    total = len(checkpoint_bytes)
    cut = total * 9 // 10
    path = URL.format(pk=paper.pk)
    _send_and_drop(nginx, path, token=author_token, data=checkpoint_bytes, sent=cut)
    # nginx passes on what it read before the drop, in its own pieces: the client resumes from what the
    # platform says arrived, as a resumable client does.
    received = _settled_offset(nginx, path, token=author_token, total=total)
    resumed = _request(
        nginx,
        path,
        method="PUT",
        token=author_token,
        body=checkpoint_bytes[received:],
        headers={"Content-Range": f"bytes {received}-{total - 1}/{total}"},
    )

    assert 0 < received <= cut
    assert resumed == (200, {"received": total, "total": total, "complete": True})
    with Checkpoint.objects.get(paper=paper).file.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == hashlib.sha256(checkpoint_bytes).hexdigest()
