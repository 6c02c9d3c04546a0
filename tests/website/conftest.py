# The public pages are built on the program app's fixtures.
from tests.program.conftest import _fresh_cache, room, session, speaker  # noqa: F401 -- fixtures shared with the program tests
