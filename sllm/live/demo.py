"""Demo Q&A: questions, upvotes, one answered and one pinned, on the first invited talk."""

import uuid

from sllm.program.models import Slot

from .models import Question
from .services import question_ask, question_moderate, question_upvote

QUESTIONS = [
    ("Does 2:4 sparsity still pay off at decode batch sizes?", "Lena", 7),
    ("How do you pick which experts to prune in an MoE?", "", 5),
    ("Is the accuracy loss recoverable with LoRA after pruning?", "Ravi", 3),
    ("Which kernels did you use for the unstructured case?", "", 1),
    ("Will the code and checkpoints be released?", "Sam", 0),
]


def _first_talk(edition):
    return Slot.objects.filter(session__edition=edition, kind=Slot.Kind.INVITED).order_by("start").first()


def load(*, edition, stdout) -> None:
    # sllm/demo/loaders.py loads the program before the live Q&A on its talks.
    slot = _first_talk(edition)
    if slot is None:
        stdout.write("  no talk for the live Q&A")
        return
    if Question.objects.filter(slot=slot).exists():
        stdout.write("  live Q&A already there")
        return
    slot = Slot.objects.select_related("session__edition").get(pk=slot.pk)
    for position, (text, name, votes) in enumerate(QUESTIONS):
        question = question_ask(slot=slot, text=text, name=name, browser=f"demo-asker-{position}", address="demo")
        question.slot = slot
        for _ in range(votes):
            question_upvote(question=question, browser=str(uuid.uuid4()), address="demo")
        if position == 2:
            question_moderate(question=question, action="answer")
        if position == 4:
            question_moderate(question=question, action="pin")
    stdout.write(f"  live Q&A with questions on {slot.title}")
