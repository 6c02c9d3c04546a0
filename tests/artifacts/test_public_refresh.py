"""Badges show on cached public pages: changing artifacts bumps the edition's page version."""

import pytest

from sllm.artifacts.services import artifact_set_update
from sllm.core.sitecache import site_version_read
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_changing_artifacts_refreshes_the_editions_public_pages(main_track):
    paper = factories.PaperFactory(track=main_track, number=1, status="accepted")
    before = site_version_read("sllm-2025")

    artifact_set_update(paper=paper, code_url="https://example.org/code", code_commit="a" * 40)

    after = site_version_read("sllm-2025")
    assert after is not None and after != before
