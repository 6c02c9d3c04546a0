"""Writes of the votes: open, cast, close, tally, decide; award nominations and the award committee."""

import datetime as dt
import json
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from sllm.accounts.models import Role, User
from sllm.accounts.services import role_grant
from sllm.core.errors import ApplicationError, Conflict, Forbidden
from sllm.core.jobs import enqueue_on_commit
from sllm.core.sitecache import site_cache_bump
from sllm.mail.services import mail_queue
from sllm.reviewing.models import AwardNomination, Ballot, Candidate, Vote, VoteEvent, Voter
from sllm.reviewing.models import Conflict as PaperConflict
from sllm.reviewing.tally import TallyInputError, parse_ballot, parse_election
from sllm.submissions.models import Paper
from sllm.workshops.models import Edition

from . import selectors

VOTE_DAYS = 7
RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
MAX_REASON = 2000


def _receipt() -> str:
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(12))
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def _log(*, vote: Vote, action: str, actor=None, reason: str = "", data: dict | None = None) -> VoteEvent:
    return VoteEvent.objects.create(vote=vote, action=action, actor=actor, reason=reason, data=data or {})


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise ApplicationError(f"Keep the reason under {MAX_REASON} characters.", code="reason_too_long")
    return reason


def vote_open(
    *,
    edition: Edition,
    kind: str,
    user: User | None = None,
    reason: str = "",
    deadline: dt.datetime | None = None,
) -> Vote:
    """Opens a vote: fixes its candidates and voters and mails each voter.

    `user` is None when the vote opens by itself once every review is in; an organizer may open the
    oral vote earlier only with a reason, which is logged.
    """
    if kind not in Vote.Kind.values:
        raise ApplicationError("Unknown kind of vote.", code="invalid")
    reason = _clean_reason(reason)
    now = timezone.now()
    deadline = deadline or now + dt.timedelta(days=VOTE_DAYS)
    if deadline <= now:
        raise ApplicationError("The deadline must lie in the future.", code="invalid_deadline")
    with transaction.atomic():
        # The edition's row lock serializes two openers (the job and an organizer) of the same vote.
        Edition.objects.select_for_update().get(pk=edition.pk)
        if Vote.objects.filter(edition=edition, kind=kind).exists():
            raise Conflict("This vote has already been opened.", code="already_open")
        early = False
        if kind == Vote.Kind.ORALS:
            coverage = selectors.review_coverage(edition=edition)
            early = not coverage["complete"]
            if early and user is None:
                raise ApplicationError("Not every active paper has its reviews yet.", code="reviews_missing")
            if early and not reason:
                raise ApplicationError(
                    f"{coverage['missing']} of {coverage['active_papers']} active papers lack their "
                    f"{coverage['required']} reviews: give a reason for opening the vote early.",
                    code="reason_required",
                )
        elif user is None:
            raise ApplicationError("The organizers open the Best Student Paper vote.", code="invalid")
        papers = selectors.candidate_papers(edition=edition, kind=kind)
        if len(papers) < 2:
            raise ApplicationError("A vote needs at least two nominated papers.", code="too_few_candidates")
        voters = [
            person
            for person in selectors.eligible_voter_users(edition=edition, kind=kind)
            if len(selectors.conflicted_papers(papers=papers, user=person)) < len(papers)
        ]
        if not voters:
            raise ApplicationError(
                "Nobody is eligible to vote: every voter has a conflict with every paper.", code="no_voters"
            )
        vote = Vote.objects.create(
            edition=edition,
            kind=kind,
            seats=selectors.SEATS[kind],
            deadline=deadline,
            opened_by=user,
            open_reason=reason,
        )
        Candidate.objects.bulk_create([Candidate(vote=vote, paper=paper) for paper in papers])
        Voter.objects.bulk_create([Voter(vote=vote, user=person, notified_at=now) for person in voters])
        _log(
            vote=vote,
            action=VoteEvent.Action.OPENED,
            actor=user,
            reason=reason,
            data={"early": early, "candidates": [p.number for p in papers], "voters": len(voters)},
        )
        ballot_url = settings.SITE_URL.rstrip("/") + reverse("votes:ballot", args=[edition.slug, kind])
        for person in voters:
            mail_queue(
                recipients=[person.email],
                template="vote_open",
                edition=edition,
                # A voter the sync imported has no reachable address until they claim their account.
                via_openreview=True,
                context={
                    "name": person.display_name,
                    "vote": vote.get_kind_display(),
                    "deadline": deadline,
                    "ballot_url": ballot_url,
                },
            )
    return vote


