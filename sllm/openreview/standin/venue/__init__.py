"""Builds a workshop venue as OpenReview lays one out, as plain lists of API entities.

Used by the tests, the demo and the benchmark to write fixture folders for the stand-in. The shapes
follow openreview-api.md §5–§7: wrapped content, anonymous reviewer groups, conflict and assignment
edges, author fields readable only by the venue and the paper's authors.
"""

import random

from .edges import EdgesMixin
from .forum import ForumMixin
from .people import PeopleMixin


class VenueBuilder(ForumMixin, EdgesMixin, PeopleMixin):
    """The whole builder: the venue's skeleton (core.py), its people, its edges and its forum."""


PC_EMAIL = "pc@sllm.example.org"
PC_PASSWORD = "standin-pc-password"


def generate_venue(
    *,
    submissions: int,
    reviews_per_paper: int = 3,
    conflicts: int = 0,
    reviewers: int = 300,
    seed: int = 7,
    venue_id: str = "ICLR.cc/2025/Workshop/SLLM",
) -> VenueBuilder:
    """A large synthetic venue for the benchmark: every paper fully reviewed, extra conflict edges."""
    rng = random.Random(seed)
    venue = VenueBuilder(venue_id, seed=seed)
    venue.add_program_chair("Pat Chair", PC_EMAIL, PC_PASSWORD)
    pool = [venue.add_reviewer(f"Reviewer Number{i}", f"reviewer{i}@univ{i % 40}.edu") for i in range(reviewers)]
    words = (
        "sparse pruning attention mixture experts quantization kernels activation lottery ticket "
        "distillation hardware structured unstructured semi-structured low-rank adapters"
    ).split()
    for number in range(1, submissions + 1):
        title = " ".join(rng.sample(words, 5)).capitalize()
        abstract = " ".join(rng.choice(words) for _ in range(60))
        authors = [(f"Author {number}-{k}", f"~Author_P{number}x{k}1") for k in range(1, 4)]
        venue.add_submission(
            number=number,
            title=title,
            abstract=abstract,
            authors=authors,
            track="Tiny Papers" if number % 4 == 0 else "Main track",
            student="Yes" if number % 5 == 0 else "No",
        )
        chosen = rng.sample(pool, reviews_per_paper + 1)
        for reviewer in chosen[:reviews_per_paper]:
            venue.assign(number, reviewer)
            venue.add_review(
                number,
                reviewer,
                rating=rng.randint(1, 10),
                confidence=rng.randint(1, 5),
                nominate="Yes" if rng.random() < 0.05 else "No",
            )
    numbers = list(venue.submissions)
    for _ in range(conflicts):
        number = rng.choice(numbers)
        venue.add_conflict(number, rng.choice(pool))
    return venue


__all__ = ["PC_EMAIL", "PC_PASSWORD", "VenueBuilder", "generate_venue"]
