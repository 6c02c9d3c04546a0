"""One benchmark run: the device's ceilings, then every case of the spec, then the report."""

import time
from pathlib import Path

from . import report
from .backends import Case
from .spec import Spec

RESULT_VERSION = 1


def cases(spec: Spec) -> list[Case]:
    return [
        Case(dtype, layer.name, layer.out_features, layer.in_features, tokens, layer.tensor)
        for dtype in spec.dtypes
        for layer in spec.layers
        for tokens in spec.tokens
    ]


def run(spec: Spec, backend, out: Path, *, log=print, clock=time.monotonic) -> dict:
    began = clock()
    result = {
        "version": RESULT_VERSION,
        "backend": backend.name,
        **report.spec_header(spec),
        "environment": backend.environment(),
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    log(f"{result['environment']['gpu']}: measuring the device's ceilings")
    result["ceilings"] = backend.ceilings(spec.dtypes)
    result["cases"] = []
    for case in cases(spec):
        if clock() - began > spec.time_limit_s:
            result["cases"].append(
                {
                    "dtype": case.dtype,
                    "layer": case.layer,
                    "out_features": case.out_features,
                    "in_features": case.in_features,
                    "tokens": case.tokens,
                    "skipped": f"time limit of {spec.time_limit_s} s reached",
                }
            )
            continue
        log(f"{case.dtype} {case.layer} {case.out_features}x{case.in_features} at {case.tokens} tokens")
        measured = backend.measure(
            case,
            spec.variants,
            warmup=spec.warmup,
            repeats=spec.repeats,
            csr_sparsity=spec.csr_sparsity,
            csr_max_tokens=spec.csr_max_tokens,
        )
        result["cases"].append(report.case_report(case, measured, result["ceilings"]))
    result["claims"] = report.evaluate_claims(result)
    result["notes"] = report.notes(result)
    result["complete"] = all("skipped" not in c for c in result["cases"])
    result["seconds"] = round(clock() - began, 1)
    report.write(result, out)
    return result
