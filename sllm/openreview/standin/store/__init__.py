"""The stand-in's state and its read/write semantics, independent of HTTP.

Each public method takes the parsed query (a dict of strings) and the caller's transitive groups and
returns the JSON body the API would answer, or raises ApiError with the API's error body.
"""

from .common import KINDS, MAX_LIMIT, ApiError
from .core import StoreCore
from .edges import EdgesMixin
from .notes import NotesMixin
from .profiles import ProfilesMixin


class Store(NotesMixin, EdgesMixin, ProfilesMixin, StoreCore):
    """The whole store: its state (core.py) and the routes' semantics, one module per entity family."""


__all__ = ["KINDS", "MAX_LIMIT", "ApiError", "Store"]
