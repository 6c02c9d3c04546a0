"""Demo news: three items, one of them still a draft."""

import datetime as dt

from django.utils import timezone

from sllm.accounts.models import User

from .models import NewsItem
from .services import news_create

ITEMS = [
    (
        "Call for papers is out",
        40,
        True,
        "We invite **Main track** papers (5 pages) and **Tiny Papers** (2 pages) on all aspects of sparsity "
        "in "
        "large language models: mixture of experts, pruning, quantization, activation sparsity and more.\n\n"
        "Submissions go through [OpenReview](https://openreview.net).",
    ),
    (
        "Travel grants for students",
        20,
        True,
        "Thanks to our sponsors we offer **travel grants** for students and for people from underrepresented "
        "groups. Apply on the *Travel grants* page before the deadline.",
    ),
    (
        "Accepted papers and schedule",
        2,
        True,
        "The accepted papers are online, and the schedule is out:\n\n- 5 invited talks\n- 4 orals\n"
        "- 2 poster sessions\n- a panel on the state of LLM inference efficiency\n\n"
        "Every talk has a live Q&A page: ask from the room or from the livestream.",
    ),
    ("Recordings (draft)", 0, False, "The recordings will be linked here after the event."),
]


def load(*, edition, stdout) -> None:
    if NewsItem.objects.filter(edition=edition).exists():
        stdout.write("  news already there")
        return
    author = User.objects.filter(email="organizer@sllm.example.org").first()
    for title, days_ago, publish, body in ITEMS:
        item = news_create(edition=edition, author=author, title=title, body=body, publish=publish)
        if publish:
            # Backdated so the feed shows a history; the service stamps "now" on publication.
            NewsItem.objects.filter(pk=item.pk).update(published_at=timezone.now() - dt.timedelta(days=days_ago))
    stdout.write("  news with an Atom feed")
