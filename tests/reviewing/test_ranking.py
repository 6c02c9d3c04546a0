"""The replacement ranking: a pure function of plain data (hypothesis for its promises)."""

import json

from hypothesis import given
from hypothesis import strategies as st

from sllm.reviewing.ranking import Candidate, Ranked, main, rank_replacements

WORDS = ["sparse", "attention", "pruning", "quantization", "experts", "kernels", "lottery", "adapters"]


def test_topical_affinity_and_load_decide_the_order():
    candidates = [
        Candidate(key="a", name="Attention person", load=1, texts=("sparse attention heads attention",)),
        Candidate(key="b", name="Quantization person", load=1, texts=("quantization of kernels",)),
        Candidate(key="c", name="Busy attention person", load=6, texts=("sparse attention", "attention maps")),
        Candidate(key="d", name="Conflicted", load=0, texts=("sparse attention",), excluded="conflict"),
    ]
    ranked = rank_replacements(paper_text="Sparse attention for long contexts", candidates=candidates)
    assert [r.key for r in ranked] == ["a", "b", "c"]
    assert ranked[1] == Ranked(key="b", name="Quantization person", load=1, affinity=0.0, score=-0.083333)


candidate_lists = st.lists(
    st.builds(
        Candidate,
        key=st.text("abcdef", min_size=1, max_size=4),
        name=st.just("x"),
        load=st.integers(0, 20),
        texts=st.lists(st.sampled_from(WORDS), max_size=4).map(tuple),
        excluded=st.sampled_from(["", "", "conflict", "assigned", "author"]),
    ),
    max_size=12,
    unique_by=lambda c: c.key,
)


@given(
    candidates=candidate_lists,
    paper=st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join),
    limit=st.integers(0, 15),
)
def test_never_proposes_an_excluded_candidate_and_is_sorted(candidates, paper, limit):
    ranked = rank_replacements(paper_text=paper, candidates=candidates, limit=limit)
    eligible = {c.key for c in candidates if not c.excluded}
    assert {r.key for r in ranked} <= eligible
    assert len(ranked) == min(limit, len(eligible))
    assert [(-r.score, r.load, r.key) for r in ranked] == sorted((-r.score, r.load, r.key) for r in ranked)
    assert all(0.0 <= r.affinity <= 1.000001 for r in ranked)


@given(candidates=candidate_lists)
def test_with_no_text_the_lightest_load_comes_first(candidates):
    ranked = rank_replacements(paper_text="", candidates=candidates)
    assert [r.load for r in ranked] == sorted(r.load for r in ranked)


def test_the_cli_prints_the_ranking(tmp_path, capsys):
    instance = tmp_path / "instance.json"
    instance.write_text(
        json.dumps(
            {
                "paper": "pruning",
                "limit": 1,
                "candidates": [
                    {"key": "1", "name": "P", "load": 0, "texts": ["pruning"]},
                    {"key": "2", "name": "Q", "load": 0, "texts": ["kernels"]},
                ],
            }
        )
    )
    assert main([str(instance)]) == 0
    assert json.loads(capsys.readouterr().out) == [{"key": "1", "name": "P", "load": 0, "affinity": 1.0, "score": 1.0}]
    assert main([str(tmp_path / "missing.json")]) == 1
    assert json.loads(capsys.readouterr().err)["error"] == "invalid_instance"
