"""What the SQL behind a reader of the program release selects: parts of the snapshot, never the snapshot."""

import re

# The snapshot as a column of a query's answer, not as the argument of the function that picks a part of it.
SNAPSHOT_COLUMN = re.compile(r'"program_programrelease"\."snapshot"(?=,\s*"|\s+FROM\b)')


def selects_snapshot(sql: str) -> bool:
    return SNAPSHOT_COLUMN.search(sql) is not None
