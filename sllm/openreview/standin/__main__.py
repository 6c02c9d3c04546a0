"""`python -m sllm.openreview.standin --port 0 --fixtures DIR`: serve a venue until interrupted."""

import argparse
import sys

from .server import serve


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m sllm.openreview.standin", description="A local stand-in for the OpenReview API v2."
    )
    parser.add_argument("--port", type=int, default=0, help="port to listen on; 0 picks a free one")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument(
        "--fixtures",
        help="a folder of groups.json, invitations.json, notes.json, "
        "edges.json, profiles.json, users.json (JSON lists of API entities)",
    )
    args = parser.parse_args(argv)
    serve(port=args.port, fixtures=args.fixtures, host=args.host, out=sys.stdout)


if __name__ == "__main__":
    main()
