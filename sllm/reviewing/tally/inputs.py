"""The tally's input: the ballots and elections as plain data, validated with errors that name the voter."""

import json
from collections.abc import Hashable
from dataclasses import dataclass, field

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
    # ((x, y), n): taken off d[x][y]; see "withheld_conflicts" in the module docstring.
    withheld: tuple = ()


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
    withheld = parse_withheld(raw.get("withheld_conflicts", {}), keys=keys, election=election)
    return Election(id=election, candidates=tuple(candidates), ballots=tuple(parsed), seats=seats, withheld=withheld)


def parse_withheld(raw, *, keys: dict, election) -> tuple:
    """{x: {y: n}} with candidate ids as JSON keys and positive counts, as sorted ((x, y), n) pairs."""

    def refuse(message: str, candidate=None):
        return TallyInputError(
            f"Election {election}, withheld_conflicts: {message}",
            problem="unknown_candidate" if candidate is not None else "malformed",
            election=election,
            candidate=candidate,
        )

    if not isinstance(raw, dict):
        raise refuse("must be an object of objects of counts.")
    pairs = []
    for x, row in raw.items():
        if x not in keys:
            raise refuse(f"{x!r} is not a candidate.", candidate=x)
        if not isinstance(row, dict):
            raise refuse(f"the entry of {x!r} must be an object of counts.")
        for y, count in row.items():
            if y not in keys or y == x:
                raise refuse(f"{y!r} is not another candidate.", candidate=y)
            if not isinstance(count, int) or isinstance(count, bool) or count < 1:
                raise refuse(f"the count for ({x}, {y}) must be a positive integer.")
            pairs.append(((keys[x], keys[y]), count))
    return tuple(pairs)


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
