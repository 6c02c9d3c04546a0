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
"cannot_rank": [ids]}], "withheld_conflicts": {x: {y: n}}} or {"elections": [such objects]}, where
`cannot_rank` and `withheld_conflicts` are optional. `withheld_conflicts` is the aggregate that stands in
for conflicts not published per ballot (a conflict pattern would single a voter out): n ballots without
their conflicts ranked x while unable to rank y, so n is taken off pairwise[x][y] (read as plain ballots,
they would count x above y). Output: {"<id>": {"ranking": [[tier], ...],
"pairwise": {x: {y: count}}, "winners": [...]}}.

The package exports the input side (parsing and its errors), which the web process needs to check a ballot.
The tally itself is in `.schulze` and the command line in `.cli`: both load NumPy, so only what runs a tally
(the tally job, `manage.py tally`) imports them.
"""

from .inputs import Ballot, Candidate, Election, TallyInputError, parse_ballot, parse_election, parse_input

__all__ = [
    "Ballot",
    "Candidate",
    "Election",
    "TallyInputError",
    "parse_ballot",
    "parse_election",
    "parse_input",
]
