# Reviews, assignments and conflicts (reviews.py); oral votes and awards live beside them.
from .reviews import Assignment, Conflict, Decision, MetaReview, Reassignment, ReassignmentWrite, Review
from .votes import AwardNomination, Ballot, Candidate, Election, ElectionEvent, Voter

__all__ = [
    "Assignment",
    "AwardNomination",
    "Ballot",
    "Candidate",
    "Conflict",
    "Decision",
    "Election",
    "ElectionEvent",
    "MetaReview",
    "Reassignment",
    "ReassignmentWrite",
    "Review",
    "Voter",
]
