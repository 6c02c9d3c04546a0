"""An author uploads a sparse checkpoint in the browser, sees it verified and the badges it earned."""

import json

import pytest

from tests import factories
from tests.artifacts.safetensors_files import bf16_with_zeros, two_four_mask, write
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_author_uploads_a_checkpoint_with_claims_and_earns_the_badges(page, tmp_path):
    edition = factories.EditionFactory(slug="sllm-2025", short_name="SLLM 2025")
    track = factories.TrackFactory(edition=edition, kind="main")
    author = factories.UserFactory(email="ada@example.org")
    paper = factories.PaperFactory(track=track, number=3, status="accepted", submitted_by=author)
    checkpoint = write(
        tmp_path / "model.safetensors",
        {"layers.0.mlp.weight": ("BF16", bf16_with_zeros((64, 128), two_four_mask(64, 128)))},
    )
    bad = tmp_path / "model.pt"
    bad.write_bytes(b"PK\x03\x04" + b"\0" * 64)

    log_in(page, author.email, factories.PASSWORD)
    page.goto(f"/author/{edition.slug}/papers/")
    page.get_by_role("link", name="Artifacts").click()
    page.get_by_label("Sparsity claims (JSON)").fill(json.dumps({"tensors": {"layers.*": {"pattern": "2:4"}}}))
    page.get_by_label("Code repository").fill("https://github.com/ada/sparse")
    page.get_by_role("button", name="Save").click()
    page.get_by_label("Sparse checkpoint (.safetensors)").set_input_files(str(bad))
    page.get_by_role("button", name="Upload the checkpoint").click()
    refusal = page.get_by_role("alert").inner_text()
    page.get_by_label("Sparse checkpoint (.safetensors)").set_input_files(str(checkpoint))
    page.get_by_role("button", name="Upload the checkpoint").click()

    assert refusal.strip() == "This is a zip archive (PyTorch .pt/.bin, which holds a pickle), not a safetensors file."
    assert page.get_by_role("status").inner_text().strip() == (
        "The checkpoint was stored; its verification is under way."
    )
    assert page.locator(".artifact-badge").all_inner_texts() == ["Artifact available", "Sparsity verified"]
    assert page.locator(".facts dd").nth(1).inner_text() == "Verified"
    paper.refresh_from_db()
    assert paper.checkpoint.claims_hold is True