def votes_open_ready() -> list[int]:
    """The job: opens each edition's oral vote once every active paper has its required reviews."""
    opened = []
    for edition in Edition.objects.exclude(votes__kind=Vote.Kind.ORALS):
        if not selectors.review_coverage(edition=edition)["complete"]:
            continue
        if len(selectors.oral_candidate_papers(edition=edition)) < 2:
            continue
        try:
            opened.append(vote_open(edition=edition, kind=Vote.Kind.ORALS).pk)
        except ApplicationError:
            # Another opener won the race, or nobody may vote; the dashboard shows why.
            continue
    return opened


_FRIENDLY = {
    "unknown_candidate": "Paper #{c} is not on your ballot.",
    "repeated_candidate": "Paper #{c} appears more than once; give each paper one rank.",
    "conflicted_candidate_ranked": "You have a conflict with paper #{c}; it cannot be on your ballot.",
    "malformed": "The ranking must be a list of paper numbers or lists of tied paper numbers.",
}


def ballot_cast(*, vote: Vote, user: User, ranking: list) -> Ballot:
    """Stores (or replaces) this voter's ranking; the ballot keeps its receipt code across changes."""
    with transaction.atomic():
        # Locked so a ballot and the closing never interleave: after closing nothing is accepted.
        vote = Vote.objects.select_for_update().get(pk=vote.pk)
        if vote.state != Vote.State.OPEN:
            raise Conflict("The vote has closed; your ballot was not recorded.", code="vote_closed")
        if not Voter.objects.filter(vote=vote, user=user).exists():
            raise Forbidden("You are not eligible to vote in this election.", code="not_eligible")
        candidates = frozenset(p.number for p in selectors.vote_candidates(vote=vote))
        hidden = selectors.conflicted_paper_numbers(vote=vote, user=user)
        try:
            parsed = parse_ballot(
                {"voter": "you", "ranking": ranking, "cannot_rank": sorted(hidden)},
                candidates=candidates,
                election=vote.pk,
            )
        except TallyInputError as exc:
            message = _FRIENDLY.get(exc.problem, exc.message).format(c=exc.candidate)
            raise ApplicationError(message, code=exc.problem) from exc
        tiers = [list(tier) for tier in parsed.ranking]
        key = selectors.ballot_key(vote=vote, user=user)
        ballot = Ballot.objects.filter(vote=vote, key=key).first()
        if ballot is None:
            ballot = Ballot(vote=vote, key=key, receipt=_receipt())
        ballot.ranking, ballot.cannot_rank = tiers, sorted(hidden)
        ballot.save()
    return ballot


def vote_close(*, vote: Vote, user: User | None = None) -> Vote:
    """Closes the vote to ballots and runs the tally as a job; closing again changes nothing."""
    with transaction.atomic():
        vote = Vote.objects.select_for_update().get(pk=vote.pk)
        if vote.state == Vote.State.CLOSED:
            return vote
        if vote.state == Vote.State.OPEN:
            vote.state = Vote.State.TALLYING
            vote.closed_at = timezone.now()
            vote.closed_by = user
            vote.save(update_fields=["state", "closed_at", "closed_by", "updated_at"])
            _log(
                vote=vote,
                action=VoteEvent.Action.CLOSED,
                actor=user,
                data={"ballots": vote.ballots.count()},
            )
        elif user is not None and (vote.tally_sweeps or vote.tally_error):
            # An organizer's press retries a tally the stale-job sweep gave up on, with fresh attempts.
            vote.tally_sweeps, vote.tally_error = 0, ""
            vote.save(update_fields=["tally_sweeps", "tally_error", "updated_at"])
        # Still tallying (a worker may have died mid-tally): enqueue it again; the tally is idempotent.
        enqueue_on_commit("sllm.votes.tally", vote.pk)
    return vote


def votes_close_due() -> list[int]:
    """The job: closes votes past their deadline and reruns tallies that never finished."""
    # A tally the stale-job sweep gave up on (tally_error) waits for the organizers' Retry.
    due = Vote.objects.filter(
        Q(state=Vote.State.OPEN, deadline__lte=timezone.now()) | Q(state=Vote.State.TALLYING, tally_error="")
    )
    return [vote_close(vote=vote).pk for vote in due]


def vote_tally(*, vote_id: int) -> Vote | None:
    """Tallies a closed vote and stores the result with the digest of the anonymised ballots.

    One transaction: a worker that dies here leaves the vote `tallying`, from which the job reruns.
    Rerunning a tallied vote recomputes nothing and returns the stored result.
    """
    from sllm.reviewing.tally.schulze import tally  # noqa: PLC0415 -- NumPy: the tally job loads it, no web worker

    with transaction.atomic():
        vote = Vote.objects.select_for_update().filter(pk=vote_id).first()
        if vote is None or vote.state == Vote.State.OPEN:
            return vote
        document = selectors.vote_export(vote=vote)
        digest = selectors.export_digest(document)
        if vote.state == Vote.State.CLOSED:
            if digest != vote.ballots_digest:
                raise Conflict("The stored ballots no longer match the tallied digest.", code="digest_mismatch")
            return vote
        result = tally(parse_election(document))
        # Stored as JSON returns it, so the stored result compares equal to `manage.py tally`'s output.
        vote.result = _as_json_types(
            {**result.as_json(), "tied_at_cut": result.tied_at_cut, "seats_left": result.seats_left}
        )
        vote.ballots_digest = digest
        vote.state = Vote.State.CLOSED
        vote.tallied_at = timezone.now()
        vote.save(update_fields=["result", "ballots_digest", "state", "tallied_at", "updated_at"])
        _log(
            vote=vote,
            action=VoteEvent.Action.TALLIED,
            data={"digest": digest, "ballots": len(document["ballots"])},
        )
        _apply_decision(vote=vote, papers=list(result.winners), action=VoteEvent.Action.DECIDED)
    return vote


