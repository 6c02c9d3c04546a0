"""Placing accepted posters into poster session 1 or 2 with board numbers: a pure function with a CLI.

Posters that share an author form one group and always go to the same session, on neighbouring
boards, so that no author has to present in both sessions; groups are then spread over the two
sessions so that every topic, and the session sizes, come out as even as the groups allow.

    python -m sllm.program.placement INSTANCE.json   # {"posters": [{"id", "topics", "authors"}]}
"""

import json
import sys
from collections import Counter


def _author_groups(posters: list[dict]) -> list[list[dict]]:
    parent = list(range(len(posters)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with_author: dict[str, int] = {}
    for index, poster in enumerate(posters):
        for author in poster.get("authors", []):
            if author in first_with_author:
                parent[find(index)] = find(first_with_author[author])
            else:
                first_with_author[author] = index
    groups: dict[int, list[dict]] = {}
    for index, poster in enumerate(posters):
        groups.setdefault(find(index), []).append(poster)
    return list(groups.values())


def _topic(poster: dict) -> str:
    topics = poster.get("topics") or []
    return topics[0] if topics else ""


def place_posters(posters: list[dict]) -> dict:
    """Returns {poster id: {"session": 1|2, "board": n}}; boards run 1..n within each session."""
    groups = _author_groups(sorted(posters, key=lambda p: str(p["id"])))
    # Big groups first (the small ones then even out what they unbalanced); a topic's groups in a row, so
    # that they alternate between the sessions.
    groups.sort(key=lambda g: (-len(g), min(_topic(p) for p in g), str(g[0]["id"])))
    sizes = {1: 0, 2: 0}
    topics = {1: Counter(), 2: Counter()}
    chosen: dict[int, list[list[dict]]] = {1: [], 2: []}
    for group in groups:
        group_topics = Counter(_topic(p) for p in group)

        # Bound as defaults: min() below calls it at once, but the names change on the next pass.
        def cost(session: int, group=group, group_topics=group_topics) -> tuple:
            other = 2 if session == 1 else 1
            topic_gap = sum(abs(topics[session][t] + n - topics[other][t]) for t, n in group_topics.items())
            size_gap = abs(sizes[session] + len(group) - sizes[other])
            return (topic_gap, size_gap, session)

        session = min((1, 2), key=cost)
        chosen[session].append(group)
        sizes[session] += len(group)
        topics[session].update(group_topics)
    placement = {}
    for session, session_groups in chosen.items():
        # Boards run by topic, so a topic's posters hang together; an author's posters stay adjacent.
        session_groups.sort(key=lambda g: (min(_topic(p) for p in g), str(g[0]["id"])))
        board = 0
        for group in session_groups:
            for poster in sorted(group, key=lambda p: (_topic(p), str(p["id"]))):
                board += 1
                placement[poster["id"]] = {"session": session, "board": board}
    return placement


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(
            json.dumps({"error": "usage", "message": "usage: python -m sllm.program.placement INSTANCE.json"}),
            file=sys.stderr,
        )
        return 2
    try:
        with open(argv[0]) as handle:
            instance = json.load(handle)
        posters = instance["posters"]
        if not isinstance(posters, list) or any("id" not in p for p in posters):
            raise ValueError("every poster needs an id")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(json.dumps({"error": "invalid_instance", "message": str(exc)}), file=sys.stderr)
        return 1
    result = place_posters(posters)
    print(json.dumps({str(key): value for key, value in result.items()}, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
