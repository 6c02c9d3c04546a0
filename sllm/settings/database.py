"""The database, Redis and the cache built on it."""

import dj_database_url

from sllm.settings.env import env_bool, env_int, env_str

# Tests and production run on PostgreSQL; `make demo` passes a SQLite URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sllm"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A hung or unreachable database must fail fast (answered as 503), not hold a worker.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int("DB_CONNECT_TIMEOUT", 3)

REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
# Short socket timeouts: a hung Redis must never hang a web request.
REDIS_SOCKET_TIMEOUT = float(env_str("REDIS_SOCKET_TIMEOUT", "2"))
# The page cache and rate-limit counters: in production a Redis of its own, apart from the Celery broker
# (deploy/env.example), and read through a serializer that unpickles only values this platform signed.
CACHE_REDIS_URL = env_str("CACHE_REDIS_URL", REDIS_URL)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_REDIS_URL,
        "OPTIONS": {
            "serializer": "sllm.core.cacheserializer.SignedPickleSerializer",
            "socket_timeout": REDIS_SOCKET_TIMEOUT,
            "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
        },
    }
    if env_bool("USE_REDIS_CACHE", True)
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Whole-page caching of anonymous public pages (website app); off renders every page from the database
# (the uncached-pages benchmark, or looking into a page that seems stale).
PUBLIC_PAGE_CACHE = env_bool("PUBLIC_PAGE_CACHE", True)
