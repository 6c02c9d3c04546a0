import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from sllm.core.errors import ApplicationError
from sllm.reviewing.models import Vote
from sllm.reviewing.tally.anonymity import K_ANONYMITY
from sllm.workshops.permissions import access_edition_as_organizer
from sllm.workshops.selectors import edition_get

from . import permissions, selectors, services
from .forms import BallotForm, CommitteeForm, DecideForm, OpenVoteForm, rank_initial


def _vote_panel(vote: Vote | None) -> dict | None:
    if vote is None:
        return None
    candidates = selectors.vote_candidates(vote=vote)
    result = vote.result or {}
    by_number = {p.number: p for p in candidates}
    decision = selectors.vote_decision(vote=vote)
    return {
        "vote": vote,
        "candidates": candidates,
        "turnout": selectors.vote_turnout(vote=vote),
        "ranking": [[by_number.get(n) for n in tier] for tier in result.get("ranking", [])],
        "winners": [by_number.get(n) for n in result.get("winners", [])],
        "tied": [by_number.get(n) for n in result.get("tied_at_cut", [])],
        "seats_left": result.get("seats_left", 0),
        "margins": selectors.margins_table(vote=vote),
        "decision": decision,
        "decided_papers": [by_number.get(n) for n in (decision.data.get("papers", []) if decision else [])],
        "log": selectors.vote_log(vote=vote),
        "decide_form": DecideForm(candidates=candidates, prefix=vote.kind),
    }


@login_required
def dashboard_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    votes = selectors.vote_list(edition=edition)
    context = {
        "edition": edition,
        "coverage": selectors.review_coverage(edition=edition),
        "nominations": selectors.oral_nominations(edition=edition),
        "award_nominations": selectors.award_nominations(edition=edition),
        "committee": selectors.eligible_voter_users(edition=edition, kind=Vote.Kind.STUDENT_AWARD),
        "orals": _vote_panel(votes.get(Vote.Kind.ORALS)),
        "award": _vote_panel(votes.get(Vote.Kind.STUDENT_AWARD)),
        "open_form": OpenVoteForm(),
        "committee_form": CommitteeForm(),
        "kinds": Vote.Kind,
    }
    return render(request, "votes/dashboard.html", context)


@login_required
@require_POST
def open_view(request, slug, kind):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    form = OpenVoteForm(request.POST)
    if not form.is_valid():
        raise ApplicationError(" ".join(m for errors in form.errors.values() for m in errors), code="invalid")
    deadline = form.cleaned_data["deadline"]
    if deadline is not None and timezone.is_naive(deadline):
        deadline = timezone.make_aware(deadline, timezone.UTC)
    vote = services.vote_open(
        edition=edition,
        kind=kind,
        user=request.user,
        reason=form.cleaned_data["reason"],
        deadline=deadline,
    )
    messages.success(request, f"The {vote.get_kind_display()} vote is open; the voters were mailed.")
    return redirect("votes:dashboard", slug=slug)


@login_required
@require_POST
def close_view(request, slug, kind):
    vote = permissions.access_vote_as_organizer(user=request.user, slug=slug, kind=kind)
    vote = services.vote_close(vote=vote, user=request.user)
    messages.success(request, f"The {vote.get_kind_display()} vote is closed.")
    return redirect("votes:dashboard", slug=slug)


@login_required
@require_POST
def decide_view(request, slug, kind):
    vote = permissions.access_vote_as_organizer(user=request.user, slug=slug, kind=kind)
    form = DecideForm(request.POST, candidates=selectors.vote_candidates(vote=vote), prefix=kind)
    if not form.is_valid():
        raise ApplicationError(" ".join(m for errors in form.errors.values() for m in errors), code="invalid")
    services.vote_decide(
        vote=vote,
        user=request.user,
        papers=form.cleaned_data["papers"],
        reason=form.cleaned_data["reason"],
    )
    messages.success(request, "The decision is recorded with its reason.")
    return redirect("votes:dashboard", slug=slug)


