"""From OpenReview's entities (plain dicts, as the gateway returns them) to the platform's terms.

Pure functions, no Django: the venue layout of openreview-api.md §6, status from `content.venueid`,
reviews told apart by invitation suffix and de-anonymised through the anonymous groups, ratings from
integers or strings such as "8: accept". Anything malformed becomes a warning, never an exception.
"""

from .data import (
    DecisionData,
    EdgeData,
    MetaReviewData,
    PaperData,
    ReviewData,
    Snapshot,
    SyncOptions,
)
from .decisions import default_verdict, mapping_errors, verdict_key, verdict_of
from .notes import anonymous_members, paper_from_note, replies_of
from .snapshot import edges_of
from .values import DEFAULT_YES, is_yes, parse_score, student_flag, value_of, was_edited
from .venue import VenueKeys, status_of, venue_keys

__all__ = [
    "DEFAULT_YES",
    "DecisionData",
    "EdgeData",
    "MetaReviewData",
    "PaperData",
    "ReviewData",
    "Snapshot",
    "SyncOptions",
    "VenueKeys",
    "anonymous_members",
    "default_verdict",
    "edges_of",
    "is_yes",
    "mapping_errors",
    "paper_from_note",
    "parse_score",
    "replies_of",
    "status_of",
    "student_flag",
    "value_of",
    "venue_keys",
    "verdict_key",
    "verdict_of",
    "was_edited",
]
