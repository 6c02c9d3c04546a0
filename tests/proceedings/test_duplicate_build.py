"""Issue 19: a proceedings build delivered twice (one after the other, and at once) builds one volume."""

import pytest
from django.core.files.storage import default_storage

from sllm.proceedings.models import Build
from sllm.proceedings.selectors import volume_dir
from tests.duplicates import deliver, deliver_twice_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def stored_files(build: Build) -> list[str]:
    prefix = f"{volume_dir(edition=build.edition)}/{build.pk}"
    folders, files = default_storage.listdir(f"{prefix}/papers")
    return sorted(default_storage.listdir(prefix)[1]) + sorted(f"papers/{name}" for name in files)


def test_a_build_delivered_twice_at_once_is_built_by_one_delivery(ready, edition):
    build = Build.objects.create(edition=edition, step="Waiting for a worker")

    results = deliver_twice_at_once("sllm.proceedings.build_volume", build.pk)

    build.refresh_from_db()
    # The second delivery found the build claimed by the first, at work, and left it to it.
    assert sorted(results) == ["running", "succeeded"]
    assert (build.status, len(build.result["papers"])) == ("succeeded", 3)
    assert stored_files(build) == [
        "manifest.json",
        "volume.bib",
        "volume.pdf",
        "papers/paper-1.bib",
        "papers/paper-1.pdf",
        "papers/paper-2.bib",
        "papers/paper-2.pdf",
        "papers/paper-3.bib",
        "papers/paper-3.pdf",
    ]


def test_a_build_delivered_again_after_it_finished_is_left_as_it_is(ready, edition):
    build = Build.objects.create(edition=edition, step="Waiting for a worker")
    task_id = "build-once"
    assert deliver("sllm.proceedings.build_volume", build.pk, task_id=task_id) == "succeeded"
    build.refresh_from_db()
    built = (build.started_at, build.finished_at, build.result)

    assert deliver("sllm.proceedings.build_volume", build.pk, task_id=task_id) == "succeeded"
    build.refresh_from_db()
    assert (build.started_at, build.finished_at, build.result) == built
