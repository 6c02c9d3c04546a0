"""A real, deterministic database cut: the server terminates one backend, as a restart would."""

import psycopg
from django.db import connection


def cut_connection() -> None:
    """Terminates the backend of Django's default connection, from a second connection."""
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"], port=settings["PORT"], user=settings["USER"], dbname="postgres", autocommit=True
    ) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
