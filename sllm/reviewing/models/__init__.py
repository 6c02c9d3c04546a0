# Reviews, assignments and conflicts (reviews.py); oral votes and awards live beside them.
from .reviews import Assignment, Conflict, Decision, MetaReview, Reassignment, Review  # noqa: F401
from .votes import AwardNomination, Ballot, Candidate, Election, ElectionEvent, Voter  # noqa: F401
