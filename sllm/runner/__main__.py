"""python -m sllm.runner run SPEC.json --out DIR [--backend torch|numpy] [--checkpoint FILE]
python -m sllm.runner poll    (a GPU host's service: RUNNER_PLATFORM_URL, RUNNER_TOKEN[_FILE], RUNNER_BACKEND)

Writes DIR/result.json, DIR/plot.png and DIR/summary.txt. A spec that does not validate prints
{"error": "invalid_spec", "problems": [...]} on stderr and exits with status 2.
"""

import argparse
import json
import os
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
    poll = commands.add_parser("poll", help="take the pool's queued jobs from the platform, one at a time")
    poll.add_argument("--interval", type=float, default=15.0, help="seconds between polls when idle")
    args = parser.parse_args(argv)
    if args.command == "poll":
        return _poll(args.interval)
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


def _poll(interval_s: float) -> int:
    from .job import PlatformClient, poll_forever  # noqa: PLC0415 -- only the service needs the HTTP client

    token_file = os.environ.get("RUNNER_TOKEN_FILE")
    token = Path(token_file).read_text().strip() if token_file else os.environ.get("RUNNER_TOKEN", "")
    url = os.environ.get("RUNNER_PLATFORM_URL", "")
    if not token or not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        sys.stderr.write(
            json.dumps({"error": "not_configured", "problems": ["RUNNER_PLATFORM_URL (https) and RUNNER_TOKEN"]}) + "\n"
        )
        return 2
    client = PlatformClient(url, token)
    poll_forever(client=client, backend=os.environ.get("RUNNER_BACKEND", "torch"), interval_s=interval_s)
    return 0


if __name__ == "__main__":
    sys.exit(main())
