"""From raw timings to the result: summaries, speedups, the roofline, claims, notes, a table, a plot."""

import json
from pathlib import Path

from .backends import Case, Measured
from .spec import Spec
from .stats import gpu_class, speedup, summarize, within

# Relative error against the fp32 reference above which a variant is wrong, not merely rounded.
TOLERANCE = {"bf16": 2e-2, "fp16": 5e-3}
# Host overhead "dominates" when the eager call takes more than twice the kernel's device time.
OVERHEAD_FACTOR = 2.0
CLAIM_MARGIN = 0.10


def _rounded(values: list[float]) -> list[float]:
    return [float(f"{v:.6g}") for v in values]


def variant_report(case: Case, name: str, measured: Measured, dense: Measured | None) -> dict:
    if measured.error:
        return {"error": measured.error}
    kernel = summarize(measured.kernel_ms)
    call = summarize(measured.call_ms)
    entry = {
        "kernel_ms": kernel,
        "kernel_method": measured.kernel_method,
        "back_to_back_ms": summarize(measured.back_to_back_ms),
        "call_ms": call,
        "rel_error": measured.rel_error,
        "correct": measured.rel_error is not None and measured.rel_error <= TOLERANCE[case.dtype],
        "density": measured.density,
        "weights": measured.weights,
        "tflops": case.flops / (kernel["median"] * 1e-3) / 1e12,
        "host_overhead_share": max(0.0, 1 - kernel["median"] / call["median"]),
        "host_overhead_dominates": call["median"] > OVERHEAD_FACTOR * kernel["median"],
        "samples": {"kernel_ms": _rounded(measured.kernel_ms), "call_ms": _rounded(measured.call_ms)},
    }
    if name != "dense" and dense is not None and not dense.error:
        entry["speedup"] = {
            "kernel": speedup(dense.kernel_ms, measured.kernel_ms),
            "call": speedup(dense.call_ms, measured.call_ms),
        }
    return entry


def case_report(case: Case, measured: dict[str, Measured], ceilings: dict) -> dict:
    dense = measured.get("dense")
    compute_ms = case.flops / (ceilings["gemm_tflops"][case.dtype] * 1e12) * 1e3
    memory_ms = case.dense_bytes / (ceilings["copy_bandwidth_gbs"] * 1e9) * 1e3
    report = {
        "dtype": case.dtype,
        "layer": case.layer,
        "out_features": case.out_features,
        "in_features": case.in_features,
        "tokens": case.tokens,
        "flops": case.flops,
        "dense_floor_ms": max(compute_ms, memory_ms),
        "bound": "compute" if compute_ms >= memory_ms else "memory",
        "variants": {name: variant_report(case, name, m, dense) for name, m in measured.items()},
    }
    if dense is not None and not dense.error:
        report["dense_share_of_floor"] = report["dense_floor_ms"] / report["variants"]["dense"]["kernel_ms"]["median"]
    return report


def find_case(result: dict, *, dtype: str, layer: str, tokens: int) -> dict | None:
    return next((c for c in result["cases"] if (c["dtype"], c["layer"], c["tokens"]) == (dtype, layer, tokens)), None)


def _kernel_ratio(variant: dict) -> float:
    return variant.get("speedup", {}).get("kernel", {}).get("ratio", 0.0)


def claimed_variant(case: dict | None, variant: str) -> tuple[str, dict]:
    """The measured variant a claim is judged on: for 2:4, the faster of cuSPARSELt's default algorithm
    and the one tuning picked, since an author may well have tuned the kernel they report."""
    variants = (case or {}).get("variants", {})
    names = [name for name in (variant, f"{variant}-tuned") if "speedup" in variants.get(name, {})]
    if not names:
        return variant, variants.get(variant, {})
    best = max(names, key=lambda name: _kernel_ratio(variants[name]))
    return best, variants[best]


def evaluate_claims(result: dict) -> list[dict]:
    """Each speedup claim of the spec against the kernel speedup measured here, on this GPU class."""
    here = result["environment"]["gpu_class"]
    evaluated = []
    for claim in result["spec"]["claims"]:
        case = find_case(result, dtype=claim["dtype"], layer=claim["layer"], tokens=claim["tokens"])
        name, variant = claimed_variant(case, claim["variant"])
        measured = variant.get("speedup", {}).get("kernel", {}).get("ratio")
        same_class = gpu_class(claim["gpu"]) == here
        close = measured is not None and within(measured, claim["speedup"], relative=CLAIM_MARGIN)
        evaluated.append(
            {
                "claim": claim,
                "measured": measured,
                "measured_variant": name,
                "gpu_class": here,
                "same_gpu_class": same_class,
                "within_10_percent": close,
                "correct": bool(variant.get("correct")),
                "reproduced": same_class and close and bool(variant.get("correct")),
            }
        )
    return evaluated


