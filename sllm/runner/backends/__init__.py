"""Backends time one case (a layer shape at a token count in one dtype) for each variant.

A backend gives environment(), ceilings(dtypes) and measure(case, variants) -> {variant: Measured}.
torch_cuda is the real one; numpy_cpu runs the same harness on a CPU so that its statistics, spec
handling and report are tested where no GPU (or PyTorch) is installed.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Case:
    dtype: str
    layer: str
    out_features: int
    in_features: int
    tokens: int
    tensor: str = ""

    @property
    def flops(self) -> int:
        return 2 * self.tokens * self.out_features * self.in_features

    @property
    def dense_bytes(self) -> int:
        """Fewest bytes a dense layer moves: activations and weights read once, outputs written once."""
        return 2 * (
            self.tokens * self.in_features + self.out_features * self.in_features + self.tokens * self.out_features
        )


@dataclass
class Measured:
    kernel_ms: list[float] = field(default_factory=list)
    kernel_method: str = ""
    back_to_back_ms: list[float] = field(default_factory=list)
    call_ms: list[float] = field(default_factory=list)
    rel_error: float | None = None
    density: float = 1.0
    weights: str = "random"
    error: str = ""


def load_backend(name: str, *, checkpoint: str | None = None):
    if name == "torch":
        from .torch_cuda import TorchCudaBackend  # noqa: PLC0415 -- a GPU host has only the backend it runs; the other one's library may be missing

        return TorchCudaBackend(checkpoint=checkpoint)
    if name == "numpy":
        from .numpy_cpu import NumpyBackend  # noqa: PLC0415 -- a GPU host has only the backend it runs; the other one's library may be missing

        return NumpyBackend(checkpoint=checkpoint)
    raise ValueError(f"unknown backend {name!r}: torch or numpy")
