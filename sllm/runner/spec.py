"""The kernel-benchmark spec: what to time, validated before anything runs.

{
  "name": "Llama-2-7B MLP",
  "dtypes": ["bf16"],                       # bf16 and/or fp16
  "variants": ["2:4", "csr"],               # dense F.linear is always the baseline
  "layers": [{"name": "mlp.up", "out_features": 11008, "in_features": 4096,
              "tensor": "model.layers.0.mlp.up_proj.weight"}],   # tensor: optional, from the checkpoint
  "tokens": [1, 16, 2048, 8192],
  "csr_sparsity": 0.5,                      # share of zeros of the unstructured (CSR) weights
  "csr_max_tokens": 2048,                   # CSR is timed up to this many tokens
  "warmup": 10, "repeats": 50, "time_limit_s": 900,
  "claims": [{"layer": "mlp.up", "tokens": 8192, "variant": "2:4", "dtype": "bf16",
              "speedup": 1.6, "gpu": "H100"}]
}
"""

import hashlib
import json
from dataclasses import asdict, dataclass, field

DTYPES = ("bf16", "fp16")
VARIANTS = ("2:4", "csr")
# cuSPARSELt takes 2:4 weights whose sides are multiples of 64 in every dtype it supports.
ALIGN = 64
MAX_TOKENS = 65_536
MAX_FEATURES = 65_536
# One case's activations, weights and outputs must fit on any runner GPU with room to spare.
MAX_CASE_ELEMENTS = 2_000_000_000
MAX_TIME_LIMIT_S = 2 * 3600
KEYS = {
    "name",
    "dtypes",
    "variants",
    "layers",
    "tokens",
    "csr_sparsity",
    "csr_max_tokens",
    "warmup",
    "repeats",
    "time_limit_s",
    "claims",
}


class SpecError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Layer:
    name: str
    out_features: int
    in_features: int
    tensor: str = ""


@dataclass(frozen=True)
class SpeedupClaim:
    layer: str
    tokens: int
    variant: str
    dtype: str
    speedup: float
    gpu: str


