"""Reads for the public site: only what the public may see (accepted papers of public editions)."""

from pathlib import Path

import markdown
import nh3
from django.db.models import Prefetch, prefetch_related_objects

from sllm.artifacts.selectors import badges_for_papers as artifact_badges_for_papers
from sllm.reviewing.votes.selectors import award_list
from sllm.submissions.bibtex import bibtex_entry, bibtex_write
from sllm.submissions.models import Authorship
from sllm.submissions.selectors import paper_list_public
from sllm.workshops.selectors import track_list

CFP = Path(__file__).resolve().parent.parent / "workshops" / "seeds" / "call-for-papers.md"
CFP_TAGS = {"h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "a", "code", "blockquote"}


def papers_by_track(*, edition, query: str = "", topic: str = "") -> list[dict]:
    papers = list(paper_list_public(edition=edition, query=query, topic=topic))
    return [
        {"track": track, "papers": [p for p in papers if p.track_id == track.pk]}
        for track in track_list(edition=edition)
    ]


def paper_authors_prefetch(*, paper) -> None:
    """One query for the authors that the page, its BibTeX and the other apps' sections all list."""
    prefetch_related_objects([paper], Prefetch("authorships", queryset=Authorship.objects.order_by("position")))


def call_for_papers_html() -> str:
    # The seed text is trusted, but it is still cleaned: what reaches a page goes through one sanitizer.
    return nh3.clean(markdown.markdown(CFP.read_text()), tags=CFP_TAGS, url_schemes={"http", "https", "mailto"})


def paper_bibtex(*, paper) -> str:
    """The paper's entry before the proceedings give it pages: the same key and escaping as theirs."""
    entry = bibtex_entry(
        slug=paper.edition.slug,
        number=paper.number,
        title=paper.title,
        authors=[a.name for a in paper.authorships.all()],
        booktitle=paper.edition.name,
        year=paper.edition.start_date.year,
        note=paper.track.name,
    )
    return bibtex_write([entry]).strip()


def awards_public(*, edition) -> list[dict]:
    """[{"award": str, "paper": Paper}]: the decided awards, as the votes app publishes them."""
    return award_list(edition=edition)


def badges_for_papers(paper_ids: list[int]) -> dict:
    """{paper id: [badge, ...]}, as the artifacts app awards them."""
    return dict(artifact_badges_for_papers(paper_ids)) if paper_ids else {}
