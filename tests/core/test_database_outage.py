"""Only a real connection failure is answered "database unavailable"; other database errors stay 500s."""

import sqlite3

import pytest
from django.db import DatabaseError, OperationalError, connection, connections

from sllm.core.errors import api_exception_handler, is_database_outage
from tests import factories
from tests.dbcut import cut_connection


def _error_of(call) -> DatabaseError:
    with pytest.raises(DatabaseError) as caught:
        call()
    return caught.value


@pytest.mark.django_db(transaction=True)
def test_a_cut_connection_is_an_outage_and_the_api_says_so(client):
    factories.EditionFactory(slug="sllm-2099")
    cut_connection()

    response = client.get("/api/v1/editions/")
    connection.close()

    assert response.status_code == 503
    assert response.json() == {
        "error": "unavailable",
        "message": "The database is unavailable; nothing was saved.",
    }


@pytest.mark.django_db(transaction=True)
def test_a_cut_connection_answers_503_on_a_page(client):
    factories.EditionFactory(slug="sllm-2099")
    cut_connection()

    response = client.get("/sllm-2099/papers/")
    connection.close()

    assert response.status_code == 503
    assert response["Retry-After"] == "30"


@pytest.mark.django_db
def test_a_query_error_on_a_live_database_is_no_outage():
    def bad_query():
        with connection.cursor() as cursor:
            cursor.execute("SELECT no_such_column FROM accounts_user")

    error = _error_of(bad_query)

    assert type(error).__name__ == "ProgrammingError"
    assert is_database_outage(error) is False
    # The API handler leaves it alone, so DRF re-raises it and the request is a 500 with the traceback logged.
    assert api_exception_handler(error, {}) is None


def test_a_database_that_cannot_be_reached_is_an_outage(django_db_blocker):
    # A throwaway alias pointed where nothing listens, made for this test only.
    connections.settings["unreachable"] = {
        **connections.settings["default"],
        "PORT": "1",  # nothing listens on port 1
        "OPTIONS": {"connect_timeout": 1},
    }
    try:
        with django_db_blocker.unblock():
            error = _error_of(connections["unreachable"].ensure_connection)
        assert type(error).__name__ == "OperationalError"
        assert is_database_outage(error) is True
    finally:
        connections["unreachable"].close()
        del connections.settings["unreachable"]


@pytest.mark.django_db
def test_a_cancelled_statement_is_no_outage():
    def slow_query():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 10")
            cursor.execute("SELECT pg_sleep(1)")

    error = _error_of(slow_query)

    assert type(error).__name__ == "OperationalError"
    assert error.__cause__.sqlstate == "57014"
    assert is_database_outage(error) is False


def test_sqlite_tells_a_missing_file_from_a_bad_query(tmp_path):
    missing = sqlite3.connect(tmp_path / "db.sqlite3")
    with pytest.raises(sqlite3.OperationalError) as bad_query:
        missing.execute("SELECT * FROM no_such_table")
    with pytest.raises(sqlite3.OperationalError) as cannot_open:
        sqlite3.connect(f"file:{tmp_path}/absent/db.sqlite3?mode=ro", uri=True)

    assert is_database_outage(_wrapped(bad_query.value)) is False
    assert is_database_outage(_wrapped(cannot_open.value)) is True


def _wrapped(driver_error):
    # What django.db.utils.DatabaseErrorWrapper raises: Django's class, the driver's error as the cause.
    error = OperationalError(*driver_error.args)
    error.__cause__ = driver_error
    return error
