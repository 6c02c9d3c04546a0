"""The Schulze tally on partial ballots: a pure function over plain data, no Django.

Semantics (issue "Oral selection"):
- a ballot is an ordered list of tiers; the papers a voter could see but left unranked tie below every
  paper they ranked;
- a paper the voter cannot rank (a conflict) takes no part in any of that voter's pairwise comparisons:
  only voters who could see both x and y count for the pair (x, y);
- an empty ballot counts nothing;
- link strength is the margin d[x][y] - d[y][x] when positive; path strength is the widest path;
- x is ranked above y when p[x][y] > p[y][x]. That relation is transitive (Schulze 2011, section 4.1),
  so the order is built in tiers: each tier holds the remaining candidates that no remaining candidate
  beats. Within a tier, candidates keep the order in which the election lists them.
- winners are the candidates of the tiers that fit entirely within the seats; a tier that straddles the
  cut is reported (`tied_at_cut`) for the organizers to decide and is never broken here.

    python -m sllm.reviewing.tally BALLOTS.json [--seats K]   (also `manage.py tally`)

Input: {"id", "candidates": [...], "ballots": [{"voter", "ranking": [id or [tied ids], ...],
"cannot_rank": [ids]}]} or {"elections": [such objects]}; output: {"<id>": {"ranking": [[tier], ...],
"pairwise": {x: {y: count}}, "winners": [...]}}.
"""

import argparse
import json
import sys
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

import numpy as np

DEFAULT_SEATS = 4

Candidate = Hashable  # a str or an int, as the input names it


class TallyInputError(ValueError):
    """Input the tally refuses; `as_dict()` is the JSON printed on stderr."""

    def __init__(self, message: str, *, problem: str, election=None, voter=None, candidate=None):
        super().__init__(message)
        self.message = message
        self.problem = problem
        self.election = election
        self.voter = voter
        self.candidate = candidate

    def as_dict(self) -> dict:
        error = {
            "error": "invalid_ballot" if self.voter is not None else "invalid_input",
            "problem": self.problem,
            "message": self.message,
        }
        if self.election is not None:
            error["election"] = self.election
        if self.voter is not None:
            error["voter"] = self.voter
        if self.candidate is not None:
            error["candidate"] = self.candidate
        return error


@dataclass(frozen=True)
class Ballot:
    voter: Candidate
    ranking: tuple[tuple[Candidate, ...], ...]
    cannot_rank: frozenset = field(default_factory=frozenset)


@dataclass(frozen=True)
class Election:
    id: Candidate
    candidates: tuple[Candidate, ...]
    ballots: tuple[Ballot, ...]
    seats: int | None = None


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


def _is_id(value) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool)


def _check_id(value, *, where: str, election, voter=None) -> None:
    if not _is_id(value):
        raise TallyInputError(
            f"{where}: {json.dumps(value)} is not a candidate id (a string or an integer).",
            problem="malformed",
            election=election,
            voter=voter,
        )


def parse_ballot(raw, *, candidates: frozenset, election) -> Ballot:
    """Validates one ballot against the election's candidates; errors name the voter and the problem."""
    if not isinstance(raw, dict):
        raise TallyInputError(
            "A ballot must be an object with voter, ranking and cannot_rank.",
            problem="malformed",
            election=election,
        )
    voter = raw.get("voter")
    if not _is_id(voter):
        raise TallyInputError(
            "Every ballot needs a voter (a string or an integer).", problem="malformed", election=election
        )
    ranking = raw.get("ranking")
    cannot_rank = raw.get("cannot_rank", [])
    if not isinstance(ranking, list) or not isinstance(cannot_rank, list):
        raise TallyInputError(
            f"Voter {voter}: ranking and cannot_rank must be lists.",
            problem="malformed",
            election=election,
            voter=voter,
        )
    hidden: set = set()
    for item in cannot_rank:
        _check_id(item, where=f"Voter {voter}, cannot_rank", election=election, voter=voter)
        if item not in candidates:
            raise TallyInputError(
                f"Voter {voter}: cannot_rank names {item!r}, which is not a candidate.",
                problem="unknown_candidate",
                election=election,
                voter=voter,
                candidate=item,
            )
        if item in hidden:
            raise TallyInputError(
                f"Voter {voter}: cannot_rank names {item!r} twice.",
                problem="repeated_candidate",
                election=election,
                voter=voter,
                candidate=item,
            )
        hidden.add(item)
    tiers, seen = [], set()
    for item in ranking:
        tier = item if isinstance(item, list) else [item]
        if not tier:
            raise TallyInputError(
                f"Voter {voter}: the ranking holds an empty tie group.",
                problem="malformed",
                election=election,
                voter=voter,
            )
        for candidate in tier:
            _check_id(candidate, where=f"Voter {voter}, ranking", election=election, voter=voter)
            if candidate not in candidates:
                raise TallyInputError(
                    f"Voter {voter} ranks {candidate!r}, which is not a candidate.",
                    problem="unknown_candidate",
                    election=election,
                    voter=voter,
                    candidate=candidate,
                )
            if candidate in seen:
                raise TallyInputError(
                    f"Voter {voter} ranks {candidate!r} more than once.",
                    problem="repeated_candidate",
                    election=election,
                    voter=voter,
                    candidate=candidate,
                )
            if candidate in hidden:
                raise TallyInputError(
                    f"Voter {voter} ranks {candidate!r}, which they cannot rank (a conflict).",
                    problem="conflicted_candidate_ranked",
                    election=election,
                    voter=voter,
                    candidate=candidate,
                )
            seen.add(candidate)
        tiers.append(tuple(tier))
    return Ballot(voter=voter, ranking=tuple(tiers), cannot_rank=frozenset(hidden))


