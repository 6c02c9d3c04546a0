"""The cache's serializer: pickles only what this platform signed, so a planted entry runs no code.

Django's Redis cache unpickles whatever it reads. Anyone who can write to that Redis (a leaked URL, a
compromised host that shares it) could then run code in every web worker, or plant HTML in public pages.
Every value here carries an HMAC under a key derived from SECRET_KEY; a value without a valid one is
never unpickled and reads as a miss. Integers stay plain digits, as Django's own serializer keeps them,
so `incr` (the rate limits) works on the server side; an integer cannot carry code.
"""

import hmac
import logging
import pickle

from django.conf import settings
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)

MAGIC = b"sllm1:"
MAC_BYTES = 32
SALT = "sllm.core.cacheserializer"


def _mac(data: bytes) -> bytes:
    return salted_hmac(SALT, data, secret=settings.SECRET_KEY, algorithm="sha256").digest()


class SignedPickleSerializer:
    """The `serializer` of Django's RedisCache (OPTIONS), same interface as its RedisSerializer."""

    def __init__(self, protocol=None):
        self.protocol = pickle.HIGHEST_PROTOCOL if protocol is None else protocol

    def dumps(self, obj):
        if type(obj) is int:
            return obj
        data = pickle.dumps(obj, self.protocol)
        return MAGIC + _mac(data) + data

    def loads(self, data):
        try:
            return int(data)
        except ValueError:
            pass
        if not data.startswith(MAGIC) or len(data) < len(MAGIC) + MAC_BYTES:
            return self._refuse("unsigned")
        mac, payload = data[len(MAGIC) : len(MAGIC) + MAC_BYTES], data[len(MAGIC) + MAC_BYTES :]
        if not hmac.compare_digest(mac, _mac(payload)):
            return self._refuse("bad signature")
        return pickle.loads(payload)

    @staticmethod
    def _refuse(why: str):
        # A miss, not an error: the caller renders afresh and overwrites the planted value.
        logger.warning("cache value refused (%s): not written by this platform", why)
        return None
