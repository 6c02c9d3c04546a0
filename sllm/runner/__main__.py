"""python -m sllm.runner run SPEC.json --out DIR [--backend torch|numpy] [--checkpoint FILE]

Writes DIR/result.json, DIR/plot.png and DIR/summary.txt. A spec that does not validate prints
{"error": "invalid_spec", "problems": [...]} on stderr and exits with status 2.
"""

import argparse
import json
import sys
from pathlib import Path

from . import harness, report
from .backends import load_backend
from .spec import SpecError, load_spec


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sllm.runner")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="time the spec's cases and write result.json and plot.png")
    run.add_argument("spec")
    run.add_argument("--out", required=True)
    run.add_argument("--backend", choices=["torch", "numpy"], default="torch")
    run.add_argument("--checkpoint", help="a safetensors file whose tensors the spec's layers name")
    check = commands.add_parser("validate", help="check a spec and print it normalized")
    check.add_argument("spec")
    args = parser.parse_args(argv)
    try:
        spec = load_spec(args.spec)
    except SpecError as exc:
        sys.stderr.write(json.dumps({"error": "invalid_spec", "problems": exc.problems}) + "\n")
        return 2
    except OSError as exc:
        sys.stderr.write(json.dumps({"error": "not_found", "problems": [f"spec: {exc.strerror}"]}) + "\n")
        return 2
    if args.command == "validate":
        print(json.dumps(spec.as_dict()))
        return 0
    backend = load_backend(args.backend, checkpoint=args.checkpoint)
    result = harness.run(spec, backend, Path(args.out), log=lambda line: print(line, flush=True))
    print(report.table(result))
    print("\n".join(result["notes"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
