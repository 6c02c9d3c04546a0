import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sllm.mentoring.tables import TableError, seat_tables


def test_mentors_sit_with_their_mentees_and_tables_are_even():
    groups = [["M1", "a", "b", "c"], ["M2", "d"], ["M3"], ["e"], ["f"], ["g"], ["h"]]
    tables = seat_tables(groups, 6)
    assert tables == [["M1", "a", "b", "c", "f", "h"], ["M2", "d", "M3", "e", "g"]]


def test_groups_that_do_not_pack_get_another_table():
    assert seat_tables([["A", "a", "b", "c"], ["B", "d", "e", "f"], ["C", "g", "h", "i"]], 6) == [
        ["A", "a", "b", "c"],
        ["B", "d", "e", "f"],
        ["C", "g", "h", "i"],
    ]


def test_a_group_larger_than_a_table_is_refused():
    with pytest.raises(TableError) as error:
        seat_tables([["M", "a", "b", "c", "d"]], 4)
    assert str(error.value) == (
        "A mentor and their mentees are 5 people, more than a table of 4 seats; raise the table size."
    )
    with pytest.raises(TableError):
        seat_tables([["M"]], 1)


def test_nobody_needs_no_table():
    assert seat_tables([], 8) == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(1, 5), max_size=30), st.integers(5, 10))
def test_every_group_sits_whole_no_table_overflows_and_single_people_even_out(sizes, table_size):
    groups = [[(g, k) for k in range(size)] for g, size in enumerate(sizes)]
    tables = seat_tables(groups, table_size)
    seated = [person for table in tables for person in table]
    assert sorted(seated) == sorted(person for group in groups for person in group)
    table_of = {person: t for t, table in enumerate(tables) for person in table}
    assert all(len({table_of[p] for p in group}) == 1 for group in groups)
    assert all(0 < len(table) <= table_size for table in tables)
    if all(size == 1 for size in sizes):
        assert len(tables) == math.ceil(len(sizes) / table_size)
        assert max(map(len, tables), default=0) - min(map(len, tables), default=0) <= 1