@login_required
@require_POST
def committee_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    form = CommitteeForm(request.POST)
    if not form.is_valid():
        raise ApplicationError("Enter a valid email address.", code="invalid")
    role = services.award_committee_add(edition=edition, email=form.cleaned_data["email"])
    messages.success(request, f"{role.user} is on the Best Student Paper committee.")
    return redirect("votes:dashboard", slug=slug)


@login_required
def ballot_view(request, slug, kind):
    edition = edition_get(slug=slug)
    vote = permissions.access_ballot(user=request.user, edition=edition, kind=kind)
    papers = selectors.ballot_papers(vote=vote, user=request.user)
    ballot = selectors.ballot_of(vote=vote, user=request.user)
    status = 200
    if request.method == "POST":
        form = BallotForm(request.POST, papers=papers)
        if form.is_valid():
            try:
                ballot = services.ballot_cast(vote=vote, user=request.user, ranking=form.ranking())
                messages.success(request, f"Your ballot is recorded. Your receipt: {ballot.receipt}")
                return redirect("votes:ballot", slug=slug, kind=kind)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
                status = exc.status_code
        else:
            status = 400
    else:
        form = BallotForm(initial=rank_initial(ballot.ranking) if ballot else {}, papers=papers)
    context = {
        "edition": edition,
        "vote": vote,
        "form": form,
        "ballot": ballot,
        "rows": [(paper, form[f"rank_{paper.number}"]) for paper in papers],
        "turnout": selectors.vote_turnout(vote=vote),
    }
    return render(request, "votes/ballot.html", context, status=status)


@login_required
def ballots_view(request, slug, kind):
    edition = edition_get(slug=slug)
    vote = permissions.access_published_ballots(user=request.user, edition=edition, kind=kind)
    document = selectors.vote_export(vote=vote)
    papers = selectors.vote_candidates(vote=vote)
    own = selectors.ballot_of(vote=vote, user=request.user)
    rows = [
        {
            "receipt": b["voter"],
            # None: withheld, the pattern is shared by too few ballots to publish.
            "cannot_rank": b.get("cannot_rank"),
            "tiers": [
                " = ".join(f"#{n}" for n in (tier if isinstance(tier, list) else [tier])) for tier in b["ranking"]
            ],
        }
        for b in document["ballots"]
    ]
    context = {
        "edition": edition,
        "vote": vote,
        "document": document,
        "papers": papers,
        "rows": rows,
        "result_tiers": [" = ".join(f"#{n}" for n in tier) for tier in vote.result["ranking"]],
        "own_receipt": own.receipt if own else None,
        "k": K_ANONYMITY,
        "withheld_pairs": [
            f"#{x} over #{y}: {count}" for x, row in document["withheld_conflicts"].items() for y, count in row.items()
        ],
        "digest": vote.ballots_digest,
    }
    return render(request, "votes/ballots.html", context)


@login_required
def ballots_json_view(request, slug, kind):
    edition = edition_get(slug=slug)
    vote = permissions.access_published_ballots(user=request.user, edition=edition, kind=kind)
    body = json.dumps(selectors.vote_export(vote=vote), indent=2) + "\n"
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="ballots-{slug}-{kind}.json"'
    return response


@login_required
def award_nominations_view(request, slug):
    edition = edition_get(slug=slug)
    permissions.access_award_nominations(user=request.user, edition=edition)
    if request.method == "POST":
        try:
            number = int(request.POST.get("paper", ""))
        except ValueError as exc:
            raise ApplicationError("Name a paper by its number.", code="invalid") from exc
        nominated = services.award_nomination_set(
            edition=edition,
            user=request.user,
            number=number,
            nominated=request.POST.get("nominate") == "1",
        )
        messages.success(request, f"Paper #{number} is {'nominated' if nominated else 'no longer nominated'}.")
        return redirect("votes:award-nominations", slug=slug)
    context = {
        "edition": edition,
        "rows": selectors.award_nominations(edition=edition),
        "mine": selectors.user_award_nominations(edition=edition, user=request.user),
        "vote": selectors.vote_get(edition=edition, kind=Vote.Kind.STUDENT_AWARD),
    }
    return render(request, "votes/award_nominations.html", context)
