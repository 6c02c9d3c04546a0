"""The demo edition, SLLM 2025, built by each app's own `demo.load(*, workshop, stdout)` in a fixed order.

This app sits above every other one (the app order in pyproject.toml), so it may name them all; no app
reaches up into the demo. The order is the order data depends on: the edition and people first, the
papers before the program that places them, the program before the live Q&A on its talks, and the oral
vote last because it needs the nominations that the OpenReview demo sync imports; the program's oral
slots then take the vote's winners in a second release.
"""

from sllm.accounts import demo as accounts_demo
from sllm.artifacts import demo as artifacts_demo
from sllm.core.storage import atomic_with_files
from sllm.grants import demo as grants_demo
from sllm.live import demo as live_demo
from sllm.mail import demo as mail_demo
from sllm.mentoring import demo as mentoring_demo
from sllm.news import demo as news_demo
from sllm.openreview import demo as openreview_demo
from sllm.proceedings import demo as proceedings_demo
from sllm.program import demo as program_demo
from sllm.reviewing.votes import demo as votes_demo
from sllm.submissions import demo as submissions_demo
from sllm.workshops import demo as workshops_demo
from sllm.workshops.models import Edition

LOADERS = [
    workshops_demo.load,
    accounts_demo.load,
    submissions_demo.load,
    program_demo.load,
    artifacts_demo.load,
    grants_demo.load,
    live_demo.load,
    mail_demo.load,
    mentoring_demo.load,
    news_demo.load,
    openreview_demo.load,
    proceedings_demo.load,
    votes_demo.load,
    program_demo.load_oral_vote_release,
]

DEMO_LOGINS = accounts_demo.DEMO_LOGINS
DEMO_PASSWORD = accounts_demo.DEMO_PASSWORD


def demo_load(*, stdout) -> Edition:
    """Loads (or refreshes) the demo edition; each app's part commits on its own, so a rerun resumes."""
    edition = None
    for load in LOADERS:
        with atomic_with_files():
            if edition is None:
                edition = workshops_demo.demo_edition()
            load(edition=edition, stdout=stdout)
    return edition
