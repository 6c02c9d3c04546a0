"""The harness on a CPU with NumPy (and SciPy for CSR), for tests and machines without a GPU.

NumPy has no bf16 or fp16 matrix units, so both dtypes compute in float32; there is no device clock,
so the kernel and the call are the same host-timed call. The figures describe this CPU, not a GPU.
"""

import platform
import time

import numpy as np

from ..stats import gpu_class
from . import Case, Measured


def prune_2_4(weight: np.ndarray) -> np.ndarray:
    groups = weight.reshape(weight.shape[0], -1, 4)
    order = np.argsort(np.abs(groups), axis=-1)
    mask = np.ones_like(groups, dtype=bool)
    np.put_along_axis(mask, order[..., :2], False, axis=-1)
    return (groups * mask).reshape(weight.shape)


def _timed(fn, repeats: int) -> list[float]:
    samples = []
    for i in range(repeats):
        began = time.perf_counter()
        fn(i)
        samples.append(max((time.perf_counter() - began) * 1e3, 1e-6))
    return samples


class NumpyBackend:
    name = "numpy-cpu"

    def __init__(self, *, checkpoint: str | None = None):
        self.checkpoint = checkpoint

    def environment(self) -> dict:
        return {
            "gpu": "CPU (NumPy, no GPU)",
            "gpu_class": gpu_class("CPU"),
            "driver": None,
            "cuda": None,
            "torch": None,
            "numpy": np.__version__,
            "processor": platform.processor() or platform.machine(),
            "python": platform.python_version(),
            "host": platform.node(),
        }

    def ceilings(self, dtypes: tuple[str, ...]) -> dict:
        source = np.ones(64 * 1024 * 1024 // 4, dtype=np.float32)
        target = np.empty_like(source)
        copy = float(np.median(_timed(lambda _: np.copyto(target, source), 5)))
        a = np.ones((512, 512), dtype=np.float32)
        gemm = float(np.median(_timed(lambda _: a @ a, 5)))
        tflops = 2 * 512**3 / (gemm * 1e-3) / 1e12
        return {
            "copy_bandwidth_gbs": 2 * source.nbytes / (copy * 1e-3) / 1e9,
            "gemm_tflops": dict.fromkeys(dtypes, tflops),
            "method": "median of 5 host-timed copies of 64 MiB and 512x512x512 float32 products",
        }

    def measure(
        self,
        case: Case,
        variants: tuple[str, ...],
        *,
        warmup: int,
        repeats: int,
        csr_sparsity: float,
        csr_max_tokens: int,
        seed: int = 0,
    ) -> dict[str, Measured]:
        rng = np.random.default_rng(seed)
        weight = rng.standard_normal((case.out_features, case.in_features), dtype=np.float32)
        inputs = rng.standard_normal((case.tokens, case.in_features), dtype=np.float32)
        reference = inputs.astype(np.float64) @ weight.T.astype(np.float64)
        results = {"dense": self._run(lambda _: inputs @ weight.T, reference, warmup, repeats, 1.0)}
        if "2:4" in variants:
            pruned = prune_2_4(weight)
            reference = inputs.astype(np.float64) @ pruned.T.astype(np.float64)
            results["2:4"] = self._run(
                lambda _: inputs @ pruned.T, reference, warmup, repeats, float(np.mean(pruned != 0))
            )
        if "csr" in variants and case.tokens > csr_max_tokens:
            results["csr"] = Measured(error=f"skipped: CSR is timed up to {csr_max_tokens} tokens")
        elif "csr" in variants:
            from scipy import sparse  # noqa: PLC0415 -- scipy is needed only for the sparse format

            unstructured = weight * (rng.random(weight.shape) >= csr_sparsity)
            matrix = sparse.csr_matrix(unstructured)
            reference = inputs.astype(np.float64) @ unstructured.T.astype(np.float64)
            results["csr"] = self._run(
                lambda _: (matrix @ inputs.T).T, reference, warmup, repeats, matrix.nnz / unstructured.size
            )
        return results

    @staticmethod
    def _run(fn, reference: np.ndarray, warmup: int, repeats: int, density: float) -> Measured:
        out = fn(0)
        rel_error = float(np.linalg.norm(out - reference) / np.linalg.norm(reference))
        for i in range(warmup):
            fn(i)
        samples = _timed(fn, repeats)
        return Measured(
            kernel_ms=samples,
            kernel_method="host_timer",
            back_to_back_ms=samples,
            call_ms=samples,
            rel_error=rel_error,
            density=density,
        )
