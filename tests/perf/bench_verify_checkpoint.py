"""verify_checkpoint on a 2 GB generated checkpoint against `sha256sum` on the same file, and its peak memory.

Each timed command runs in a child process (so its peak RSS is its own); the file is read once beforehand
so both read it from the page cache, and each is timed twice (alternating), the median kept. Peak memory is
measured at 256 MiB and 2 GiB: it must not grow with the file.
"""

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.artifacts.safetensors_files import header_bytes
from tests.perf._common import ROOT, write_result

ROWS, COLS = 8192, 4096  # one bf16 tensor of 64 MiB, 2:4 sparse along its rows
# Peak RSS from VmHWM: ru_maxrss would carry the parent's peak across fork and exec.
PEAK = "int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1])"
CHILD = f"""
import json, sys, time
from sllm.artifacts.checkpoint.verify import verify_checkpoint
began = time.perf_counter()
report = verify_checkpoint(sys.argv[1])
seconds = time.perf_counter() - began
print(json.dumps({{"seconds": seconds, "peak_rss_kib": {PEAK}, "sha256": report["sha256"]}}))
"""
BASELINE_CHILD = f"""
import json
import numpy
from sllm.artifacts.checkpoint.verify import verify_checkpoint
print(json.dumps({{"peak_rss_kib": {PEAK}}}))
"""


def tensor_block() -> bytes:
    rng = np.random.default_rng(0)
    values = (rng.standard_normal((ROWS, COLS), dtype=np.float32).view(np.uint32) >> 16).astype(np.uint16)
    values.reshape(ROWS, -1, 4)[:, :, 2:] = 0
    return values.tobytes()


def write_checkpoint(path: Path, tensors: int, block: bytes) -> None:
    """Written tensor by tensor, so the generator needs one tensor of memory, not the file."""
    entries = {
        f"model.layers.{i}.mlp.up_proj.weight": {
            "dtype": "BF16",
            "shape": [ROWS, COLS],
            "data_offsets": [i * len(block), (i + 1) * len(block)],
        }
        for i in range(tensors)
    }
    with path.open("wb") as out:
        out.write(header_bytes(entries))
        for _ in range(tensors):
            out.write(block)


def timed(command: list[str]) -> tuple[float, str]:
    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    return time.perf_counter() - began, done.stdout


def verify(path: Path) -> dict:
    return json.loads(timed([sys.executable, "-c", CHILD, str(path)])[1])


def main() -> None:
    block = tensor_block()
    folder = Path(tempfile.mkdtemp(prefix="bench-verify-"))
    try:
        small, large = folder / "small.safetensors", folder / "large.safetensors"
        write_checkpoint(small, 4, block)
        write_checkpoint(large, 32, block)
        for path in (small, large):  # into the page cache, for both contenders alike
            subprocess.run(["cat", str(path)], check=True, stdout=subprocess.DEVNULL)
        sha_runs, ours, sha_digest = [], [], ""
        for _ in range(2):
            seconds, out = timed(["sha256sum", str(large)])
            sha_runs.append(seconds)
            sha_digest = out.split()[0]
            ours.append(verify(large))
        small_run = verify(small)
        interpreter = json.loads(timed([sys.executable, "-c", BASELINE_CHILD])[1])
        assert all(run["sha256"] == sha_digest for run in ours), "the digests differ from sha256sum's"
        size = large.stat().st_size
        sha_s = statistics.median(sha_runs)
        ours_s = statistics.median(run["seconds"] for run in ours)
        figures = {
            "file_bytes": size,
            "sha256sum_s": sha_s,
            "verify_s": ours_s,
            "sha256sum_gb_per_s": size / sha_s / 1e9,
            "verify_gb_per_s": size / ours_s / 1e9,
            "throughput_ratio_vs_sha256sum": sha_s / ours_s,
            "peak_rss_mib_256mib_file": small_run["peak_rss_kib"] / 1024,
            "peak_rss_mib_2gib_file": max(run["peak_rss_kib"] for run in ours) / 1024,
            "peak_rss_mib_interpreter_and_imports_alone": interpreter["peak_rss_kib"] / 1024,
        }
        figures["peak_rss_growth_mib_from_256mib_to_2gib"] = (
            figures["peak_rss_mib_2gib_file"] - figures["peak_rss_mib_256mib_file"]
        )
        write_result("verify_checkpoint", figures)
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
