import json
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from sllm.program.placement import place_posters

TOPICS = ["moe", "pruning", "quant", "attention"]

posters_strategy = st.lists(
    st.fixed_dictionaries(
        {
            "topics": st.lists(st.sampled_from(TOPICS), min_size=1, max_size=2),
            "authors": st.lists(st.sampled_from([f"a{i}" for i in range(12)]), min_size=1, max_size=3, unique=True),
        }
    ),
    max_size=40,
).map(lambda rows: [{"id": index + 1, **row} for index, row in enumerate(rows)])


@settings(max_examples=150, deadline=None)
@given(posters_strategy)
def test_place_posters_every_poster_once_with_boards_numbered_from_one(posters):
    placement = place_posters(posters)
    assert sorted(placement) == [p["id"] for p in posters]
    for session in (1, 2):
        boards = sorted(spot["board"] for spot in placement.values() if spot["session"] == session)
        assert boards == list(range(1, len(boards) + 1))


@settings(max_examples=150, deadline=None)
@given(posters_strategy)
def test_place_posters_never_splits_an_author_across_sessions(posters):
    placement = place_posters(posters)
    sessions_of: dict[str, set] = {}
    for poster in posters:
        for author in poster["authors"]:
            sessions_of.setdefault(author, set()).add(placement[poster["id"]]["session"])
    assert {author: len(s) for author, s in sessions_of.items()} == {author: 1 for author in sessions_of}


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(TOPICS), max_size=40))
def test_place_posters_without_shared_authors_balances_each_topic(topics):
    posters = [{"id": i, "topics": [t], "authors": [f"solo{i}"]} for i, t in enumerate(topics)]
    placement = place_posters(posters)
    for topic in TOPICS:
        counts = [
            sum(1 for p in posters if p["topics"] == [topic] and placement[p["id"]]["session"] == s) for s in (1, 2)
        ]
        assert abs(counts[0] - counts[1]) <= 1
    sizes = [sum(1 for spot in placement.values() if spot["session"] == s) for s in (1, 2)]
    assert abs(sizes[0] - sizes[1]) <= 1


def test_place_posters_keeps_an_authors_posters_on_neighbouring_boards():
    posters = [
        {"id": 1, "topics": ["moe"], "authors": ["ada"]},
        {"id": 2, "topics": ["quant"], "authors": ["bob"]},
        {"id": 3, "topics": ["pruning"], "authors": ["ada", "cy"]},
        {"id": 4, "topics": ["moe"], "authors": ["dee"]},
    ]
    placement = place_posters(posters)
    assert placement == {
        1: {"session": 1, "board": 1},
        3: {"session": 1, "board": 2},
        2: {"session": 2, "board": 2},
        4: {"session": 2, "board": 1},
    }


def test_placement_cli_prints_the_placement(tmp_path):
    instance = tmp_path / "posters.json"
    instance.write_text(
        json.dumps(
            {
                "posters": [
                    {"id": "a", "topics": ["moe"], "authors": ["x"]},
                    {"id": "b", "topics": ["moe"], "authors": ["y"]},
                ]
            }
        )
    )
    done = subprocess.run(
        [sys.executable, "-m", "sllm.program.placement", str(instance)], capture_output=True, text=True, check=False
    )
    assert (done.returncode, json.loads(done.stdout)) == (
        0,
        {"a": {"session": 1, "board": 1}, "b": {"session": 2, "board": 1}},
    )


def test_placement_cli_refuses_a_bad_instance(tmp_path):
    instance = tmp_path / "posters.json"
    instance.write_text('{"posters": [{"topics": []}]}')
    done = subprocess.run(
        [sys.executable, "-m", "sllm.program.placement", str(instance)], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout, json.loads(done.stderr)) == (
        1,
        "",
        {"error": "invalid_instance", "message": "every poster needs an id"},
    )
