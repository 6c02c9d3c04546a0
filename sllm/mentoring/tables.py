"""Lunch tables as a pure function: groups that must sit together, spread evenly over few tables."""

import math


class TableError(ValueError):
    """The groups cannot be seated at tables of this size."""


def seat_tables(groups: list[list], table_size: int) -> list[list]:
    """Seats every group (a mentor with their mentees, or one person) whole at one table.

    Uses as few tables as the groups allow and fills them evenly: the largest groups go first, each to
    the emptiest table it fits at, so the single people who come last even out the tables.
    """
    if table_size < 2:
        raise TableError("A lunch table needs at least 2 seats.")
    groups = [list(group) for group in groups if group]
    too_big = max((len(group) for group in groups), default=0)
    if too_big > table_size:
        raise TableError(
            f"A mentor and their mentees are {too_big} people, more than a table of {table_size} seats; "
            "raise the table size."
        )
    people = sum(len(group) for group in groups)
    count = math.ceil(people / table_size)
    order = sorted(range(len(groups)), key=lambda g: -len(groups[g]))
    while True:
        tables: list[list] = [[] for _ in range(count)]
        for g in order:
            fitting = [t for t in range(count) if len(tables[t]) + len(groups[g]) <= table_size]
            if not fitting:
                break
            emptiest = min(fitting, key=lambda t: (len(tables[t]), t))
            tables[emptiest].extend(groups[g])
        else:
            return tables
        # Whole groups did not pack into this many tables: one more always helps, up to one per group.
        count += 1
