"""Reads of nominations, votes, turnout, results and awards; none of them joins a person to a ranking."""

import hashlib
import json

from django.db.models import Count, Q
from django.utils.crypto import salted_hmac

from sllm.accounts.models import Role, User
from sllm.core.jobs import stale_before
from sllm.reviewing.decisions.selectors import annotate_student_eligibility
from sllm.reviewing.models import (
    REVIEWS_PER_PAPER,
    TALLY_JOB,
    AwardNomination,
    Ballot,
    Conflict,
    Review,
    Vote,
    VoteEvent,
    Voter,
)
from sllm.reviewing.selectors import conflict_or_authorship
from sllm.reviewing.tally.anonymity import anonymous_ballots
from sllm.submissions.models import Paper

ACTIVE_STATUSES = [Paper.Status.SUBMITTED, Paper.Status.ACCEPTED]
SEATS = {Vote.Kind.ORALS: 4, Vote.Kind.STUDENT_AWARD: 1}


def review_coverage(*, edition) -> dict:
    """How many active papers still lack their required reviews."""
    papers = Paper.objects.filter(edition=edition, status__in=ACTIVE_STATUSES).annotate(n=Count("reviews"))
    total = papers.count()
    missing = papers.filter(n__lt=REVIEWS_PER_PAPER).count()
    return {
        "active_papers": total,
        "missing": missing,
        "complete": total > 0 and missing == 0,
        "required": REVIEWS_PER_PAPER,
    }


def _conflict_pairs(*, edition) -> set[tuple[int, int]]:
    return set(Conflict.objects.filter(paper__edition=edition).values_list("paper_id", "reviewer_id"))


def oral_nominations(*, edition) -> list[dict]:
    """Per nominated paper: its nominations, and those flagged because the nominator has a conflict."""
    conflicts = _conflict_pairs(edition=edition)
    rows: dict[int, dict] = {}
    reviews = (
        Review.objects.filter(paper__edition=edition, nominate_for_oral=True)
        .select_related("paper", "reviewer")
        .order_by("paper__number", "reviewer__email")
    )
    for review in reviews:
        row = rows.setdefault(review.paper_id, {"paper": review.paper, "nominations": 0, "flagged": []})
        if (review.paper_id, review.reviewer_id) in conflicts:
            row["flagged"].append(review.reviewer)
        else:
            row["nominations"] += 1
    return list(rows.values())


def oral_candidate_papers(*, edition) -> list[Paper]:
    """Active papers with at least one nomination from a reviewer without a conflict."""
    return [
        row["paper"]
        for row in oral_nominations(edition=edition)
        if row["nominations"] and row["paper"].status in ACTIVE_STATUSES
    ]


def student_award_eligible_papers(*, edition):
    """Accepted papers with at least one student author, by the proposal's rule (decisions/selectors.py)."""
    papers = Paper.objects.filter(edition=edition, status=Paper.Status.ACCEPTED)
    return annotate_student_eligibility(papers).filter(student_eligible=True).select_related("track").order_by("number")


def award_nominations(*, edition) -> list[dict]:
    """Per eligible paper: how many nominations it has (nominators stay with the committee)."""
    counts = dict(AwardNomination.objects.filter(edition=edition).values_list("paper_id").annotate(n=Count("id")))
    return [
        {"paper": paper, "nominations": counts.get(paper.pk, 0)}
        for paper in student_award_eligible_papers(edition=edition)
    ]


def award_candidate_papers(*, edition) -> list[Paper]:
    return [row["paper"] for row in award_nominations(edition=edition) if row["nominations"]]


def user_award_nominations(*, edition, user: User) -> set[int]:
    return set(AwardNomination.objects.filter(edition=edition, nominator=user).values_list("paper_id", flat=True))


def eligible_voter_users(*, edition, kind: str):
    if kind == Vote.Kind.STUDENT_AWARD:
        found = Q(roles__edition=edition, roles__kind=Role.Kind.AWARD_COMMITTEE)
    else:
        found = (
            Q(roles__edition=edition, roles__kind=Role.Kind.REVIEWER)
            | Q(reviews__paper__edition=edition)
            | Q(assignments__paper__edition=edition)
        )
    return User.objects.filter(found, is_active=True).distinct().order_by("email")


def candidate_papers(*, edition, kind: str) -> list[Paper]:
    if kind == Vote.Kind.STUDENT_AWARD:
        return award_candidate_papers(edition=edition)
    return oral_candidate_papers(edition=edition)


def votes_stale(*, now=None):
    """Votes still tallying since before the tally job's limit and its grace, not yet given up on."""
    return Vote.objects.filter(
        state=Vote.State.TALLYING, tally_error="", updated_at__lt=stale_before(TALLY_JOB, now=now)
    )


def vote_get(*, edition, kind: str) -> Vote | None:
    return Vote.objects.filter(edition=edition, kind=kind).first()


def vote_list(*, edition) -> dict[str, Vote]:
    return {e.kind: e for e in Vote.objects.filter(edition=edition)}


def vote_candidates(*, vote: Vote) -> list[Paper]:
    return [c.paper for c in vote.candidates.select_related("paper__track").order_by("paper__number")]


def conflicted_paper_numbers(*, vote: Vote, user: User) -> set[int]:
    """The candidates this person may not see; read at every request, so a new conflict applies at once."""
    return set(
        Paper.objects.filter(conflict_or_authorship(user), vote_candidacies__vote=vote).values_list("number", flat=True)
    )


