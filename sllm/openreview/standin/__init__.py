"""A local stand-in for the OpenReview API v2, for tests, the demo and the benchmark.

The real openreview-py client talks to it over loopback. It imports no Django: it fakes an outside
system, it is no part of the platform. State is an in-memory store of API entities loaded from
fixture files (plain JSON lists); tests change it only through the /__standin__/ control routes.
"""

from .server import StandIn, serve
from .store import Store

__all__ = ["StandIn", "Store", "serve"]
