"""Reads of nominations, votes, turnout, results and awards; none of them joins a person to a ranking."""

import hashlib
import json

from django.db.models import Count, Q
from django.utils.crypto import salted_hmac

from sllm.accounts.models import Role, User
from sllm.reviewing.models import (
    REVIEWS_PER_PAPER,
    AwardNomination,
    Ballot,
    Conflict,
    Election,
    ElectionEvent,
    Review,
    Voter,
)
from sllm.submissions.models import Authorship, Paper

ACTIVE_STATUSES = [Paper.Status.SUBMITTED, Paper.Status.ACCEPTED]
SEATS = {Election.Kind.ORALS: 4, Election.Kind.STUDENT_AWARD: 1}


def review_coverage(*, workshop) -> dict:
    """How many active papers still lack their required reviews."""
    papers = Paper.objects.filter(workshop=workshop, status__in=ACTIVE_STATUSES).annotate(n=Count("reviews"))
    total = papers.count()
    missing = papers.filter(n__lt=REVIEWS_PER_PAPER).count()
    return {
        "active_papers": total,
        "missing": missing,
        "complete": total > 0 and missing == 0,
        "required": REVIEWS_PER_PAPER,
    }


def _conflict_pairs(*, workshop) -> set[tuple[int, int]]:
    return set(Conflict.objects.filter(paper__workshop=workshop).values_list("paper_id", "reviewer_id"))


