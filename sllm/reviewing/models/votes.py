"""Secret ranked votes: the oral selection and the Best Student Paper award.

Secrecy is in the shape of the tables: `Voter` says who may vote and holds nothing of what they ranked;
`Ballot` holds what was ranked under a receipt code and a keyed hash of (election, voter), so that a
voter can replace their own ballot, while the tables alone never join a person to a ranking.
"""

from django.conf import settings
from django.db import models

from sllm.core.jobs import is_stale
from sllm.core.models import TimeStampedModel

TALLY_JOB = "sllm.votes.tally"


class Vote(TimeStampedModel):
    class Kind(models.TextChoices):
        ORALS = "orals", "Oral presentations"
        STUDENT_AWARD = "student_award", "Best Student Paper"

    class State(models.TextChoices):
        OPEN = "open", "Open"
        # Closed to ballots; the tally job has not stored the result yet (it reruns from here).
        TALLYING = "tallying", "Closed, tallying"
        CLOSED = "closed", "Closed"

    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="votes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    seats = models.PositiveSmallIntegerField()
    deadline = models.DateTimeField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the vote opened by itself once every review was in.",
    )
    open_reason = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Written by the tally job in the same transaction that sets the state to closed.
    ballots_digest = models.CharField(max_length=64, blank=True)
    result = models.JSONField(null=True, blank=True)
    tallied_at = models.DateTimeField(null=True, blank=True)
    # The stale-job sweep (sllm/core/jobs.py): how often it queued the tally again, and why it gave up.
    tally_sweeps = models.PositiveSmallIntegerField(default=0)
    tally_error = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["edition", "kind"], name="unique_vote_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} vote ({self.edition.slug})"

    @property
    def can_retry(self) -> bool:
        """Still tallying past the tally job's limit, or given up on: the organizers' Retry button."""
        return self.state == self.State.TALLYING and (bool(self.tally_error) or is_stale(TALLY_JOB, self.updated_at))


class Candidate(models.Model):
    """A paper on the ballot, fixed when the vote opens."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="candidates")
    paper = models.ForeignKey("submissions.Paper", on_delete=models.CASCADE, related_name="vote_candidacies")

    class Meta:
        ordering = ["paper__number"]
        constraints = [models.UniqueConstraint(fields=["vote", "paper"], name="unique_candidate")]

    def __str__(self):
        return f"Paper #{self.paper.number} in {self.vote}"


class Voter(models.Model):
    """Who may vote in an election; nothing here says whether or how they voted."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="voters")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vote", "user"], name="unique_voter")]

    def __str__(self):
        return f"{self.user} may vote in {self.vote}"


class Ballot(TimeStampedModel):
    """One ranking, under its receipt code; `key` is a keyed hash, not a link to the voter."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    key = models.CharField(max_length=64)
    receipt = models.CharField(max_length=20)
    # Tiers of paper numbers, best first; papers left out tie below all ranked ones.
    ranking = models.JSONField(default=list)
    # The numbers of the candidates this voter had a conflict with when they cast it.
    cannot_rank = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vote", "key"], name="unique_ballot_key"),
            models.UniqueConstraint(fields=["vote", "receipt"], name="unique_ballot_receipt"),
        ]


class VoteEvent(models.Model):
    """The log of a vote: opened (with the reason when early), closed, tallied, decided, overridden."""

    class Action(models.TextChoices):
        OPENED = "opened", "Opened"
        CLOSED = "closed", "Closed"
        TALLIED = "tallied", "Tallied"
        DECIDED = "decided", "Decided from the result"
        OVERRIDDEN = "overridden", "Decided by the organizers"

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(blank=True)
    # For decisions: {"papers": [numbers]}, the papers chosen (orals, or the award).
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.vote}"


class AwardNomination(TimeStampedModel):
    """A nomination for the Best Student Paper award by a member of the committee or an organizer."""

    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="award_nominations")
    paper = models.ForeignKey("submissions.Paper", on_delete=models.CASCADE, related_name="award_nominations")
    nominator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["paper", "nominator"], name="unique_award_nomination")]
