"""Files stored inside a transaction: kept only if it commits; the file they replace goes only then.

Django runs code after a commit (transaction.on_commit) but offers no hook for a rollback, so a service
that stores files opens its transaction with `atomic_with_files()` instead of `transaction.atomic()`:
a file announced with `file_stored` inside it is deleted when the block ends in an exception (a write
that failed after the file was saved, or the commit itself). Nested blocks hand their files outwards,
so a file is deleted when whichever transaction it belongs to rolls back.
"""

import threading
from contextlib import contextmanager

from django.db import transaction

_local = threading.local()


def _frames() -> list[list]:
    if not hasattr(_local, "frames"):
        _local.frames = []
    return _local.frames


def file_stored(*, storage, name: str, replaces: str | None = None) -> None:
    """Call right after saving `name` to `storage`; `replaces` is deleted once the transaction commits."""
    frames = _frames()
    if not frames:
        # Without a frame a rollback would leave the file behind; refuse rather than orphan it silently.
        storage.delete(name)
        raise RuntimeError("Store files inside sllm.core.storage.atomic_with_files().")
    frames[-1].append((storage, name))
    if replaces and replaces != name:
        transaction.on_commit(lambda: storage.delete(replaces))


@contextmanager
def atomic_with_files():
    """transaction.atomic() that deletes the files stored inside it (file_stored) if it does not commit."""
    frames = _frames()
    frames.append([])
    try:
        with transaction.atomic():
            yield
    except BaseException:
        for storage, name in frames.pop():
            storage.delete(name)
        raise
    stored = frames.pop()
    if frames:
        frames[-1].extend(stored)
