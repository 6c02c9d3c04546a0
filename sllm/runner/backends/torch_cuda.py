"""Dense F.linear against 2:4 (cuSPARSELt) and CSR (cuSPARSE) on a CUDA GPU, timed three ways.

kernel: the calls captured in a CUDA graph and replayed between two CUDA events, so the host's Python,
dispatch and launch costs are gone and what is left is the device's time per call; weights and inputs
rotate among enough copies to overflow L2, so no call reads another's operands from cache.
back-to-back: the same calls launched eagerly between two events; the host's cost shows when it
outruns the kernel. call: one eager call, synchronized, on the host clock: what a naive timing sees.
"""

import math
import os
import platform
import subprocess
import time

import numpy as np
import torch
import torch.nn.functional as F

from ..safetensors_header import read_header
from ..stats import gpu_class
from . import Case, Measured

TORCH_DTYPES = {"bf16": torch.bfloat16, "fp16": torch.float16}
KERNEL_BUDGET_S = 3.0
CALL_BUDGET_S = 2.0
MIN_SAMPLES = 10
SLOW_CALL_S = 0.05
SLOW_MIN_SAMPLES = 5
# Enough calls in one graph replay that the replay's own launch is noise next to them.
REPLAY_TARGET_MS = 2.0
MAX_ROTATION_BYTES = 6 * 1024**3


class RunnerError(Exception):
    pass


def _driver_version() -> str:
    try:
        import pynvml  # noqa: PLC0415 -- optional on a GPU host; imported where the backend needs it

        pynvml.nvmlInit()
        version = pynvml.nvmlSystemGetDriverVersion()
        return version.decode() if isinstance(version, bytes) else version
    except Exception:
        pass
    try:
        done = subprocess.run(
            ["nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader"],
            capture_output=True,
            text=True,
            timeout=20,
        )
        return done.stdout.strip().splitlines()[0] if done.returncode == 0 else "unknown"
    except (OSError, subprocess.SubprocessError, IndexError):
        return "unknown"


def _events():
    return torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)


def _back_to_back_ms(fn, calls: int) -> float:
    start, end = _events()
    start.record()
    for i in range(calls):
        fn(i)
    end.record()
    end.synchronize()
    return start.elapsed_time(end) / calls


def _graph_ms(fn, calls: int, replays: int = 5) -> float:
    replay, _method = TorchCudaBackend._graph(fn, calls)
    replay()
    torch.cuda.synchronize()
    start, end = _events()
    samples = []
    for _ in range(replays):
        start.record()
        replay()
        end.record()
        end.synchronize()
        samples.append(start.elapsed_time(end) / calls)
    return float(np.median(samples))


def _copy_bandwidth_gbs(nbytes: int) -> float:
    source = torch.empty(nbytes, dtype=torch.uint8, device="cuda").random_(0, 255)
    target = torch.empty_like(source)
    times = [_back_to_back_ms(lambda _: target.copy_(source), 1) for _ in range(25)][5:]
    return 2 * nbytes / (float(np.median(times)) * 1e-3) / 1e9


def _gemm_tflops(size: int, dtype: torch.dtype) -> float:
    a = torch.randn(size, size, device="cuda", dtype=dtype)
    b = torch.randn(size, size, device="cuda", dtype=dtype)
    times = [_back_to_back_ms(lambda _: a @ b, 5) for _ in range(15)][3:]
    return 2 * size**3 / (float(np.median(times)) * 1e-3) / 1e12


def prune_2_4(weight: torch.Tensor) -> torch.Tensor:
    """Keep the two largest magnitudes of every four consecutive weights along the input dimension."""
    groups = weight.reshape(weight.shape[0], -1, 4)
    keep = groups.abs().topk(2, dim=-1).indices
    mask = torch.zeros_like(groups, dtype=torch.bool).scatter_(-1, keep, True)
    return (groups * mask).reshape(weight.shape)