def _as_json_types(value):
    return json.loads(json.dumps(value))


def _apply_decision(*, vote: Vote, papers: list[int], action: str, actor=None, reason: str = ""):
    if vote.kind == Vote.Kind.ORALS:
        # Every accepted paper is an oral or a poster: the candidates the vote did not choose are posters
        # (a candidate not accepted, or no longer, has no presentation).
        candidates = [c.paper_id for c in vote.candidates.all()]
        chosen = Paper.objects.filter(edition=vote.edition, number__in=papers)
        passed_over = Paper.objects.filter(pk__in=candidates).exclude(pk__in=chosen)
        passed_over.filter(status=Paper.Status.ACCEPTED).update(presentation=Paper.Presentation.POSTER)
        passed_over.exclude(status=Paper.Status.ACCEPTED).update(presentation=Paper.Presentation.NONE)
        chosen.update(presentation=Paper.Presentation.ORAL)
    # The award lives in the decision itself; the paper page and the program read it from there.
    transaction.on_commit(lambda: site_cache_bump(vote.edition))
    return _log(vote=vote, action=action, actor=actor, reason=reason, data={"papers": sorted(papers)})


def vote_decide(*, vote: Vote, user: User, papers: list[int], reason: str) -> VoteEvent:
    """An organizer's decision over the result (a tie at the cut, or an override), with a logged reason."""
    reason = _clean_reason(reason)
    with transaction.atomic():
        vote = Vote.objects.select_for_update().get(pk=vote.pk)
        if vote.state != Vote.State.CLOSED:
            raise Conflict("Decide once the vote has closed and been tallied.", code="not_closed")
        if not reason:
            raise ApplicationError("Give a reason for this decision; it is logged.", code="reason_required")
        candidates = {p.number for p in selectors.vote_candidates(vote=vote)}
        if len(set(papers)) != len(papers):
            raise ApplicationError("Name each paper once.", code="repeated_candidate")
        unknown = sorted(set(papers) - candidates)
        if unknown:
            raise ApplicationError(f"Paper #{unknown[0]} was not a candidate in this vote.", code="unknown_candidate")
        if not papers:
            raise ApplicationError("Choose at least one paper.", code="invalid")
        return _apply_decision(
            vote=vote,
            papers=papers,
            action=VoteEvent.Action.OVERRIDDEN,
            actor=user,
            reason=reason,
        )


def award_nomination_set(*, edition: Edition, user: User, number: int, nominated: bool) -> bool:
    """Nominates (or withdraws the nomination of) an eligible paper for the Best Student Paper award."""
    with transaction.atomic():
        if Vote.objects.filter(edition=edition, kind=Vote.Kind.STUDENT_AWARD).exists():
            raise Conflict("Nominations closed when the award vote opened.", code="vote_open")
        paper = selectors.student_award_eligible_papers(edition=edition).filter(number=number).first()
        if paper is None:
            raise ApplicationError(
                f"Paper #{number} is not eligible: only accepted papers whose first author is a student are.",
                code="not_eligible",
            )
        if PaperConflict.objects.filter(paper=paper, reviewer=user).exists():
            raise Forbidden("You have a conflict with this paper and cannot nominate it.", code="conflict")
        if nominated:
            AwardNomination.objects.get_or_create(edition=edition, paper=paper, nominator=user)
        else:
            AwardNomination.objects.filter(paper=paper, nominator=user).delete()
    return nominated


def award_committee_add(*, edition: Edition, email: str) -> Role:
    """Names a member of the Best Student Paper committee (before its vote opens: voters are fixed then)."""
    email = (email or "").strip().lower()
    with transaction.atomic():
        if Vote.objects.filter(edition=edition, kind=Vote.Kind.STUDENT_AWARD).exists():
            raise Conflict("The committee is fixed once the award vote has opened.", code="vote_open")
        person = User.objects.filter(email=email).first()
        if person is None:
            raise ApplicationError(f"No account uses the address {email or '(empty)'}.", code="unknown_user")
        return role_grant(user=person, edition=edition, kind=Role.Kind.AWARD_COMMITTEE)