def parse_election(raw) -> Election:
    if not isinstance(raw, dict):
        raise TallyInputError("An election must be an object with id, candidates and ballots.", problem="malformed")
    election = raw.get("id")
    if not _is_id(election):
        raise TallyInputError("Every election needs an id (a string or an integer).", problem="malformed")
    candidates, ballots = raw.get("candidates"), raw.get("ballots")
    if not isinstance(candidates, list) or not isinstance(ballots, list):
        raise TallyInputError(
            f"Election {election}: candidates and ballots must be lists.",
            problem="malformed",
            election=election,
        )
    keys: dict[str, Candidate] = {}
    for candidate in candidates:
        _check_id(candidate, where=f"Election {election}, candidates", election=election)
        # The output names candidates as JSON object keys, where 7 and "7" would collide.
        if str(candidate) in keys:
            raise TallyInputError(
                f"Election {election} lists the candidate {candidate!r} more than once.",
                problem="repeated_candidate",
                election=election,
                candidate=candidate,
            )
        keys[str(candidate)] = candidate
    seats = raw.get("seats")
    if seats is not None and (not isinstance(seats, int) or isinstance(seats, bool) or seats < 0):
        raise TallyInputError(
            f"Election {election}: seats must be a non-negative integer.",
            problem="malformed",
            election=election,
        )
    known = frozenset(candidates)
    parsed, voters = [], set()
    for raw_ballot in ballots:
        ballot = parse_ballot(raw_ballot, candidates=known, election=election)
        if ballot.voter in voters:
            raise TallyInputError(
                f"Voter {ballot.voter} has more than one ballot.",
                problem="repeated_voter",
                election=election,
                voter=ballot.voter,
            )
        voters.add(ballot.voter)
        parsed.append(ballot)
    return Election(id=election, candidates=tuple(candidates), ballots=tuple(parsed), seats=seats)


def parse_input(raw) -> list[Election]:
    """One election object, or {"elections": [...]} of them with distinct ids."""
    if isinstance(raw, dict) and "elections" in raw:
        if not isinstance(raw["elections"], list):
            raise TallyInputError("elections must be a list of election objects.", problem="malformed")
        elections = [parse_election(item) for item in raw["elections"]]
    else:
        elections = [parse_election(raw)]
    ids = [str(e.id) for e in elections]
    for election_id in ids:
        if ids.count(election_id) > 1:
            raise TallyInputError(
                f"The election id {election_id} appears more than once.",
                problem="repeated_election",
                election=election_id,
            )
    return elections


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


def main(argv: list[str] | None = None, *, stdout=None, stderr=None) -> int:
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    parser = argparse.ArgumentParser(prog="tally", description="Schulze tally of ranked ballots (JSON).")
    parser.add_argument("ballots", help="BALLOTS.json, or - for standard input")
    parser.add_argument("--seats", type=int, default=None, help=f"seats to fill (default {DEFAULT_SEATS})")
    args = parser.parse_args(argv)
    return run(args.ballots, seats=args.seats, stdout=stdout, stderr=stderr)


def run(path: str, *, seats: int | None, stdout, stderr) -> int:
    """Reads, tallies and prints; returns the exit status (0, or 1 with a JSON error on stderr)."""
    try:
        if seats is not None and seats < 0:
            raise TallyInputError("--seats must be zero or more.", problem="malformed")
        try:
            text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
        except OSError as exc:
            raise TallyInputError(f"Cannot read {path}: {exc.strerror}.", problem="unreadable") from exc
        try:
            raw = json.loads(text)
        except ValueError as exc:
            raise TallyInputError(f"{path} is not valid JSON: {exc}.", problem="not_json") from exc
        output, warnings = tally_document(raw, seats=seats)
    except TallyInputError as exc:
        stderr.write(json.dumps(exc.as_dict()) + "\n")
        return 1
    for warning in warnings:
        stderr.write(json.dumps(warning) + "\n")
    stdout.write(json.dumps(output, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
