# Reviews, assignments and conflicts (reviews.py); oral votes and awards live beside them.
from .decisions import DecisionEvent, StudentEligibilityCorrection
from .reviews import (
    REVIEWS_PER_PAPER,
    Assignment,
    Conflict,
    Decision,
    MetaReview,
    Reassignment,
    ReassignmentWrite,
    Review,
)
from .votes import TALLY_JOB, AwardNomination, Ballot, Candidate, Vote, VoteEvent, Voter

__all__ = [
    "REVIEWS_PER_PAPER",
    "Assignment",
    "AwardNomination",
    "Ballot",
    "Candidate",
    "Conflict",
    "Decision",
    "DecisionEvent",
    "TALLY_JOB",
    "Vote",
    "VoteEvent",
    "MetaReview",
    "Reassignment",
    "ReassignmentWrite",
    "Review",
    "StudentEligibilityCorrection",
    "Voter",
]