class TorchCudaBackend:
    name = "torch-cuda"

    def __init__(self, *, checkpoint: str | None = None):
        if not torch.cuda.is_available():
            raise RunnerError("PyTorch sees no CUDA device on this host.")
        self.checkpoint = checkpoint
        # The fp32 reference must be true fp32, not TF32.
        torch.backends.cuda.matmul.allow_tf32 = False
        self.props = torch.cuda.get_device_properties(0)

    def environment(self) -> dict:
        props = self.props
        cusparselt = torch.backends.cusparselt.version() if torch.backends.cusparselt.is_available() else None
        return {
            "gpu": props.name,
            "gpu_class": gpu_class(props.name),
            "compute_capability": f"{props.major}.{props.minor}",
            "multiprocessors": props.multi_processor_count,
            "memory_gib": round(props.total_memory / 1024**3, 1),
            "l2_bytes": props.L2_cache_size,
            "driver": _driver_version(),
            "cuda": torch.version.cuda,
            "torch": torch.__version__,
            "cusparselt": cusparselt,
            "python": platform.python_version(),
            "host": platform.node(),
            "cuda_visible_devices": os.environ.get("CUDA_VISIBLE_DEVICES", ""),
        }

    def ceilings(self, dtypes: tuple[str, ...]) -> dict:
        """The device's own limits, measured now: device-to-device copy and a large dense GEMM."""
        size = 8192
        ceilings = {
            "copy_bandwidth_gbs": _copy_bandwidth_gbs(1024**3),
            "gemm_tflops": {dtype: _gemm_tflops(size, TORCH_DTYPES[dtype]) for dtype in dtypes},
            "method": f"median of 20 device-to-device copies of 1 GiB (bytes read + written) and of "
            f"{size}x{size}x{size} matrix products on random data, timed with CUDA events",
        }
        torch.cuda.empty_cache()
        return ceilings

    def _weight(self, case: Case, dtype: torch.dtype) -> tuple[torch.Tensor, str]:
        if case.tensor and self.checkpoint:
            entry = next((t for t in read_header(self.checkpoint).tensors if t.name == case.tensor), None)
            if entry is None or entry.shape != (case.out_features, case.in_features):
                raise RunnerError(
                    f"{case.tensor} is not a {case.out_features}x{case.in_features} tensor of the checkpoint"
                )
            raw = {"BF16": (np.uint16, torch.bfloat16), "F16": (np.float16, None), "F32": (np.float32, None)}
            if entry.dtype not in raw:
                raise RunnerError(f"{case.tensor} has dtype {entry.dtype}; BF16, F16 or F32 is needed")
            numpy_type, view = raw[entry.dtype]
            array = np.memmap(self.checkpoint, dtype=numpy_type, mode="r", offset=entry.begin, shape=entry.shape)
            tensor = torch.from_numpy(np.ascontiguousarray(array))
            tensor = tensor.view(view) if view is not None else tensor
            return tensor.to("cuda", dtype), f"checkpoint:{case.tensor}"
        return torch.randn(case.out_features, case.in_features, device="cuda", dtype=dtype), "random"

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
        torch.manual_seed(seed)
        results = self._measure(
            case,
            variants,
            warmup=warmup,
            repeats=repeats,
            csr_sparsity=csr_sparsity,
            csr_max_tokens=csr_max_tokens,
        )
        # The case's tensors are gone with _measure's frame; hand their memory back before the next case.
        torch.cuda.synchronize()
        torch.cuda.empty_cache()
        return results

    def _measure(
        self,
        case: Case,
        variants: tuple[str, ...],
        *,
        warmup: int,
        repeats: int,
        csr_sparsity: float,
        csr_max_tokens: int,
    ) -> dict[str, Measured]:
        dtype = TORCH_DTYPES[case.dtype]
        weight, origin = self._weight(case, dtype)
        operand_bytes = 2 * (case.tokens * case.in_features + case.out_features * case.in_features // 2)
        copies = max(
            1,
            min(
                16,
                math.ceil(3 * self.props.L2_cache_size / operand_bytes),
                MAX_ROTATION_BYTES // (2 * operand_bytes),
            ),
        )
        inputs = [torch.randn(case.tokens, case.in_features, device="cuda", dtype=dtype) for _ in range(copies)]
        results = {}
        dense = [weight] + [weight[torch.randperm(weight.shape[0], device="cuda")] for _ in range(copies - 1)]
        results["dense"] = self._variant(
            lambda: self._run(
                lambda i: F.linear(inputs[i % copies], dense[i % copies]),
                reference=lambda: inputs[0].float() @ dense[0].float().t(),
                copies=copies,
                warmup=warmup,
                repeats=repeats,
                density=1.0,
                origin=origin,
            )
        )
        if "2:4" in variants:
            for name, tune in (("2:4", False), ("2:4-tuned", True)):
                results[name] = self._variant(
                    lambda tune=tune: self._two_four(weight, inputs, copies, warmup, repeats, origin, tune=tune)
                )
        if "csr" in variants:
            if case.tokens > csr_max_tokens:
                results["csr"] = Measured(error=f"skipped: CSR is timed up to {csr_max_tokens} tokens")
            else:
                results["csr"] = self._variant(
                    lambda: self._csr(weight, inputs, copies, warmup, repeats, csr_sparsity, origin)
                )
        return results

    @staticmethod
    def _variant(run) -> Measured:
        try:
            return run()
        except (RuntimeError, NotImplementedError, ValueError, TypeError) as exc:
            torch.cuda.synchronize()
            return Measured(error=f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}")

    def _two_four(self, weight, inputs, copies, warmup, repeats, origin, *, tune: bool) -> Measured:
        from torch.sparse import to_sparse_semi_structured  # noqa: PLC0415 -- optional on a GPU host; imported where the backend needs it

        pruned = [prune_2_4(weight)]
        pruned += [pruned[0][torch.randperm(weight.shape[0], device="cuda")] for _ in range(copies - 1)]
        compressed = [to_sparse_semi_structured(w) for w in pruned]
        density = float((pruned[0] != 0).float().mean())
        reference_weight = pruned[0]
        del pruned

        def fn(i):
            return F.linear(inputs[i % copies], compressed[i % copies])

        algorithm = self._tune(fn, compressed, copies) if tune else None
        measured = self._run(
            fn,
            reference=lambda: inputs[0].float() @ reference_weight.float().t(),
            copies=copies,
            warmup=warmup,
            repeats=repeats,
            density=density,
            origin=origin,
        )
        if algorithm is not None:
            measured.kernel_method += f", cuSPARSELt algorithm {algorithm} (fastest of those tried)"
        return measured

    @staticmethod
    def _tune(fn, compressed, copies) -> int:
        """cuSPARSELt's default algorithm is often slow for few tokens: try each id and keep the fastest."""
        if not hasattr(compressed[0], "alg_id_cusparselt"):
            raise RuntimeError("this PyTorch's semi-structured tensor has no cuSPARSELt algorithm id")
        timings = {}
        for algorithm in range(16):
            for w in compressed:
                w.alg_id_cusparselt = algorithm
            try:
                for i in range(3):
                    fn(i)
                # Timed from a graph: eager launches of this path are host-bound and would rank nothing.
                timings[algorithm] = _graph_ms(fn, max(copies, 8))
            except RuntimeError:
                torch.cuda.synchronize()
                break
        best = min(timings, key=timings.get)
        for w in compressed:
            w.alg_id_cusparselt = best
        return best

    def _csr(self, weight, inputs, copies, warmup, repeats, sparsity, origin) -> Measured:
        if origin == "random":
            keep = torch.rand(weight.shape, device="cuda") >= sparsity
            unstructured = weight * keep
        else:
            unstructured = weight
        matrices = [unstructured.to_sparse_csr() for _ in range(copies)]
        density = float((unstructured != 0).float().mean())
        return self._run(
            lambda i: torch.sparse.mm(matrices[i % copies], inputs[i % copies].t()).t(),
            reference=lambda: inputs[0].float() @ unstructured.float().t(),
            copies=copies,
            warmup=warmup,
            repeats=repeats,
            density=density,
            origin=origin,
        )

    def _run(self, fn, *, reference, copies, warmup, repeats, density, origin) -> Measured:
        measured = Measured(density=density, weights=origin)
        torch.cuda.synchronize()
        began = time.perf_counter()
        out = fn(0)
        torch.cuda.synchronize()
        # A call this slow is timed with fewer samples: its spread is tiny and the budget is not.
        slow = time.perf_counter() - began > SLOW_CALL_S
        expected = reference()
        measured.rel_error = float((out.float() - expected).norm() / expected.norm())
        del out, expected
        # Warm-up on a side stream, as graph capture wants: handles, plans and autotuning happen here.
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):
            for i in range(1 if slow else warmup):
                fn(i)
        torch.cuda.current_stream().wait_stream(side)
        torch.cuda.synchronize()
        estimate = min(_back_to_back_ms(fn, copies) for _ in range(1 if slow else 3))
        calls = copies * max(1, math.ceil(REPLAY_TARGET_MS / max(estimate, 1e-4) / copies))
        calls = min(calls, copies * max(1, 256 // copies))
        measured.back_to_back_ms = [_back_to_back_ms(fn, calls) for _ in range(3 if slow else 10)]
        minimum = SLOW_MIN_SAMPLES if slow else MIN_SAMPLES
        replay, measured.kernel_method = self._graph(fn, calls)
        replay()
        torch.cuda.synchronize()
        start, end = _events()
        deadline = time.perf_counter() + KERNEL_BUDGET_S
        while len(measured.kernel_ms) < repeats and (
            len(measured.kernel_ms) < minimum or time.perf_counter() < deadline
        ):
            start.record()
            replay()
            end.record()
            end.synchronize()
            measured.kernel_ms.append(start.elapsed_time(end) / calls)
        del replay
        deadline = time.perf_counter() + CALL_BUDGET_S
        while len(measured.call_ms) < repeats and (len(measured.call_ms) < minimum or time.perf_counter() < deadline):
            index = len(measured.call_ms)
            began = time.perf_counter()
            fn(index)
            torch.cuda.synchronize()
            measured.call_ms.append((time.perf_counter() - began) * 1e3)
        return measured

    @staticmethod
    def _graph(fn, calls: int):
        graph = torch.cuda.CUDAGraph()
        try:
            with torch.cuda.graph(graph):
                for i in range(calls):
                    fn(i)
        except RuntimeError:
            # Some sparse paths can't be captured; events around eager launches are the fallback.
            torch.cuda.synchronize()
            return (lambda: [fn(i) for i in range(calls)]), "cuda_events_back_to_back"
        return graph.replay, "cuda_graph"
