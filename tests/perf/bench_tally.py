"""Tally time of 60 candidates and 300 ballots, against the schulze-condorcet library on the same ballots.

Two profiles: complete strict ballots (the library's home ground: same input, same answer checked),
and the realistic one (partial ballots with ties and conflicts), which the library cannot express.
Run from the repository root: python tests/perf/bench_tally.py
"""

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from schulze_condorcet import schulze_evaluate
from schulze_condorcet.strength import margin

from sllm.reviewing.tally import Ballot, Election
from sllm.reviewing.tally.schulze import tally
from tests.perf._common import write_result

CANDIDATES, BALLOTS, RUNS = 60, 300, 15


def complete_profile(rng: random.Random) -> Election:
    candidates = tuple(f"p{i}" for i in range(CANDIDATES))
    ballots = []
    for voter in range(BALLOTS):
        order = list(candidates)
        rng.shuffle(order)
        ballots.append(Ballot(voter=voter, ranking=tuple((c,) for c in order)))
    return Election(id="complete", candidates=candidates, ballots=tuple(ballots))


def partial_profile(rng: random.Random) -> Election:
    candidates = tuple(f"p{i}" for i in range(CANDIDATES))
    ballots = []
    for voter in range(BALLOTS):
        hidden = frozenset(rng.sample(candidates, rng.randint(0, 4)))
        visible = [c for c in candidates if c not in hidden]
        ranked = rng.sample(visible, rng.randint(0, len(visible)))
        tiers, i = [], 0
        while i < len(ranked):
            size = rng.choice((1, 1, 1, 2, 3))
            tiers.append(tuple(ranked[i : i + size]))
            i += size
        ballots.append(Ballot(voter=voter, ranking=tuple(tiers), cannot_rank=hidden))
    return Election(id="partial", candidates=candidates, ballots=tuple(ballots))


def timed(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    rng = random.Random(2025)
    complete, partial = complete_profile(rng), partial_profile(rng)
    ours_complete, ours_result = timed(lambda: tally(complete, seats=4), RUNS)
    ours_partial, _ = timed(lambda: tally(partial, seats=4), RUNS)
    votes = [">".join(tier[0] for tier in b.ranking) for b in complete.ballots]
    # One run: the reference library takes tens of seconds at this size.
    library, theirs = timed(lambda: schulze_evaluate(votes, list(complete.candidates), strength=margin), 1)
    their_winners = sorted(theirs.split(">")[0].split("="))
    assert sorted(ours_result.ranking[0]) == their_winners, (ours_result.ranking[0], their_winners)
    write_result(
        "tally",
        {
            "candidates": CANDIDATES,
            "ballots": BALLOTS,
            "ours_complete_ballots_s": ours_complete,
            "ours_partial_ballots_with_conflicts_s": ours_partial,
            "schulze_condorcet_library_complete_ballots_s": library,
            "speedup_over_library_same_ballots": library / ours_complete,
            "same_winners_as_library": True,
        },
    )


if __name__ == "__main__":
    main()
