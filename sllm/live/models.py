from django.db import models

from sllm.core.models import TimeStampedModel


class QuestionBoard(TimeStampedModel):
    """The Q&A of one talk, oral or panel slot; exists once organizers closed or reopened it."""

    slot = models.OneToOneField("program.Slot", on_delete=models.CASCADE, related_name="question_board")
    is_closed = models.BooleanField(default=False)

    def __str__(self):
        return f"Q&A of slot {self.slot_id}"


class Question(TimeStampedModel):
    """A question from the room or the livestream; it stays with the slot (and its recording)."""

    slot = models.ForeignKey("program.Slot", on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=500)
    name = models.CharField(max_length=80, blank=True)
    upvotes = models.PositiveIntegerField(default=0)
    is_hidden = models.BooleanField(default=False)
    is_answered = models.BooleanField(default=False)
    is_pinned = models.BooleanField(default=False)
    # Asked before a panel started: not public until a moderator approves it.
    is_pending = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_pinned", "is_answered", "-upvotes", "created_at", "pk"]
        indexes = [models.Index(fields=["slot", "is_hidden"], name="live_question_slot_hidden")]

    def __str__(self):
        return self.text[:60]


class Upvote(models.Model):
    """One per question and browser: the voter is a random id in a signed cookie, not a person."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="votes")
    voter = models.CharField(max_length=36)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "voter"], name="unique_upvote_per_voter")]

    def __str__(self):
        return f"Upvote of question {self.question_id}"
