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
from sllm.reviewing.models import AwardNomination, Ballot, Candidate, Election, ElectionEvent, Voter
from sllm.reviewing.models import Conflict as PaperConflict
from sllm.reviewing.tally import TallyInputError, parse_ballot, parse_election, tally
from sllm.submissions.models import Paper
from sllm.workshops.models import Workshop

from . import selectors

VOTE_DAYS = 7
RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
MAX_REASON = 2000


def _receipt() -> str:
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(12))
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def _log(*, election: Election, action: str, actor=None, reason: str = "", data: dict | None = None) -> ElectionEvent:
    return ElectionEvent.objects.create(election=election, action=action, actor=actor, reason=reason, data=data or {})


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise ApplicationError(f"Keep the reason under {MAX_REASON} characters.", code="reason_too_long")
    return reason


def election_open(
    *,
    workshop: Workshop,
    kind: str,
    user: User | None = None,
    reason: str = "",
    deadline: dt.datetime | None = None,
) -> Election:
    """Opens a vote: fixes its candidates and voters and mails each voter.

    `user` is None when the vote opens by itself once every review is in; an organizer may open the
    oral vote earlier only with a reason, which is logged.
    """
    if kind not in Election.Kind.values:
        raise ApplicationError("Unknown kind of vote.", code="invalid")
    reason = _clean_reason(reason)
    now = timezone.now()
    deadline = deadline or now + dt.timedelta(days=VOTE_DAYS)
    if deadline <= now:
        raise ApplicationError("The deadline must lie in the future.", code="invalid_deadline")
    with transaction.atomic():
        # The edition's row lock serializes two openers (the job and an organizer) of the same vote.
        Workshop.objects.select_for_update().get(pk=workshop.pk)
        if Election.objects.filter(workshop=workshop, kind=kind).exists():
            raise Conflict("This vote has already been opened.", code="already_open")
        early = False
        if kind == Election.Kind.ORALS:
            coverage = selectors.review_coverage(workshop=workshop)
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
        papers = selectors.candidate_papers(workshop=workshop, kind=kind)
        if len(papers) < 2:
            raise ApplicationError("A vote needs at least two nominated papers.", code="too_few_candidates")
        conflicts = set(PaperConflict.objects.filter(paper__in=papers).values_list("reviewer_id", "paper_id"))
        voters = [
            person
            for person in selectors.eligible_voter_users(workshop=workshop, kind=kind)
            if any((person.pk, paper.pk) not in conflicts for paper in papers)
        ]
        if not voters:
            raise ApplicationError(
                "Nobody is eligible to vote: every voter has a conflict with every paper.", code="no_voters"
            )
        election = Election.objects.create(
            workshop=workshop,
            kind=kind,
            seats=selectors.SEATS[kind],
            deadline=deadline,
            opened_by=user,
            open_reason=reason,
        )
        Candidate.objects.bulk_create([Candidate(election=election, paper=paper) for paper in papers])
        Voter.objects.bulk_create([Voter(election=election, user=person, notified_at=now) for person in voters])
        _log(
            election=election,
            action=ElectionEvent.Action.OPENED,
            actor=user,
            reason=reason,
            data={"early": early, "candidates": [p.number for p in papers], "voters": len(voters)},
        )
        ballot_url = settings.SITE_URL.rstrip("/") + reverse("votes:ballot", args=[workshop.slug, kind])
        for person in voters:
            mail_queue(
                recipients=[person.email],
                template="vote_open",
                workshop=workshop,
                context={
                    "name": person.display_name,
                    "vote": election.get_kind_display(),
                    "deadline": deadline,
                    "ballot_url": ballot_url,
                    "papers": sum(1 for paper in papers if (person.pk, paper.pk) not in conflicts),
                },
            )
    return election


def elections_open_ready() -> list[int]:
    """The job: opens each edition's oral vote once every active paper has its required reviews."""
    opened = []
    for workshop in Workshop.objects.exclude(elections__kind=Election.Kind.ORALS):
        if not selectors.review_coverage(workshop=workshop)["complete"]:
            continue
        if len(selectors.oral_candidate_papers(workshop=workshop)) < 2:
            continue
        try:
            opened.append(election_open(workshop=workshop, kind=Election.Kind.ORALS).pk)
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


