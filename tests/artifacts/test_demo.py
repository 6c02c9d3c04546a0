"""The demo: artifacts with badges on a few papers, from generated checkpoints and the real H100 run."""

import io

import pytest

from sllm.artifacts import demo
from sllm.artifacts.models import ArtifactSet, BenchmarkJob, Checkpoint
from sllm.artifacts.selectors import badges_for_papers
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_demo_gives_badges_and_loads_once(edition, main_track, commit):
    papers = {n: factories.PaperFactory(track=main_track, number=n, status="accepted") for n in (1, 2, 3, 4, 5)}

    commit(demo.load, edition=edition, stdout=io.StringIO())
    commit(demo.load, edition=edition, stdout=io.StringIO())

    assert badges_for_papers([p.pk for p in papers.values()]) == {
        papers[1].pk: ["Artifact available", "Sparsity verified"],
        papers[2].pk: ["Artifact available", "Sparsity verified", "Speedup reproduced"],
        papers[3].pk: ["Artifact available"],
        papers[4].pk: [],
        papers[5].pk: ["Artifact available", "Sparsity verified"],
    }
    assert (ArtifactSet.objects.count(), Checkpoint.objects.count(), BenchmarkJob.objects.count()) == (
        4,
        4,
        2,
    )
    assert BenchmarkJob.objects.get(paper=papers[2]).gpu == "NVIDIA H100 80GB HBM3"