def notes(result: dict) -> list[str]:
    """Plain sentences for the reader: where host overhead dominates, what failed, what is wrong."""
    lines = []
    for case in result["cases"]:
        shape = f"{case['out_features']}x{case['in_features']}"
        where = f"{case['dtype']} {case['layer']} ({shape}) at {case['tokens']} tokens"
        if "skipped" in case:
            lines.append(f"{where}: skipped ({case['skipped']}).")
            continue
        for name, variant in case["variants"].items():
            if variant.get("error", "").startswith("skipped"):
                lines.append(f"{where}, {name}: {variant['error']}.")
                continue
            if "error" in variant:
                lines.append(f"{where}, {name}: could not run ({variant['error']}).")
                continue
            if not variant["correct"]:
                lines.append(
                    f"{where}, {name}: relative error {variant['rel_error']:.2e} is above "
                    f"{TOLERANCE[case['dtype']]:.0e}; its timing is not a valid result."
                )
            if variant["host_overhead_dominates"]:
                figures = ""
                if "speedup" in variant:
                    figures = (
                        f"; kernel speedup {variant['speedup']['kernel']['ratio']:.2f}x, "
                        f"eager call speedup {variant['speedup']['call']['ratio']:.2f}x"
                    )
                lines.append(
                    f"{where}, {name}: host overhead dominates, {variant['host_overhead_share']:.0%} "
                    f"of the eager call time{figures}. The kernel figure is what a graph-captured or "
                    "batched model sees; the call figure is what a naive timing reports."
                )
    return lines


def sparse_variants(result: dict) -> list[str]:
    seen = {name for case in result["cases"] for name in case.get("variants", {})}
    return [v for v in ("2:4", "2:4-tuned", "csr") if v in seen]


def table(result: dict) -> str:
    sparse = sparse_variants(result)
    head = ["dtype", "layer", "tokens", "dense ms"] + [f"{v} kernel" for v in sparse] + [f"{v} call" for v in sparse]
    rows = [head]
    for case in result["cases"]:
        if "skipped" in case:
            continue
        variants = case["variants"]
        dense = variants["dense"]
        row = [
            case["dtype"],
            case["layer"],
            str(case["tokens"]),
            f"{dense['kernel_ms']['median']:.4f}" if "kernel_ms" in dense else "error",
        ]
        for key in ("kernel", "call"):
            for v in sparse:
                ratio = variants.get(v, {}).get("speedup", {}).get(key, {}).get("ratio")
                flag = "*" if key == "call" and variants.get(v, {}).get("host_overhead_dominates") else ""
                row.append(f"{ratio:.2f}x{flag}" if ratio is not None else "-")
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(cell.rjust(w) for cell, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(lines) + "\n(* host overhead dominates the eager call)"


def plot(result: dict, path: Path) -> None:
    import matplotlib  # matplotlib is slow to import; only the report needs it

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # matplotlib is slow to import; only the report needs it

    dtypes = result["spec"]["dtypes"]
    sparse = sparse_variants(result)
    figure, axes = plt.subplots(len(dtypes), 1, figsize=(12, 4.2 * len(dtypes)), squeeze=False)
    for axis, dtype in zip(axes[:, 0], dtypes, strict=True):
        cases = [c for c in result["cases"] if c["dtype"] == dtype and "skipped" not in c]
        labels = [f"{c['layer']}\n{c['tokens']} tok" for c in cases]
        width = 0.8 / (2 * len(sparse))
        for index, (variant, key) in enumerate((v, k) for v in sparse for k in ("kernel", "call")):
            values = [
                c["variants"].get(variant, {}).get("speedup", {}).get(key, {}).get("ratio") or float("nan")
                for c in cases
            ]
            axis.bar(
                [i + (index - len(sparse) + 0.5) * width for i in range(len(cases))],
                values,
                width,
                label=f"{variant} {'kernel, host overhead removed' if key == 'kernel' else 'eager call'}",
                hatch="" if key == "kernel" else "//",
                alpha=0.9 if key == "kernel" else 0.55,
            )
        axis.axhline(1.0, color="black", linewidth=0.8)
        axis.set_yscale("log")
        axis.set_xticks(range(len(cases)), labels, fontsize=7)
        axis.set_ylabel("speedup over dense F.linear")
        axis.set_title(f"{result['spec']['name']} · {dtype} · {result['environment']['gpu']}")
        axis.legend(fontsize=7, ncol=2)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def write(result: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "result.json").write_text(json.dumps(result, indent=1) + "\n")
    plot(result, out / "plot.png")
    (out / "summary.txt").write_text(table(result) + "\n\n" + "\n".join(result["notes"]) + "\n")


def spec_header(spec: Spec) -> dict:
    return {"spec": spec.as_dict(), "spec_sha256": spec.sha256()}
