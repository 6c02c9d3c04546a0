import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories

from .safetensors_files import bf16_with_zeros, two_four_mask, write


@pytest.fixture
def paper(main_track, author):
    paper = factories.PaperFactory(track=main_track, number=7, status="accepted", submitted_by=author)
    factories.AuthorshipFactory(paper=paper, position=1, user=author, email=author.email)
    return paper


@pytest.fixture
def checkpoint_bytes(tmp_path):
    path = write(
        tmp_path / "two-four.safetensors",
        {
            "model.layers.0.mlp.up_proj.weight": ("BF16", bf16_with_zeros((64, 128), two_four_mask(64, 128))),
            "model.norm.weight": ("F32", np.ones(128, dtype=np.float32)),
        },
    )
    return path.read_bytes()


@pytest.fixture
def upload(checkpoint_bytes):
    return lambda name="model.safetensors", data=None: SimpleUploadedFile(name, data or checkpoint_bytes)


CLAIMS = {"tolerance": 0.005, "tensors": {"model.layers.*.mlp.*.weight": {"sparsity": 0.5, "pattern": "2:4"}}}
SPEC = {
    "name": "tiny MLP",
    "dtypes": ["bf16"],
    "variants": ["2:4"],
    "layers": [{"name": "up", "out_features": 128, "in_features": 64}],
    "tokens": [1, 16],
    "warmup": 1,
    "repeats": 5,
    "claims": [{"layer": "up", "tokens": 16, "variant": "2:4", "dtype": "bf16", "speedup": 1.0, "gpu": "CPU"}],
}


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """commit(service, **kwargs): calls it and runs its on-commit callbacks (queued jobs, eager in tests)
    as the commit of a real request would, without the slow flush of a transactional test."""

    def call(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return call
