"""Demo data of the votes: reviewers, nominations (unless the OpenReview sync brought some), conflicts,
the Best Student Paper committee and its nominations. Running it again duplicates nothing; no vote is
opened, so that the organizer can open one in the demo."""

from sllm.accounts.demo import demo_user
from sllm.accounts.models import Role
from sllm.reviewing.models import AwardNomination, Conflict, Review
from sllm.submissions.models import Paper

from . import selectors

REVIEWERS = [
    ("reviewer@sllm.example.org", "Grace Hopper"),
    ("reviewer2@sllm.example.org", "Edsger Dijkstra"),
    ("reviewer3@sllm.example.org", "Barbara Liskov"),
    ("reviewer4@sllm.example.org", "Donald Knuth"),
    ("reviewer5@sllm.example.org", "Frances Allen"),
]
COMMITTEE = [
    ("committee@sllm.example.org", "Radia Perlman"),
    ("committee2@sllm.example.org", "Leslie Lamport"),
]
NOMINATED = 6


def _people(rows, *, edition, kind):
    people = []
    for email, name in rows:
        person = demo_user(email, name)
        Role.objects.get_or_create(user=person, edition=edition, kind=kind)
        people.append(person)
    return people


def _nominations(*, edition, reviewers) -> int:
    papers = list(Paper.objects.filter(edition=edition, status=Paper.Status.ACCEPTED).order_by("number")[:10])
    for index, paper in enumerate(papers):
        for offset in range(3):
            reviewer = reviewers[(index + offset) % len(reviewers)]
            Review.objects.get_or_create(
                paper=paper,
                reviewer=reviewer,
                defaults={
                    "rating": 6 + (index + offset) % 4,
                    "confidence": 3 + offset % 2,
                    "nominate_for_oral": index < NOMINATED and offset == 0,
                },
            )
    # The demo reviewer has a conflict with one nominated paper, which never appears on their ballot;
    # and one nomination comes from a reviewer with a conflict, which the dashboard flags.
    Conflict.objects.get_or_create(paper=papers[1], reviewer=reviewers[0], defaults={"label": "Co-author"})
    flagged = papers[NOMINATED]
    Conflict.objects.get_or_create(
        paper=flagged, reviewer=reviewers[NOMINATED % len(reviewers)], defaults={"label": "Same institution"}
    )
    Review.objects.filter(paper=flagged, reviewer=reviewers[NOMINATED % len(reviewers)]).update(nominate_for_oral=True)
    return len(papers)


def load(*, edition, stdout) -> None:
    reviewers = _people(REVIEWERS, edition=edition, kind=Role.Kind.REVIEWER)
    if Review.objects.filter(paper__edition=edition, nominate_for_oral=True).exists():
        stdout.write("  oral nominations already there (from the OpenReview sync)")
    else:
        stdout.write(f"  oral nominations on {_nominations(edition=edition, reviewers=reviewers)} reviewed papers")
    committee = _people(COMMITTEE, edition=edition, kind=Role.Kind.AWARD_COMMITTEE)
    eligible = selectors.student_award_eligible_papers(edition=edition)[:3]
    for paper, member in zip(eligible, committee * 2, strict=False):
        AwardNomination.objects.get_or_create(edition=edition, paper=paper, nominator=member)
    stdout.write("  Best Student Paper committee and nominations")
