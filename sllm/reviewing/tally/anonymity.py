"""What may be published of the ballots: nothing that singles a voter out, everything the tally needs.

A ballot's conflicts (`cannot_rank`) are known to insiders (co-authors, colleagues), so a conflict pattern
held by one or two voters names them, and with them their ranking. The published document therefore keeps
a ballot's `cannot_rank` only where at least k ballots share that exact pattern; the other ballots are
published without the field, and what their conflicts did to the count goes into one aggregate,
`withheld_conflicts` (see the tally's input format), so `manage.py tally` still recomputes the stored
result exactly. The withheld ballots themselves form a group of at least k too: where they would be fewer,
the smallest published patterns join them until they are not (or until nothing is published per ballot,
when the whole election has fewer than k ballots).
"""

from collections import defaultdict

K_ANONYMITY = 3


def anonymous_ballots(ballots: list[dict], *, candidates: list, k: int = K_ANONYMITY) -> tuple[list[dict], dict]:
    """(published ballots, withheld_conflicts) from ballots {"voter", "ranking", "cannot_rank"}, in order."""
    groups: dict[frozenset, list[int]] = defaultdict(list)
    for index, ballot in enumerate(ballots):
        groups[frozenset(ballot.get("cannot_rank", []))].append(index)
    shown = {pattern for pattern, members in groups.items() if len(members) >= k}

    def withheld_count() -> int:
        return sum(len(members) for pattern, members in groups.items() if pattern not in shown)

    while shown and 0 < withheld_count() < k:
        # Deterministic, so that the same ballots always give the same document (and digest).
        smallest = min(shown, key=lambda pattern: (len(groups[pattern]), sorted(map(str, pattern))))
        shown.remove(smallest)

    order = {str(candidate): position for position, candidate in enumerate(candidates)}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    published = []
    for ballot in ballots:
        hidden = frozenset(ballot.get("cannot_rank", []))
        if hidden in shown:
            published.append({"voter": ballot["voter"], "ranking": ballot["ranking"], "cannot_rank": sorted(hidden)})
            continue
        published.append({"voter": ballot["voter"], "ranking": ballot["ranking"]})
        # Read without its conflicts, this ballot ranks each paper it ranked above each paper it could not see.
        for x in _ranked(ballot["ranking"]):
            for y in hidden:
                counts[str(x)][str(y)] += 1
    withheld = {
        x: {y: counts[x][y] for y in sorted(counts[x], key=order.__getitem__)}
        for x in sorted(counts, key=order.__getitem__)
    }
    return published, withheld


def _ranked(ranking: list) -> list:
    return [candidate for tier in ranking for candidate in (tier if isinstance(tier, list) else [tier])]
