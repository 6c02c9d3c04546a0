"""Demo data of the votes: reviewers, nominations (unless the OpenReview sync brought some), conflicts,
the Best Student Paper committee and its nominations, and the oral vote actually run: opened by the
organizer, a ballot from every voter, closed and tallied, so that its result, the anonymised ballots and
the receipts can be seen; orals it did not choose present posters. The program's oral slots take the
winners afterwards, in the program's own demo step (program.demo.load_oral_vote_release), since the
program sits above reviewing. Running it again duplicates nothing. The Best Student Paper vote is left
for the organizer to open."""

from sllm.accounts.demo import demo_user
from sllm.accounts.models import Role, User
from sllm.reviewing.decisions import services as decisions
from sllm.reviewing.models import AwardNomination, Conflict, Review, Vote
from sllm.submissions.models import Paper

from . import selectors, services

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
    vote = _run_oral_vote(edition=edition)
    if vote is not None:
        organizer = vote.opened_by
        chosen = list(vote.result["winners"])
        if vote.result.get("seats_left") and vote.result.get("tied_at_cut"):
            # A tie across the cut goes to the organizers; the demo's break it by paper number, logged.
            chosen += sorted(vote.result["tied_at_cut"])[: vote.result["seats_left"]]
            services.vote_decide(
                vote=vote,
                user=organizer,
                papers=chosen,
                reason="A tie at the cut: the demo's organizers take the lowest paper number.",
            )
        # Orals the vote did not choose present posters: every accepted paper is one or the other.
        undecided = Paper.objects.filter(edition=edition, status=Paper.Status.ACCEPTED).exclude(number__in=chosen)
        for paper in undecided.exclude(presentation=Paper.Presentation.POSTER).order_by("number"):
            decisions.paper_decide(
                paper=paper, outcome="accept_poster", reason="Not chosen in the oral vote.", actor=organizer
            )
        stdout.write(f"  oral vote run: {vote.ballots.count()} ballots, orals {sorted(chosen)}")


def _run_oral_vote(*, edition) -> Vote | None:
    """Opens, fills and closes the oral vote once; the tally runs here so the program can follow it."""
    organizer = User.objects.filter(email="organizer@sllm.example.org").first()
    if Vote.objects.filter(edition=edition, kind=Vote.Kind.ORALS).exists() or organizer is None:
        return None
    vote = services.vote_open(
        edition=edition,
        kind=Vote.Kind.ORALS,
        user=organizer,
        reason="The demo runs its oral vote at once, so that its result, ballots and receipts can be seen.",
    )
    for index, voter in enumerate(v.user for v in vote.voters.select_related("user").order_by("user__email")):
        papers = selectors.ballot_papers(vote=vote, user=voter)
        if papers:
            # Rankings that differ from voter to voter, the same on every load.
            ranked = sorted(papers, key=lambda p, i=index: ((p.number * (i + 3)) % 11, p.number))
            services.ballot_cast(vote=vote, user=voter, ranking=[p.number for p in ranked])
    services.vote_close(vote=vote, user=organizer)
    # The close enqueues the tally after commit; the demo tallies now (the job then finds it done).
    return services.vote_tally(vote_id=vote.pk)
