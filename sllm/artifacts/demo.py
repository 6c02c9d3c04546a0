"""Demo artifacts: small generated checkpoints (verified eagerly), specs, and the H100 benchmark run.

Paper 1 offers a 2:4 checkpoint and the benchmark spec of bench-results/gpu with its authors' optimistic
claims (1.6x), which the measured run does not reproduce; paper 2 offers the same layers with claims
close to what was measured, so it earns every badge; paper 3 claims more sparsity than it has; paper 5
has an unstructured checkpoint and code only. The benchmark figures are the real H100 run's.
"""

import base64
import json
import struct
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from sllm.runner.spec import parse_spec
from sllm.submissions.models import Paper

from . import services
from .models import ArtifactSet, BenchmarkJob, Runner

RESULTS = Path(settings.BASE_DIR) / "bench-results" / "gpu" / "h100"
SPEC_FILE = Path(settings.BASE_DIR) / "bench-results" / "gpu" / "spec.json"


def _safetensors(tensors: dict[str, np.ndarray], dtypes: dict[str, str]) -> bytes:
    entries, blobs, offset = {}, [], 0
    for name, array in tensors.items():
        blob = array.tobytes()
        entries[name] = {
            "dtype": dtypes[name],
            "shape": list(array.shape),
            "data_offsets": [offset, offset + len(blob)],
        }
        blobs.append(blob)
        offset += len(blob)
    header = json.dumps(entries).encode()
    header += b" " * (-len(header) % 8)
    return struct.pack("<Q", len(header)) + header + b"".join(blobs)


def _bf16(values: np.ndarray) -> np.ndarray:
    return (values.astype(np.float32).view(np.uint32) >> 16).astype(np.uint16)


def demo_checkpoint(*, layers: int, structured: bool, seed: int) -> bytes:
    """A small Llama-like checkpoint in bf16: MLP weights pruned 2:4 (or 50 % unstructured), norms dense."""
    rng = np.random.default_rng(seed)
    tensors, dtypes = {}, {}
    for layer in range(layers):
        for part, shape in (("up_proj", (512, 256)), ("down_proj", (256, 512))):
            weight = rng.standard_normal(shape).astype(np.float32)
            if structured:
                groups = weight.reshape(shape[0], -1, 4)
                smallest = np.argsort(np.abs(groups), axis=-1)[..., :2]
                np.put_along_axis(groups, smallest, 0.0, axis=-1)
            else:
                weight[rng.random(shape) < 0.5] = 0.0
            name = f"model.layers.{layer}.mlp.{part}.weight"
            tensors[name], dtypes[name] = _bf16(weight), "BF16"
        name = f"model.layers.{layer}.input_layernorm.weight"
        tensors[name], dtypes[name] = np.ones(256, dtype=np.float32), "F32"
    return _safetensors(tensors, dtypes)


def _spec(claims: list[dict]) -> dict:
    spec = json.loads(SPEC_FILE.read_text())
    spec["claims"] = claims
    return parse_spec(spec).as_dict()


def _measured_job(paper: Paper, runner: Runner, spec: dict) -> None:
    """A job finished with the H100 run's measurements, judged against this paper's own claims."""
    result = json.loads((RESULTS / "result.json").read_text())
    parsed = parse_spec(spec)
    # The run measured exactly these layers and token counts; only the claims being judged differ.
    result["spec_sha256"] = parsed.sha256()
    job = BenchmarkJob.objects.create(
        paper=paper,
        spec=spec,
        spec_sha256=parsed.sha256(),
        time_limit_s=parsed.time_limit_s,
        pool=paper.edition.slug,
    )
    services.benchmark_job_claim(job=job, runner=runner)
    plot = base64.b64encode((RESULTS / "plot.png").read_bytes()).decode()
    services.benchmark_job_complete(job=job, runner=runner, result=result, plot_png=plot)


MLP_CLAIM = {
    "tolerance": 0.005,
    "tensors": {"model.layers.*.mlp.*.weight": {"sparsity": 0.5, "pattern": "2:4"}},
}


def load(*, edition, stdout) -> None:
    papers = {p.number: p for p in Paper.objects.filter(edition=edition, number__in=[1, 2, 3, 5])}
    if len(papers) < 4 or ArtifactSet.objects.filter(paper__in=papers.values()).exists():
        stdout.write("  demo artifacts already there")
        return
    runner = (
        Runner.objects.filter(name="demo-h100").first()
        or services.runner_create(name="demo-h100", pool=edition.slug)[0]
    )
    optimistic = [
        {
            "layer": "mlp.up_proj",
            "tokens": 8192,
            "variant": "2:4",
            "dtype": "bf16",
            "speedup": 1.6,
            "gpu": "H100",
        },
    ]
    measured_like = [
        {
            "layer": "mlp.up_proj",
            "tokens": 8192,
            "variant": "2:4",
            "dtype": "bf16",
            "speedup": 1.3,
            "gpu": "H100",
        },
        {
            "layer": "llama3.mlp.up_proj",
            "tokens": 8192,
            "variant": "2:4",
            "dtype": "bf16",
            "speedup": 1.4,
            "gpu": "H100",
        },
    ]
    plan = [
        (1, MLP_CLAIM, _spec(optimistic), True, 11),
        (2, {**MLP_CLAIM, "global_sparsity": 0.5}, _spec(measured_like), True, 12),
        (3, {"global_sparsity": 0.6}, None, True, 13),
        (5, {"global_sparsity": 0.5, "tolerance": 0.01}, None, False, 15),
    ]
    for number, claims, spec, structured, seed in plan:
        paper = papers[number]
        services.artifact_set_update(
            paper=paper,
            code_url=f"https://github.com/sllm-demo/paper-{number}",
            code_commit=f"{seed:02d}c0ffee",
            claims=claims,
            benchmark_spec=spec,
        )
        data = demo_checkpoint(layers=4, structured=structured, seed=seed)
        services.checkpoint_upload(paper=paper, uploaded=SimpleUploadedFile(f"paper-{number}.safetensors", data))
        if spec is not None:
            _measured_job(paper, runner, spec)
    stdout.write("  demo artifacts: checkpoints on papers 1, 2, 3 and 5, H100 benchmark results on 1 and 2")
