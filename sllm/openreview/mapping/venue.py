"""The venue layout of openreview-api.md §6: every id and name the sync needs, and status from `venueid`."""

from dataclasses import dataclass


@dataclass
class VenueKeys:
    venue_id: str
    submission_id: str
    submission_venue_id: str
    rejected_venue_id: str
    withdrawn_venue_id: str
    desk_rejected_venue_id: str
    reviewers_id: str
    area_chairs_id: str
    reviewers_conflict_id: str
    area_chairs_conflict_id: str
    reviewers_assignment_id: str
    area_chairs_assignment_id: str
    review_name: str
    meta_review_name: str
    decision_name: str
    review_rating: str
    review_confidence: str
    meta_review_recommendation: str
    decision_field_name: str


def venue_keys(venue_id: str, content: dict) -> VenueKeys:
    """Every id and name the sync needs, read from the venue group with the documented defaults."""
    v = venue_id

    def get(key: str, default: str) -> str:
        value = content.get(key)
        return value if isinstance(value, str) and value else default

    return VenueKeys(
        venue_id=v,
        submission_id=get("submission_id", f"{v}/-/Submission"),
        submission_venue_id=get("submission_venue_id", f"{v}/Submission"),
        rejected_venue_id=get("rejected_venue_id", f"{v}/Rejected_Submission"),
        withdrawn_venue_id=get("withdrawn_venue_id", f"{v}/Withdrawn_Submission"),
        desk_rejected_venue_id=get("desk_rejected_venue_id", f"{v}/Desk_Rejected_Submission"),
        reviewers_id=get("reviewers_id", f"{v}/Reviewers"),
        area_chairs_id=get("area_chairs_id", f"{v}/Area_Chairs"),
        reviewers_conflict_id=get("reviewers_conflict_id", f"{v}/Reviewers/-/Conflict"),
        area_chairs_conflict_id=get("area_chairs_conflict_id", f"{v}/Area_Chairs/-/Conflict"),
        reviewers_assignment_id=get("reviewers_assignment_id", f"{v}/Reviewers/-/Assignment"),
        area_chairs_assignment_id=get("area_chairs_assignment_id", f"{v}/Area_Chairs/-/Assignment"),
        review_name=get("review_name", "Official_Review"),
        meta_review_name=get("meta_review_name", "Meta_Review"),
        decision_name=get("decision_name", "Decision"),
        review_rating=get("review_rating", "rating"),
        review_confidence=get("review_confidence", "confidence"),
        meta_review_recommendation=get("meta_review_recommendation", "recommendation"),
        decision_field_name=get("decision_field_name", "decision"),
    )


def status_of(venueid, keys: VenueKeys) -> str | None:
    return {
        keys.venue_id: "accepted",
        keys.submission_venue_id: "submitted",
        keys.rejected_venue_id: "rejected",
        keys.withdrawn_venue_id: "withdrawn",
        keys.desk_rejected_venue_id: "desk_rejected",
    }.get(venueid)
