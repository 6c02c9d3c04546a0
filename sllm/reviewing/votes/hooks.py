"""Where the votes plug into shared pages: the organizers' dashboard and the public paper page."""

from sllm.core.registry import JobFamily, register_dashboard_panel, register_job_family, register_paper_section

from . import selectors
from .sweeps import vote_tally_retry, votes_sweep


def paper_award_section(paper) -> dict:
    return {"awards": selectors.paper_awards(paper=paper)}


def register() -> None:
    register_dashboard_panel("Oral vote and Best Student Paper", "votes:dashboard", order=40)
    register_paper_section("votes/paper_awards.html", paper_award_section, order=10)
    register_job_family(JobFamily("tally", "Vote tally", votes_sweep, vote_tally_retry, "votes:dashboard"))