def oral_nominations(*, workshop) -> list[dict]:
    """Per nominated paper: its nominations, and those flagged because the nominator has a conflict."""
    conflicts = _conflict_pairs(workshop=workshop)
    rows: dict[int, dict] = {}
    reviews = (
        Review.objects.filter(paper__workshop=workshop, nominate_for_oral=True)
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


def oral_candidate_papers(*, workshop) -> list[Paper]:
    """Active papers with at least one nomination from a reviewer without a conflict."""
    return [
        row["paper"]
        for row in oral_nominations(workshop=workshop)
        if row["nominations"] and row["paper"].status in ACTIVE_STATUSES
    ]


def student_award_eligible_papers(*, workshop):
    """Accepted papers whose first author is a student."""
    # Positions need not start at 1 when authors were removed: take each paper's lowest position.
    papers = Paper.objects.filter(workshop=workshop, status=Paper.Status.ACCEPTED).select_related("track")
    lowest = {
        row["paper_id"]: row
        for row in Authorship.objects.filter(paper__in=papers)
        .order_by("paper_id", "-position")
        .values("paper_id", "position", "is_student")
    }
    eligible = [pid for pid, row in lowest.items() if row["is_student"]]
    return papers.filter(pk__in=eligible).order_by("number")


def award_nominations(*, workshop) -> list[dict]:
    """Per eligible paper: how many nominations it has (nominators stay with the committee)."""
    counts = dict(AwardNomination.objects.filter(workshop=workshop).values_list("paper_id").annotate(n=Count("id")))
    return [
        {"paper": paper, "nominations": counts.get(paper.pk, 0)}
        for paper in student_award_eligible_papers(workshop=workshop)
    ]


def award_candidate_papers(*, workshop) -> list[Paper]:
    return [row["paper"] for row in award_nominations(workshop=workshop) if row["nominations"]]


def user_award_nominations(*, workshop, user: User) -> set[int]:
    return set(AwardNomination.objects.filter(workshop=workshop, nominator=user).values_list("paper_id", flat=True))


def eligible_voter_users(*, workshop, kind: str):
    if kind == Election.Kind.STUDENT_AWARD:
        found = Q(roles__workshop=workshop, roles__kind=Role.Kind.AWARD_COMMITTEE)
    else:
        found = (
            Q(roles__workshop=workshop, roles__kind=Role.Kind.REVIEWER)
            | Q(reviews__paper__workshop=workshop)
            | Q(assignments__paper__workshop=workshop)
        )
    return User.objects.filter(found, is_active=True).distinct().order_by("email")


def candidate_papers(*, workshop, kind: str) -> list[Paper]:
    if kind == Election.Kind.STUDENT_AWARD:
        return award_candidate_papers(workshop=workshop)
    return oral_candidate_papers(workshop=workshop)


def election_get(*, workshop, kind: str) -> Election | None:
    return Election.objects.filter(workshop=workshop, kind=kind).first()


def election_list(*, workshop) -> dict[str, Election]:
    return {e.kind: e for e in Election.objects.filter(workshop=workshop)}


def election_candidates(*, election: Election) -> list[Paper]:
    return [c.paper for c in election.candidates.select_related("paper__track").order_by("paper__number")]


def conflicted_paper_numbers(*, election: Election, user: User) -> set[int]:
    """The candidates this person may not see; read at every request, so a new conflict applies at once."""
    return set(
        Conflict.objects.filter(reviewer=user, paper__vote_candidacies__election=election).values_list(
            "paper__number", flat=True
        )
    )


def ballot_papers(*, election: Election, user: User) -> list[Paper]:
    """The candidates on this voter's ballot: conflicted papers never appear."""
    hidden = conflicted_paper_numbers(election=election, user=user)
    return [paper for paper in election_candidates(election=election) if paper.number not in hidden]


def is_voter(*, election: Election, user: User) -> bool:
    return user.is_authenticated and Voter.objects.filter(election=election, user=user).exists()


def ballot_key(*, election: Election, user: User) -> str:
    # A keyed hash: the ballot table alone cannot be joined to users, yet the voter finds their ballot.
    return salted_hmac("sllm.votes.ballot", f"{election.pk}:{user.pk}", algorithm="sha256").hexdigest()


def ballot_of(*, election: Election, user: User) -> Ballot | None:
    return Ballot.objects.filter(election=election, key=ballot_key(election=election, user=user)).first()


def election_turnout(*, election: Election) -> dict:
    voters = election.voters.count()
    ballots = election.ballots.count()
    return {"voters": voters, "ballots": ballots, "percent": round(100 * ballots / voters) if voters else 0}


def _ranking_for_export(tiers: list[list[int]]) -> list:
    return [tier[0] if len(tier) == 1 else tier for tier in tiers]


def election_export(*, election: Election) -> dict:
    """The anonymised ballots as `manage.py tally` reads them: receipts only, in receipt order.

    Receipts are random, so their order is a shuffle that says nothing about who voted when.
    """
    return {
        "id": f"{election.workshop.slug}-{election.kind}",
        "seats": election.seats,
        "candidates": [paper.number for paper in election_candidates(election=election)],
        "ballots": [
            {
                "voter": b.receipt,
                "ranking": _ranking_for_export(b.ranking),
                "cannot_rank": sorted(b.cannot_rank),
            }
            for b in election.ballots.order_by("receipt")
        ],
    }


def export_digest(document: dict) -> str:
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def election_decision(*, election: Election) -> ElectionEvent | None:
    return (
        election.events.filter(action__in=[ElectionEvent.Action.DECIDED, ElectionEvent.Action.OVERRIDDEN])
        .select_related("actor")
        .order_by("-created_at", "-pk")
        .first()
    )


def election_log(*, election: Election):
    return election.events.select_related("actor").order_by("created_at", "pk")


def margins_table(*, election: Election) -> dict | None:
    """The pairwise margins of a tallied vote as rows of cells with a heat level from -4 to 4."""
    if not election.result:
        return None
    pairwise = election.result["pairwise"]
    order = [number for tier in election.result["ranking"] for number in tier]
    papers = {p.number: p for p in election_candidates(election=election)}
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


def award_winner_numbers(*, workshop) -> set[int]:
    election = election_get(workshop=workshop, kind=Election.Kind.STUDENT_AWARD)
    decision = election_decision(election=election) if election else None
    return set(decision.data.get("papers", [])) if decision else set()


def paper_awards(*, paper: Paper) -> list[str]:
    """The awards a paper won, for its public page."""
    if paper.number in award_winner_numbers(workshop=paper.workshop):
        return [Election.Kind.STUDENT_AWARD.label]
    return []


def award_list(*, workshop) -> list[dict]:
    """Decided awards of an edition, for the website and the program's awards slot."""
    numbers = award_winner_numbers(workshop=workshop)
    papers = Paper.objects.filter(workshop=workshop, number__in=numbers).prefetch_related("authorships")
    return [{"award": Election.Kind.STUDENT_AWARD.label, "paper": paper} for paper in papers.order_by("number")]
