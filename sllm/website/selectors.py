"""Reads for the public site: only what the public may see (accepted papers of public editions)."""

from sllm.submissions.selectors import paper_list_public
from sllm.workshops.selectors import track_list


def papers_by_track(*, workshop, query: str = "", topic: str = "") -> list[dict]:
    papers = list(paper_list_public(workshop=workshop, query=query, topic=topic))
    return [
        {"track": track, "papers": [p for p in papers if p.track_id == track.pk]}
        for track in track_list(workshop=workshop)
    ]
