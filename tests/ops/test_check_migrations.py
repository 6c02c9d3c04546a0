"""manage.py check_migrations: lock-taking operations on big tables are flagged before a deploy."""

import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

INDEXES = [
    {"code": "CREATE_INDEX", "message": "CREATE INDEX locks table", "table": None},
    {
        "code": "CREATE_INDEX_EXCLUSIVE",
        "message": "CREATE INDEX prolongs transaction, delaying lock release",
        "table": None,
    },
]
TABLES = {"reviewing_assignment": 0, "reviewing_conflict": 0, "reviewing_review": 0}


def test_nothing_pending_passes(capsys):
    call_command("check_migrations")

    assert json.loads(capsys.readouterr().out) == {"migrations": [], "flagged": []}


def test_an_index_on_a_big_table_is_flagged_and_fails(capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command("check_migrations", "--migration", "reviewing.0003_openreview_sync", "--big-rows", "0")

    assert exit_.value.code == 1
    assert json.loads(capsys.readouterr().out) == {
        "migrations": [
            {
                "migration": "reviewing.0003_openreview_sync",
                "issues": INDEXES,
                "tables": TABLES,
                "locks_big_tables": sorted(TABLES),
            }
        ],
        "flagged": ["reviewing.0003_openreview_sync"],
    }


def test_the_same_index_on_small_tables_only_reports(capsys):
    call_command("check_migrations", "--migration", "reviewing.0003_openreview_sync")

    report = json.loads(capsys.readouterr().out)
    assert report["flagged"] == []
    assert (report["migrations"][0]["issues"], report["migrations"][0]["locks_big_tables"]) == (INDEXES, [])


def test_new_tables_are_not_locks_on_existing_ones(capsys):
    call_command("check_migrations", "--migration", "ops.0001_heartbeats_and_backups", "--big-rows", "0")

    assert json.loads(capsys.readouterr().out)["flagged"] == []
