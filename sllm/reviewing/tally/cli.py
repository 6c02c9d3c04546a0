"""`python -m sllm.reviewing.tally BALLOTS.json [--seats K]` and `manage.py tally`: JSON in, JSON out."""

import argparse
import json
import sys

from .inputs import TallyInputError
from .schulze import DEFAULT_SEATS, tally_document


def main(argv: list[str] | None = None, *, stdout=None, stderr=None) -> int:
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    parser = argparse.ArgumentParser(prog="tally", description="Schulze tally of ranked ballots (JSON).")
    parser.add_argument("ballots", help="BALLOTS.json, or - for standard input")
    parser.add_argument("--seats", type=int, default=None, help=f"seats to fill (default {DEFAULT_SEATS})")
    args = parser.parse_args(argv)
    return run(args.ballots, seats=args.seats, stdout=stdout, stderr=stderr)


def run(path: str, *, seats: int | None, stdout, stderr) -> int:
    """Reads, tallies and prints; returns the exit status (0, or 1 with a JSON error on stderr)."""
    try:
        if seats is not None and seats < 0:
            raise TallyInputError("--seats must be zero or more.", problem="malformed")
        try:
            text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
        except OSError as exc:
            raise TallyInputError(f"Cannot read {path}: {exc.strerror}.", problem="unreadable") from exc
        try:
            raw = json.loads(text)
        except ValueError as exc:
            raise TallyInputError(f"{path} is not valid JSON: {exc}.", problem="not_json") from exc
        output, warnings = tally_document(raw, seats=seats)
    except TallyInputError as exc:
        stderr.write(json.dumps(exc.as_dict()) + "\n")
        return 1
    for warning in warnings:
        stderr.write(json.dumps(warning) + "\n")
    stdout.write(json.dumps(output, indent=2) + "\n")
    return 0