@dataclass(frozen=True)
class Spec:
    name: str
    dtypes: tuple[str, ...]
    variants: tuple[str, ...]
    layers: tuple[Layer, ...]
    tokens: tuple[int, ...]
    csr_sparsity: float = 0.5
    # CSR runs hundreds of times slower than dense at prefill sizes; timing it there spends the budget.
    csr_max_tokens: int = 2048
    warmup: int = 10
    repeats: int = 50
    time_limit_s: int = 900
    claims: tuple[SpeedupClaim, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict:
        # Through JSON so that tuples come back as lists: the form parse_spec reads and the API shows.
        data = json.loads(json.dumps(asdict(self)))
        data["layers"] = [{k: v for k, v in layer.items() if v != ""} for layer in data["layers"]]
        return data

    def sha256(self) -> str:
        return hashlib.sha256(json.dumps(self.as_dict(), sort_keys=True).encode()).hexdigest()

    def layer(self, name: str) -> Layer:
        return next(layer for layer in self.layers if layer.name == name)


def _int(value, where: str, problems: list[str], *, low: int, high: int, multiple: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high or value % multiple:
        extra = f", a multiple of {multiple}" if multiple > 1 else ""
        problems.append(f"{where}: must be an integer from {low} to {high}{extra}")
        return low
    return value


def _number(value, where: str, problems: list[str], *, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low < value <= high:
        problems.append(f"{where}: must be a number above {low} and at most {high}")
        return high
    return float(value)


def _choices(value, where: str, allowed: tuple[str, ...], problems: list[str]) -> tuple[str, ...]:
    if (
        not isinstance(value, list)
        or not value
        or any(v not in allowed for v in value)
        or len(set(value)) != len(value)
    ):
        problems.append(f"{where}: must be a non-empty list of distinct values from {', '.join(allowed)}")
        return ()
    return tuple(value)


def _layers(value, problems: list[str]) -> tuple[Layer, ...]:
    if not isinstance(value, list) or not value or len(value) > 32:
        problems.append("layers: must be a list of 1 to 32 layers")
        return ()
    layers = []
    for index, item in enumerate(value):
        where = f"layers[{index}]"
        if not isinstance(item, dict) or set(item) - {"name", "out_features", "in_features", "tensor"}:
            problems.append(f"{where}: must hold name, out_features, in_features and optionally tensor")
            continue
        name = item.get("name")
        if not isinstance(name, str) or not 0 < len(name) <= 100:
            problems.append(f"{where}.name: must be a name of 1 to 100 characters")
            name = ""
        tensor = item.get("tensor", "")
        if not isinstance(tensor, str) or len(tensor) > 300:
            problems.append(f"{where}.tensor: must be a tensor name from the checkpoint")
            tensor = ""
        layers.append(
            Layer(
                name=name,
                out_features=_int(
                    item.get("out_features"),
                    f"{where}.out_features",
                    problems,
                    low=ALIGN,
                    high=MAX_FEATURES,
                    multiple=ALIGN,
                ),
                in_features=_int(
                    item.get("in_features"),
                    f"{where}.in_features",
                    problems,
                    low=ALIGN,
                    high=MAX_FEATURES,
                    multiple=ALIGN,
                ),
                tensor=tensor,
            )
        )
    names = [layer.name for layer in layers]
    if len(set(names)) != len(names):
        problems.append("layers: names must be distinct")
    return tuple(layers)


def _tokens(value, problems: list[str]) -> tuple[int, ...]:
    if not isinstance(value, list) or not value or len(value) > 16:
        problems.append("tokens: must be a list of 1 to 16 token counts")
        return ()
    tokens = tuple(_int(t, f"tokens[{i}]", problems, low=1, high=MAX_TOKENS) for i, t in enumerate(value))
    if len(set(tokens)) != len(tokens):
        problems.append("tokens: must be distinct")
    return tokens


def _claims(value, spec_parts: dict, problems: list[str]) -> tuple[SpeedupClaim, ...]:
    if not isinstance(value, list) or len(value) > 64:
        problems.append("claims: must be a list of at most 64 claims")
        return ()
    claims = []
    layer_names = {layer.name for layer in spec_parts["layers"]}
    for index, item in enumerate(value):
        where = f"claims[{index}]"
        keys = {"layer", "tokens", "variant", "dtype", "speedup", "gpu"}
        if not isinstance(item, dict) or set(item) != keys:
            problems.append(f"{where}: must hold exactly {', '.join(sorted(keys))}")
            continue
        if item["layer"] not in layer_names:
            problems.append(f"{where}.layer: names no layer of the spec")
        if item["tokens"] not in spec_parts["tokens"]:
            problems.append(f"{where}.tokens: is not one of the spec's token counts")
        if item["variant"] not in spec_parts["variants"]:
            problems.append(f"{where}.variant: is not one of the spec's variants")
        if item["dtype"] not in spec_parts["dtypes"]:
            problems.append(f"{where}.dtype: is not one of the spec's dtypes")
        if not isinstance(item["gpu"], str) or not 0 < len(item["gpu"]) <= 60:
            problems.append(f"{where}.gpu: must name the GPU, such as H100")
        speedup = _number(item["speedup"], f"{where}.speedup", problems, low=0, high=100)
        claims.append(
            SpeedupClaim(item["layer"], item["tokens"], item["variant"], item["dtype"], speedup, str(item["gpu"]))
        )
    return tuple(claims)


def parse_spec(data) -> Spec:
    """A Spec, or SpecError listing every problem found (where: what is wrong)."""
    if not isinstance(data, dict):
        raise SpecError(["spec: must be a JSON object"])
    problems: list[str] = []
    unknown = set(data) - KEYS
    if unknown:
        problems.append(f"spec: unknown keys {', '.join(sorted(unknown))}")
    for key in ("layers", "tokens"):
        if key not in data:
            problems.append(f"{key}: is required")
    name = data.get("name", "kernel benchmark")
    if not isinstance(name, str) or not 0 < len(name) <= 200:
        problems.append("name: must be a text of 1 to 200 characters")
    parts = {
        "dtypes": _choices(data.get("dtypes", ["bf16"]), "dtypes", DTYPES, problems),
        "variants": _choices(data.get("variants", list(VARIANTS)), "variants", VARIANTS, problems),
        "layers": _layers(data.get("layers"), problems) if "layers" in data else (),
        "tokens": _tokens(data.get("tokens"), problems) if "tokens" in data else (),
    }
    for layer in parts["layers"]:
        for tokens in parts["tokens"]:
            elements = tokens * layer.in_features + layer.out_features * (layer.in_features + tokens)
            if elements > MAX_CASE_ELEMENTS:
                problems.append(
                    f"layers: {layer.name} at {tokens} tokens needs {elements} elements, over {MAX_CASE_ELEMENTS}"
                )
    spec = Spec(
        name=name if isinstance(name, str) else "",
        **parts,
        csr_sparsity=_number(data.get("csr_sparsity", 0.5), "csr_sparsity", problems, low=0, high=0.999),
        csr_max_tokens=_int(data.get("csr_max_tokens", 2048), "csr_max_tokens", problems, low=1, high=MAX_TOKENS),
        warmup=_int(data.get("warmup", 10), "warmup", problems, low=1, high=1000),
        repeats=_int(data.get("repeats", 50), "repeats", problems, low=5, high=10_000),
        time_limit_s=_int(data.get("time_limit_s", 900), "time_limit_s", problems, low=10, high=MAX_TIME_LIMIT_S),
        claims=_claims(data.get("claims", []), parts, problems),
    )
    if problems:
        raise SpecError(problems)
    return spec


def load_spec(path) -> Spec:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except ValueError as exc:
        raise SpecError([f"spec: not JSON ({exc})"]) from None
    return parse_spec(data)
