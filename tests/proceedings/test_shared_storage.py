"""Two web hosts, one worker, one object store: the worker builds the volume into the bucket and either web
host serves it, though none of them shares a disk with another (django-storages' S3 backend against moto's
S3 server on loopback)."""

import hashlib
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import boto3
import pytest
from django.db import connection

from sllm.proceedings import services
from sllm.proceedings.models import Build
from sllm.program.services import presenter_materials_save
from tasks.proceedings import build_volume_task
from tests.pdfs import pdf_upload

ROOT = Path(__file__).resolve().parent.parent.parent
BUCKET = "sllm-shared"
S3_ENV = {
    "DEFAULT_FILE_STORAGE": "storages.backends.s3.S3Storage",
    "AWS_STORAGE_BUCKET_NAME": BUCKET,
    "AWS_S3_REGION_NAME": "us-east-1",
    "AWS_ACCESS_KEY_ID": "sllm-test",
    "AWS_SECRET_ACCESS_KEY": "sllm-test-secret",
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, f"{url} died:\n{log.read_text()}"
        assert time.monotonic() < deadline, f"{url} did not start:\n{log.read_text()}"
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return  # it answers, even if not with 200
        except OSError:
            time.sleep(0.2)


@pytest.fixture
def object_store(tmp_path, monkeypatch, settings):
    """moto's S3 server on loopback with one bucket; this process, and every one it starts, stores there."""
    port = _free_port()
    log = tmp_path / "s3.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)], stdout=out, stderr=out
        )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        _wait_for(endpoint, server, log)
        for name, value in {**S3_ENV, "AWS_S3_ENDPOINT_URL": endpoint}.items():
            monkeypatch.setenv(name, value)
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        settings.AWS_STORAGE_BUCKET_NAME = BUCKET
        settings.AWS_S3_ENDPOINT_URL = endpoint
        settings.AWS_S3_REGION_NAME = "us-east-1"
        settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": S3_ENV["DEFAULT_FILE_STORAGE"]}}
        yield s3
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture
def web_hosts(object_store, tmp_path, transactional_db):
    """Two `runserver` processes against this test's database, each with a local disk of its own."""
    db = connection.settings_dict
    hosts = []
    try:
        for name in ("web-a", "web-b"):
            port = _free_port()
            media = tmp_path / name / "media"
            media.mkdir(parents=True)
            env = {
                **os.environ,
                "DATABASE_URL": f"postgres://{db['USER'] or 'postgres'}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
                "MEDIA_ROOT": str(media),
                "USE_REDIS_CACHE": "0",
                "DEBUG": "0",
                # A key of its own: the platform refuses to start with DEBUG=0 and a demo or placeholder key.
                "SECRET_KEY": secrets.token_urlsafe(50),
            }
            log = tmp_path / f"{name}.log"
            with log.open("w") as out:
                process = subprocess.Popen(
                    [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                    cwd=ROOT,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            hosts.append({"url": f"http://127.0.0.1:{port}", "media": media, "process": process})
            _wait_for(f"http://127.0.0.1:{port}/api/v1/editions/", process, log)
        yield hosts
    finally:
        for host in hosts:
            host["process"].terminate()
            host["process"].wait(timeout=20)


def _get(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return answer.status, answer.headers["Content-Type"], answer.read()


def _files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_a_volume_built_by_a_worker_is_served_by_either_web_host_from_object_storage(
    object_store, web_hosts, celery_worker_process, edition, ready, organizer, settings
):
    services.volume_settings_save(
        edition=edition,
        title="Proceedings of SLLM 2025",
        editors="Ada Lovelace",
        preface="",
        publication_terms="Terms.",
        page_size="Letter",
        is_published=True,
    )
    presenter_materials_save(paper=ready[0], uploads={"poster": pdf_upload(body_pages=1)})
    build = Build.objects.create(edition=edition, skip_problems=False, requested_by=organizer)

    status = build_volume_task.apply_async(args=[build.pk], queue=celery_worker_process).get(timeout=180)

    build.refresh_from_db()
    prefix = f"proceedings/sllm-2025/volume/{build.pk}/"
    assert (status, build.result["storage_prefix"]) == ("succeeded", prefix)
    stored = {
        item["Key"]: object_store.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read()
        for item in object_store.list_objects_v2(Bucket=BUCKET, Prefix=prefix)["Contents"]
    }
    paper_3 = next(entry for entry in build.result["papers"] if entry["number"] == 3)
    for host in web_hosts:
        volume = _get(f"{host['url']}/sllm-2025/proceedings/volume.pdf")
        paper = _get(f"{host['url']}/sllm-2025/proceedings/papers/3.pdf")
        bib = _get(f"{host['url']}/sllm-2025/proceedings/papers/3.bib")
        assert (volume[0], volume[1]) == (200, "application/pdf")
        assert hashlib.sha256(volume[2]).hexdigest() == hashlib.sha256(stored[prefix + "volume.pdf"]).hexdigest()
        assert (paper[0], paper[2]) == (200, stored[prefix + paper_3["pdf"]])
        assert (bib[0], bib[2].decode().splitlines()[0]) == (200, "@inproceedings{sllm2025-3,")
        thumbnail = _get(f"{host['url']}/sllm-2025/posters/1.png")
        assert (thumbnail[0], thumbnail[1], thumbnail[2][:4]) == (200, "image/png", b"\x89PNG")
        # Nothing of it ever touched the web host's own disk.
        assert _files_under(host["media"]) == []
    # The first host rendered the thumbnail into the bucket; the second served that one.
    keys = [item["Key"] for item in object_store.list_objects_v2(Bucket=BUCKET, Prefix="poster-thumbs/")["Contents"]]
    assert len(keys) == 1
    assert _files_under(Path(settings.MEDIA_ROOT)) == []
