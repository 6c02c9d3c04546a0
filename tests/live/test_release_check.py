"""The live Q&A asks whether a slot is in the latest program release: one slot picked out of the snapshot
(never the snapshot itself), the same answer on PostgreSQL and SQLite, one query at any size of the program."""

import pytest

from sllm.live.selectors import slot_is_released
from sllm.program.models import Slot
from tests.live import release_check_probe as probe
from tests.release_queries import selects_snapshot
from tests.sqlite_probe import sqlite_probe

pytestmark = pytest.mark.django_db

EXPECTED = {
    "Added after the releases": False,
    "Added for the second release": True,
    "Never released": False,
    "Panel": True,
    "Talk 1": True,
    "Talk 2": True,
    "Talk 3": True,
}


def test_the_check_answers_the_same_on_postgresql_and_sqlite(tmp_path):
    probe.seed()
    on_postgresql = probe.answers()
    on_sqlite = sqlite_probe("tests/live/release_check_probe.py", tmp_path=tmp_path)
    assert on_postgresql == EXPECTED
    assert on_sqlite == EXPECTED


@pytest.mark.parametrize("talks", [3, 300])
def test_the_check_costs_one_query_at_any_number_of_slots(talks, django_assert_num_queries):
    probe.seed(talks=talks)
    slots = Slot.objects.select_related("session__edition")
    listed, late = slots.get(title="Talk 3"), slots.get(title="Added after the releases")
    with django_assert_num_queries(1) as listed_check:
        assert slot_is_released(listed) is True
    with django_assert_num_queries(1) as late_check:
        assert slot_is_released(late) is False
    for check in (listed_check, late_check):
        assert not selects_snapshot(check.captured_queries[0]["sql"])
