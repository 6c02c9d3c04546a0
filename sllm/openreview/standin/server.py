"""The running stand-in: a threaded HTTP server around the handler (handler.py) and its shared state."""

import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

from .attachments import load_attachments
from .handler import Handler
from .state import State
from .store import Store


class StandIn:
    """A running stand-in on 127.0.0.1 (port 0 picks a free one), served by threads."""

    def __init__(
        self,
        *,
        fixtures: str | Path | None = None,
        port: int = 0,
        host: str = "127.0.0.1",
        store: Store | None = None,
    ):
        self.store = store or Store()
        if fixtures:
            self.store.load_dir(fixtures)
        self.state = State(self.store)
        if fixtures:
            self.state.attachments.update(load_attachments(fixtures))
        handler = type("BoundHandler", (Handler,), {"state": self.state})
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "StandIn":
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="openreview-standin", daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self.thread:
            self.thread.join(timeout=5)

    def __enter__(self) -> "StandIn":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def serve(*, port: int, fixtures: str | None, host: str = "127.0.0.1", out=None) -> None:
    standin = StandIn(fixtures=fixtures, port=port, host=host)
    # The chosen port goes out first, so a caller that passed --port 0 can read where to connect.
    print(standin.url, file=out, flush=True)
    try:
        standin.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        standin.httpd.server_close()