def ballot_cast(*, election: Election, user: User, ranking: list) -> Ballot:
    """Stores (or replaces) this voter's ranking; the ballot keeps its receipt code across changes."""
    with transaction.atomic():
        # Locked so a ballot and the closing never interleave: after closing nothing is accepted.
        election = Election.objects.select_for_update().get(pk=election.pk)
        if election.state != Election.State.OPEN:
            raise Conflict("The vote has closed; your ballot was not recorded.", code="vote_closed")
        if not Voter.objects.filter(election=election, user=user).exists():
            raise Forbidden("You are not eligible to vote in this election.", code="not_eligible")
        candidates = frozenset(p.number for p in selectors.election_candidates(election=election))
        hidden = selectors.conflicted_paper_numbers(election=election, user=user)
        try:
            parsed = parse_ballot(
                {"voter": "you", "ranking": ranking, "cannot_rank": sorted(hidden)},
                candidates=candidates,
                election=election.pk,
            )
        except TallyInputError as exc:
            message = _FRIENDLY.get(exc.problem, exc.message).format(c=exc.candidate)
            raise ApplicationError(message, code=exc.problem) from exc
        tiers = [list(tier) for tier in parsed.ranking]
        key = selectors.ballot_key(election=election, user=user)
        ballot = Ballot.objects.filter(election=election, key=key).first()
        if ballot is None:
            ballot = Ballot(election=election, key=key, receipt=_receipt())
        ballot.ranking, ballot.cannot_rank = tiers, sorted(hidden)
        ballot.save()
    return ballot


def election_close(*, election: Election, user: User | None = None) -> Election:
    """Closes the vote to ballots and runs the tally as a job; closing again changes nothing."""
    with transaction.atomic():
        election = Election.objects.select_for_update().get(pk=election.pk)
        if election.state == Election.State.CLOSED:
            return election
        if election.state == Election.State.OPEN:
            election.state = Election.State.TALLYING
            election.closed_at = timezone.now()
            election.closed_by = user
            election.save(update_fields=["state", "closed_at", "closed_by", "updated_at"])
            _log(
                election=election,
                action=ElectionEvent.Action.CLOSED,
                actor=user,
                data={"ballots": election.ballots.count()},
            )
        # Still tallying (a worker may have died mid-tally): enqueue it again; the tally is idempotent.
        enqueue_on_commit("sllm.votes.tally", election.pk)
    return election


def elections_close_due() -> list[int]:
    """The job: closes votes past their deadline and reruns tallies that never finished."""
    due = Election.objects.filter(
        Q(state=Election.State.OPEN, deadline__lte=timezone.now()) | Q(state=Election.State.TALLYING)
    )
    return [election_close(election=election).pk for election in due]


def election_tally(*, election_id: int) -> Election | None:
    """Tallies a closed vote and stores the result with the digest of the anonymised ballots.

    One transaction: a worker that dies here leaves the vote `tallying`, from which the job reruns.
    Rerunning a tallied vote recomputes nothing and returns the stored result.
    """
    with transaction.atomic():
        election = Election.objects.select_for_update().filter(pk=election_id).first()
        if election is None or election.state == Election.State.OPEN:
            return election
        document = selectors.election_export(election=election)
        digest = selectors.export_digest(document)
        if election.state == Election.State.CLOSED:
            if digest != election.ballots_digest:
                raise Conflict("The stored ballots no longer match the tallied digest.", code="digest_mismatch")
            return election
        result = tally(parse_election(document))
        # Stored as JSON returns it, so the stored result compares equal to `manage.py tally`'s output.
        election.result = _as_json_types(
            {**result.as_json(), "tied_at_cut": result.tied_at_cut, "seats_left": result.seats_left}
        )
        election.ballots_digest = digest
        election.state = Election.State.CLOSED
        election.tallied_at = timezone.now()
        election.save(update_fields=["result", "ballots_digest", "state", "tallied_at", "updated_at"])
        _log(
            election=election,
            action=ElectionEvent.Action.TALLIED,
            data={"digest": digest, "ballots": len(document["ballots"])},
        )
        _apply_decision(election=election, papers=list(result.winners), action=ElectionEvent.Action.DECIDED)
    return election