def conflicted_papers(*, papers: list[Paper], user: User) -> set[int]:
    """The ids of those papers this person may not rank: a declared conflict or their authorship."""
    return set(
        Paper.objects.filter(conflict_or_authorship(user), pk__in=[p.pk for p in papers]).values_list("pk", flat=True)
    )


def ballot_papers(*, vote: Vote, user: User) -> list[Paper]:
    """The candidates on this voter's ballot: conflicted papers never appear."""
    hidden = conflicted_paper_numbers(vote=vote, user=user)
    return [paper for paper in vote_candidates(vote=vote) if paper.number not in hidden]


def is_voter(*, vote: Vote, user: User) -> bool:
    return user.is_authenticated and Voter.objects.filter(vote=vote, user=user).exists()


def ballot_key(*, vote: Vote, user: User) -> str:
    # A keyed hash: the ballot table alone cannot be joined to users, yet the voter finds their ballot.
    return salted_hmac("sllm.votes.ballot", f"{vote.pk}:{user.pk}", algorithm="sha256").hexdigest()


def ballot_of(*, vote: Vote, user: User) -> Ballot | None:
    return Ballot.objects.filter(vote=vote, key=ballot_key(vote=vote, user=user)).first()


def vote_turnout(*, vote: Vote) -> dict:
    voters = vote.voters.count()
    ballots = vote.ballots.count()
    return {"voters": voters, "ballots": ballots, "percent": round(100 * ballots / voters) if voters else 0}


def _ranking_for_export(tiers: list[list[int]]) -> list:
    return [tier[0] if len(tier) == 1 else tier for tier in tiers]


def vote_export(*, vote: Vote) -> dict:
    """The anonymised ballots as `manage.py tally` reads them: receipts only, in receipt order, and no
    conflict pattern held by fewer than K_ANONYMITY ballots (those are published in aggregate).

    Receipts are random, so their order is a shuffle that says nothing about who voted when.
    """
    candidates = [paper.number for paper in vote_candidates(vote=vote)]
    ballots, withheld = anonymous_ballots(
        [
            {"voter": b.receipt, "ranking": _ranking_for_export(b.ranking), "cannot_rank": b.cannot_rank}
            for b in vote.ballots.order_by("receipt")
        ],
        candidates=candidates,
    )
    return {
        "id": f"{vote.edition.slug}-{vote.kind}",
        "seats": vote.seats,
        "candidates": candidates,
        "ballots": ballots,
        "withheld_conflicts": withheld,
    }


def export_digest(document: dict) -> str:
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def vote_decision(*, vote: Vote) -> VoteEvent | None:
    return (
        vote.events.filter(action__in=[VoteEvent.Action.DECIDED, VoteEvent.Action.OVERRIDDEN])
        .select_related("actor")
        .order_by("-created_at", "-pk")
        .first()
    )


def vote_log(*, vote: Vote):
    return vote.events.select_related("actor").order_by("created_at", "pk")


def margins_table(*, vote: Vote) -> dict | None:
    """The pairwise margins of a tallied vote as rows of cells with a heat level from -4 to 4."""
    if not vote.result:
        return None
    pairwise = vote.result["pairwise"]
    order = [number for tier in vote.result["ranking"] for number in tier]
    papers = {p.number: p for p in vote_candidates(vote=vote)}
    largest = (
        max([abs(pairwise[str(x)][str(y)] - pairwise[str(y)][str(x)]) for x in order for y in order if x != y] or [0])
        or 1
    )
    rows = []
    for x in order:
        cells = []
        for y in order:
            if x == y:
                cells.append({"paper": y, "margin": None, "level": 0})
                continue
            margin = pairwise[str(x)][str(y)] - pairwise[str(y)][str(x)]
            level = 0 if margin == 0 else (1 if margin > 0 else -1) * max(1, round(4 * abs(margin) / largest))
            cells.append(
                {
                    "paper": y,
                    "margin": margin,
                    "level": level,
                    "for": pairwise[str(x)][str(y)],
                    "against": pairwise[str(y)][str(x)],
                }
            )
        rows.append({"paper": papers.get(x), "number": x, "cells": cells})
    return {"columns": order, "rows": rows}


def award_winner_numbers(*, edition) -> set[int]:
    vote = vote_get(edition=edition, kind=Vote.Kind.STUDENT_AWARD)
    decision = vote_decision(vote=vote) if vote else None
    return set(decision.data.get("papers", [])) if decision else set()


def paper_awards(*, paper: Paper) -> list[str]:
    """The awards a paper won, for its public page."""
    if paper.number in award_winner_numbers(edition=paper.edition):
        return [Vote.Kind.STUDENT_AWARD.label]
    return []


def award_list(*, edition) -> list[dict]:
    """Decided awards of an edition, for the website and the program's awards slot."""
    numbers = award_winner_numbers(edition=edition)
    papers = Paper.objects.filter(edition=edition, number__in=numbers).prefetch_related("authorships")
    return [{"award": Vote.Kind.STUDENT_AWARD.label, "paper": paper} for paper in papers.order_by("number")]


def voters_without_ballot(*, vote: Vote) -> list[User]:
    """The voters of an election whose ballot is still empty (found through the keyed hash, one query)."""
    voters = [voter.user for voter in Voter.objects.filter(vote=vote).select_related("user").order_by("pk")]
    cast = set(Ballot.objects.filter(vote=vote).values_list("key", flat=True))
    return [user for user in voters if ballot_key(vote=vote, user=user) not in cast]
