"""Reads for the public site: only what the public may see (accepted papers of public editions)."""

from pathlib import Path

import markdown
import nh3
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404

from sllm.proceedings.models import VolumeSettings
from sllm.proceedings.selectors import volume_settings
from sllm.program.selectors.release import release_head
from sllm.reviewing.votes.selectors import award_list
from sllm.submissions.bibtex import NON_ARCHIVAL_NOTE, bibtex_entry, bibtex_write
from sllm.submissions.models import Authorship, Paper
from sllm.submissions.selectors import paper_filter_public
from sllm.workshops.selectors import call_get, track_list

from .program import (
    BOARDS_PER_PAGE,
    board_page,
    calendar_release,
    paper_presentation,
    posters_page,
    recordings_public,
    schedule_dates,
    schedule_day,
    speakers_public,
    talk_release,
)

__all__ = [
    "BOARDS_PER_PAGE",
    "board_page",
    "calendar_release",
    "paper_presentation",
    "posters_page",
    "recordings_public",
    "release_head",
    "schedule_dates",
    "schedule_day",
    "speakers_public",
    "talk_release",
]

CFP = Path(__file__).resolve().parents[2] / "workshops" / "seeds" / "call-for-papers.md"
PAPERS_PER_PAGE = 50
PRESENTATIONS = dict(Paper.Presentation.choices)
CFP_TAGS = {"h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "a", "code", "blockquote"}


def papers_page(*, edition, query: str = "", topic: str = "", page: int = 1) -> dict | None:
    """One page of the accepted papers (by track, then number), grouped by track:
    {"groups": [{"track": {"kind", "name"}, "papers": [{"number", "title", "presentation", "authors"}]}],
    "total", "page", "pages", "first"}; None past the last page. Three queries: the count, the page's
    rows and their authors (a window count over every row would sort their titles too: slower)."""
    matching = paper_filter_public(edition=edition, query=query, topic=topic)
    total = matching.count()
    pages = max(1, -(-total // PAPERS_PER_PAGE))
    if not 1 <= page <= pages:
        return None
    first = (page - 1) * PAPERS_PER_PAGE
    rows = (
        matching.order_by("track__kind", "number").values(
            "pk", "number", "title", "presentation", "track_id", "track__kind", "track__name"
        )[first : first + PAPERS_PER_PAGE]
        if total
        else []
    )
    papers = {
        row["pk"]: {**row, "presentation_label": PRESENTATIONS[row["presentation"]], "authors": []} for row in rows
    }
    authors = Authorship.objects.filter(paper__in=list(papers)).order_by("paper_id", "position")
    for paper_id, name in authors.values_list("paper_id", "name") if papers else ():
        papers[paper_id]["authors"].append(name)
    groups: dict[int, dict] = {}  # by track, in the order of the rows (by kind)
    for paper in papers.values():
        track = {"kind": paper["track__kind"], "name": paper["track__name"]}
        groups.setdefault(paper["track_id"], {"track": track, "papers": []})["papers"].append(paper)
    return {
        "groups": list(groups.values()),
        "total": total,
        "page": page,
        "pages": pages,
        "first": first + 1,
    }


def paper_public(*, slug: str, number: int) -> Paper:
    """The accepted paper `number` of the public edition `slug`, with its edition, the edition's volume
    settings and its track, in one query: what edition_get_public and access_paper_public find in two (404
    where either would), and what the citation and the proceedings section would read twice more."""
    papers = Paper.objects.select_related("track", "edition", "edition__volume_settings").filter(
        edition__slug=slug, edition__is_public=True, status=Paper.Status.ACCEPTED, number=number
    )
    paper = papers.first()
    if paper is None:
        raise Http404("No such paper.")
    return paper


def paper_authors_prefetch(*, paper) -> None:
    """One query for the authors that the page, its BibTeX and the other apps' sections all list."""
    prefetch_related_objects([paper], Prefetch("authorships", queryset=Authorship.objects.order_by("position")))


def call_for_papers_html() -> str:
    # The seed text is trusted, but it is still cleaned: what reaches a page goes through one sanitizer.
    return nh3.clean(markdown.markdown(CFP.read_text()), tags=CFP_TAGS, url_schemes={"http", "https", "mailto"})


def call_public(*, edition, zone) -> dict:
    """The call as organizers wrote it (the seed text until they do), its topics (the very list the
    submission form offers) and each track's dates in the edition's zone and in the visitor's."""
    call = call_get(edition=edition)
    tracks = []
    for track in track_list(edition=edition):
        dates = [("Submission deadline", track.submission_deadline)]
        if track.camera_ready_deadline:
            dates.append(("Camera-ready deadline", track.camera_ready_deadline))
        tracks.append(
            {
                "track": track,
                "dates": [
                    {
                        "label": label,
                        "utc": when,
                        "edition": when.astimezone(edition.tz),
                        "visitor": when.astimezone(zone),
                    }
                    for label, when in dates
                ],
            }
        )
    return {
        "cfp": call.text_html if call else call_for_papers_html(),
        "formatting": call.formatting_html if call else "",
        "dual_rule": call.dual_submission_rule if call else "",
        "topics": list(edition.topics),
        "tracks": tracks,
    }


def paper_bibtex(*, paper) -> str:
    """The paper's entry before the proceedings give it pages: the same key and escaping as theirs; a
    non-archival edition's says so, as its volume does (@misc if it chose)."""
    chosen = volume_settings(edition=paper.edition)
    note = paper.track.name if chosen.archival else f"{paper.track.name}; {NON_ARCHIVAL_NOTE}"
    entry = bibtex_entry(
        slug=paper.edition.slug,
        number=paper.number,
        title=paper.title,
        authors=[a.name for a in paper.authorships.all()],
        booktitle=paper.edition.name,
        year=paper.edition.start_date.year,
        note=note,
        misc=not chosen.archival and chosen.non_archival_entry == VolumeSettings.NonArchivalEntry.MISC,
    )
    return bibtex_write([entry]).strip()


def awards_public(*, edition) -> list[dict]:
    """[{"award": str, "paper": Paper}]: the decided awards, as the votes app publishes them."""
    return award_list(edition=edition)