def _as_json_types(value):
    return json.loads(json.dumps(value))


def _apply_decision(*, election: Election, papers: list[int], action: str, actor=None, reason: str = ""):
    if election.kind == Election.Kind.ORALS:
        candidates = [c.paper_id for c in election.candidates.all()]
        chosen = Paper.objects.filter(workshop=election.workshop, number__in=papers)
        Paper.objects.filter(pk__in=candidates, presentation=Paper.Presentation.ORAL).exclude(pk__in=chosen).update(
            presentation=Paper.Presentation.NONE
        )
        chosen.update(presentation=Paper.Presentation.ORAL)
    # The award lives in the decision itself; the paper page and the program read it from there.
    transaction.on_commit(lambda: site_cache_bump(election.workshop))
    return _log(election=election, action=action, actor=actor, reason=reason, data={"papers": sorted(papers)})


def election_decide(*, election: Election, user: User, papers: list[int], reason: str) -> ElectionEvent:
    """An organizer's decision over the result (a tie at the cut, or an override), with a logged reason."""
    reason = _clean_reason(reason)
    with transaction.atomic():
        election = Election.objects.select_for_update().get(pk=election.pk)
        if election.state != Election.State.CLOSED:
            raise Conflict("Decide once the vote has closed and been tallied.", code="not_closed")
        if not reason:
            raise ApplicationError("Give a reason for this decision; it is logged.", code="reason_required")
        candidates = {p.number for p in selectors.election_candidates(election=election)}
        if len(set(papers)) != len(papers):
            raise ApplicationError("Name each paper once.", code="repeated_candidate")
        unknown = sorted(set(papers) - candidates)
        if unknown:
            raise ApplicationError(f"Paper #{unknown[0]} was not a candidate in this vote.", code="unknown_candidate")
        if not papers:
            raise ApplicationError("Choose at least one paper.", code="invalid")
        return _apply_decision(
            election=election,
            papers=papers,
            action=ElectionEvent.Action.OVERRIDDEN,
            actor=user,
            reason=reason,
        )


def award_nomination_set(*, workshop: Workshop, user: User, number: int, nominated: bool) -> bool:
    """Nominates (or withdraws the nomination of) an eligible paper for the Best Student Paper award."""
    with transaction.atomic():
        if Election.objects.filter(workshop=workshop, kind=Election.Kind.STUDENT_AWARD).exists():
            raise Conflict("Nominations closed when the award vote opened.", code="vote_open")
        paper = selectors.student_award_eligible_papers(workshop=workshop).filter(number=number).first()
        if paper is None:
            raise ApplicationError(
                f"Paper #{number} is not eligible: only accepted papers whose first author is a student are.",
                code="not_eligible",
            )
        if PaperConflict.objects.filter(paper=paper, reviewer=user).exists():
            raise Forbidden("You have a conflict with this paper and cannot nominate it.", code="conflict")
        if nominated:
            AwardNomination.objects.get_or_create(workshop=workshop, paper=paper, nominator=user)
        else:
            AwardNomination.objects.filter(paper=paper, nominator=user).delete()
    return nominated


def award_committee_add(*, workshop: Workshop, email: str) -> Role:
    """Names a member of the Best Student Paper committee (before its vote opens: voters are fixed then)."""
    email = (email or "").strip().lower()
    with transaction.atomic():
        if Election.objects.filter(workshop=workshop, kind=Election.Kind.STUDENT_AWARD).exists():
            raise Conflict("The committee is fixed once the award vote has opened.", code="vote_open")
        person = User.objects.filter(email=email).first()
        if person is None:
            raise ApplicationError(f"No account uses the address {email or '(empty)'}.", code="unknown_user")
        return role_grant(user=person, workshop=workshop, kind=Role.Kind.AWARD_COMMITTEE)
