"""The Schulze method on partial ballots: pairwise counts, widest paths, tiers and the cut."""

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from .inputs import Ballot, Election, TallyInputError, parse_input

DEFAULT_SEATS = 4


@dataclass(frozen=True)
class Result:
    ranking: list[list]
    pairwise: dict
    winners: list
    # A tier that straddles the cut and how many seats remain for it: the organizers decide.
    tied_at_cut: list
    seats_left: int
    seats: int

    def as_json(self) -> dict:
        """The CLI's per-election output, exactly as the issue fixes it."""
        return {"ranking": self.ranking, "pairwise": self.pairwise, "winners": self.winners}


# Ballots compared at once: bounds the (ballots x n x n) comparison to a few MiB whatever the election's size.
_COMPARISON_CELLS = 1 << 22


def pairwise_counts(candidates: tuple, ballots: Iterable[Ballot]) -> np.ndarray:
    """d[i, j]: how many voters who could see both i and j ranked i strictly above j.

    Each ballot becomes a row of tier positions (unranked but visible candidates share one tier below all
    ranked ones) and a row of visibility; the comparisons then run on whole blocks of ballots at once.
    """
    index = {c: i for i, c in enumerate(candidates)}
    n = len(candidates)
    counted = [ballot for ballot in ballots if ballot.ranking]
    d = np.zeros((n, n), dtype=np.int64)
    if not counted or not n:
        return d
    # Flat lists built by comprehensions, then placed with one fancy-index each: no per-candidate numpy call.
    columns = [index[candidate] for ballot in counted for tier in ballot.ranking for candidate in tier]
    tier_sizes = [len(tier) for ballot in counted for tier in ballot.ranking]
    tier_rows = [row for row, ballot in enumerate(counted) for _ in ballot.ranking]
    tier_numbers = [number for ballot in counted for number in range(len(ballot.ranking))]
    position = np.repeat(np.array([len(ballot.ranking) for ballot in counted], dtype=np.int32)[:, None], n, axis=1)
    position[np.repeat(tier_rows, tier_sizes), columns] = np.repeat(tier_numbers, tier_sizes)
    visible = np.ones((len(counted), n), dtype=bool)
    hidden = [(row, index[candidate]) for row, ballot in enumerate(counted) for candidate in ballot.cannot_rank]
    if hidden:
        visible[tuple(np.array(hidden).T)] = False
    block = max(1, _COMPARISON_CELLS // (n * n))
    for start in range(0, len(counted), block):
        p, v = position[start : start + block], visible[start : start + block]
        above = (p[:, :, None] < p[:, None, :]) & v[:, :, None] & v[:, None, :]
        d += above.sum(axis=0, dtype=np.int64)
    return d


def strongest_paths(d: np.ndarray) -> np.ndarray:
    """Widest paths over links whose strength is the positive margin (Floyd–Warshall, one vector step per k)."""
    margins = d - d.T
    p = np.where(margins > 0, margins, 0)
    for k in range(len(p)):
        np.maximum(p, np.minimum(p[:, k : k + 1], p[k : k + 1, :]), out=p)
    return p


def schulze_tiers(candidates: tuple, d: np.ndarray) -> list[list]:
    p = strongest_paths(d)
    beats = p > p.T
    remaining = np.arange(len(candidates))
    tiers = []
    while remaining.size:
        # The remaining candidates that no remaining candidate beats, in the election's order.
        unbeaten = ~beats[np.ix_(remaining, remaining)].any(axis=0)
        tiers.append([candidates[j] for j in remaining[unbeaten]])
        remaining = remaining[~unbeaten]
    return tiers


def cut(tiers: list[list], seats: int) -> tuple[list, list, int]:
    """(winners, tier straddling the cut, seats left for it); ties at the cut are never broken here."""
    winners: list = []
    for tier in tiers:
        if len(winners) + len(tier) <= seats:
            winners.extend(tier)
            continue
        if len(winners) < seats:
            return winners, list(tier), seats - len(winners)
        break
    return winners, [], 0


def tally(election: Election, *, seats: int | None = None) -> Result:
    """The full Schulze order in tiers, the pairwise counts and the winners for `seats` places."""
    seats = seats if seats is not None else (election.seats if election.seats is not None else DEFAULT_SEATS)
    d = pairwise_counts(election.candidates, election.ballots)
    index = {c: i for i, c in enumerate(election.candidates)}
    for (x, y), count in election.withheld:
        if d[index[x], index[y]] < count:
            raise TallyInputError(
                f"Election {election.id}: withheld_conflicts takes {count} off ({x}, {y}), "
                f"but only {int(d[index[x], index[y]])} ballots rank {x} above {y}.",
                problem="withheld_exceeds_ballots",
                election=election.id,
                candidate=x,
            )
        d[index[x], index[y]] -= count
    tiers = schulze_tiers(election.candidates, d)
    winners, tied, seats_left = cut(tiers, seats)
    counts = d.tolist()
    pairwise = {
        c: {o: counts[i][j] for j, o in enumerate(election.candidates) if j != i}
        for i, c in enumerate(election.candidates)
    }
    return Result(
        ranking=tiers,
        pairwise=pairwise,
        winners=winners,
        tied_at_cut=tied,
        seats_left=seats_left,
        seats=seats,
    )


def tally_document(raw, *, seats: int | None = None) -> tuple[dict, list[dict]]:
    """The CLI's whole job on parsed JSON: (output, warnings about ties at the cut)."""
    output, warnings = {}, []
    for election in parse_input(raw):
        result = tally(election, seats=seats)
        output[str(election.id)] = result.as_json()
        if result.tied_at_cut:
            warnings.append(
                {
                    "warning": "tie_at_cut",
                    "election": election.id,
                    "tied": result.tied_at_cut,
                    "seats_left": result.seats_left,
                    "message": f"{len(result.tied_at_cut)} candidates tie for the last {result.seats_left} "
                    f"of {result.seats} seats; the organizers decide.",
                }
            )
    return output, warnings
