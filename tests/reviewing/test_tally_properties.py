"""Properties of the Schulze tally that must hold for every profile of partial ballots (hypothesis)."""

from hypothesis import given, settings
from hypothesis import strategies as st
from schulze_condorcet import schulze_evaluate
from schulze_condorcet.strength import margin

from sllm.reviewing.tally import Ballot, Election
from sllm.reviewing.tally.schulze import tally

LETTERS = "abcdefg"


@st.composite
def tiers_of(draw, items: list) -> tuple:
    """A random weak order of `items`: a permutation cut into tie groups."""
    order = draw(st.permutations(items))
    tiers, current = [], []
    for item in order:
        current.append(item)
        if draw(st.booleans()):
            tiers.append(tuple(current))
            current = []
    if current:
        tiers.append(tuple(current))
    return tuple(tiers)


@st.composite
def ballots(draw, candidates: list, *, conflicts: bool = True, partial: bool = True) -> Ballot:
    hidden = draw(st.sets(st.sampled_from(candidates), max_size=len(candidates) - 1)) if conflicts else set()
    visible = [c for c in candidates if c not in hidden]
    ranked = draw(st.lists(st.sampled_from(visible), unique=True)) if partial else visible
    return Ballot(voter="?", ranking=draw(tiers_of(ranked)), cannot_rank=frozenset(hidden))


@st.composite
def elections(draw, *, conflicts: bool = True, partial: bool = True, max_voters: int = 12) -> Election:
    candidates = list(LETTERS[: draw(st.integers(2, 6))])
    drawn = draw(st.lists(ballots(candidates, conflicts=conflicts, partial=partial), max_size=max_voters))
    numbered = tuple(Ballot(voter=f"v{i}", ranking=b.ranking, cannot_rank=b.cannot_rank) for i, b in enumerate(drawn))
    return Election(id="e", candidates=tuple(candidates), ballots=numbered)


def _reversed(ballot: Ballot, candidates: tuple) -> Ballot:
    ranked = {c for tier in ballot.ranking for c in tier}
    unranked = tuple(c for c in candidates if c not in ranked and c not in ballot.cannot_rank)
    # The unranked-but-visible papers form the ballot's implicit bottom tier: reversed, they come first.
    flipped = ((unranked,) if unranked and ballot.ranking else ()) + tuple(reversed(ballot.ranking))
    return Ballot(voter=ballot.voter, ranking=flipped, cannot_rank=ballot.cannot_rank)


@settings(max_examples=300, deadline=None)
@given(elections())
def test_a_condorcet_winner_always_wins(election):
    result = tally(election, seats=1)
    d = result.pairwise
    condorcet = [c for c in election.candidates if all(d[c][o] > d[o][c] for o in election.candidates if o != c)]

    if condorcet:
        assert result.ranking[0] == condorcet
        assert result.winners == condorcet


@settings(max_examples=300, deadline=None)
@given(elections())
def test_reversing_every_ballot_reverses_a_strict_result(election):
    result = tally(election)
    reversed_election = Election(
        id="e",
        candidates=election.candidates,
        ballots=tuple(_reversed(b, election.candidates) for b in election.ballots),
    )

    reversed_result = tally(reversed_election)

    assert reversed_result.pairwise == {
        x: {y: result.pairwise[y][x] for y in row} for x, row in result.pairwise.items()
    }
    if all(len(tier) == 1 for tier in result.ranking):
        assert reversed_result.ranking == list(reversed(result.ranking))


@settings(max_examples=300, deadline=None)
@given(elections(), st.data())
def test_a_conflicted_voters_opinion_changes_nothing_for_pairs_they_could_not_see(election, data):
    conflicted = [i for i, b in enumerate(election.ballots) if b.cannot_rank]
    if not conflicted:
        return
    index = data.draw(st.sampled_from(conflicted))
    voter = election.ballots[index]
    visible = [c for c in election.candidates if c not in voter.cannot_rank]
    other_opinion = Ballot(voter=voter.voter, ranking=data.draw(tiers_of(visible)), cannot_rank=voter.cannot_rank)
    rest = election.ballots[:index] + election.ballots[index + 1 :]

    results = [
        tally(Election(id="e", candidates=election.candidates, ballots=ballots))
        for ballots in (election.ballots, rest, rest + (other_opinion,))
    ]

    unseen_pairs = [(x, y) for x in voter.cannot_rank for y in election.candidates if y != x]
    for x, y in unseen_pairs:
        assert {r.pairwise[x][y] for r in results} == {results[0].pairwise[x][y]}
        assert {r.pairwise[y][x] for r in results} == {results[0].pairwise[y][x]}


@settings(max_examples=200, deadline=None)
@given(elections(), st.randoms(use_true_random=False))
def test_the_order_of_ballots_never_matters(election, random):
    shuffled = list(election.ballots)
    random.shuffle(shuffled)

    assert tally(Election(id="e", candidates=election.candidates, ballots=tuple(shuffled))) == tally(election)


@settings(max_examples=300, deadline=None)
@given(elections(conflicts=False, partial=False))
def test_complete_ballots_agree_with_the_schulze_condorcet_library(election):
    votes = [">".join("=".join(tier) for tier in b.ranking) for b in election.ballots if b.ranking]

    theirs = schulze_evaluate(votes, list(election.candidates), strength=margin) if votes else None
    ours = tally(election)

    if theirs is not None:
        their_winners = sorted(theirs.split(">")[0].split("="))
        assert sorted(ours.ranking[0]) == their_winners
    else:
        assert ours.ranking == [list(election.candidates)]
