"""Who reviews what: anonymous reviewer groups, and assignment and conflict edges."""

from .. import ids
from .core import VenueCore


class EdgesMixin(VenueCore):
    """Anonymous groups per paper and committee member; the edges that assign or bar them."""

    def _anon_group(self, number: int, profile_id: str, *, area_chair: bool = False) -> str:
        v = self.venue_id
        paper = f"{v}/Submission{number}"
        committee, anon = ("Area_Chairs", "Area_Chair_") if area_chair else ("Reviewers", "Reviewer_")
        known = self._anon_ids.get((number, profile_id, area_chair))
        if known:
            return known
        while True:
            anon_id = f"{paper}/{anon}{ids.anon_suffix(self.rng)}"
            if anon_id not in self.groups:
                break
        self._group(anon_id, members=[profile_id], readers=[v, f"{paper}/Area_Chairs", anon_id])
        self.groups[f"{paper}/{committee}"]["members"].append(anon_id)
        self._anon_ids[(number, profile_id, area_chair)] = anon_id
        return anon_id

    def _edge(self, invitation: str, head: str, tail: str, *, weight: float, label: str | None, number: int) -> str:
        v = self.venue_id
        now = self.tick()
        edge_id = ids.edge_id(self.rng)
        edge = {
            "id": edge_id,
            "invitation": invitation,
            "domain": v,
            "head": head,
            "tail": tail,
            "weight": weight,
            "readers": [v, f"{v}/Submission{number}/Area_Chairs", tail],
            "nonreaders": [],
            "writers": [v],
            "signatures": [v],
            "cdate": now,
            "tcdate": now,
            "tmdate": now,
            "tauthor": "OpenReview.net",
        }
        if label is not None:
            edge["label"] = label
        self.edges[edge_id] = edge
        return edge_id

    def assign(self, number: int, profile_id: str, *, area_chair: bool = False, deleted: bool = False) -> str:
        committee = "Area_Chairs" if area_chair else "Reviewers"
        if not deleted:
            self._anon_group(number, profile_id, area_chair=area_chair)
        edge_id = self._edge(
            f"{self.venue_id}/{committee}/-/Assignment",
            self.submissions[number],
            profile_id,
            weight=1,
            label=None,
            number=number,
        )
        if deleted:
            self.edges[edge_id]["ddate"] = self.tick()
        return edge_id

    def add_conflict(self, number: int, profile_id: str, *, label: str = "Conflict", area_chair: bool = False) -> str:
        committee = "Area_Chairs" if area_chair else "Reviewers"
        return self._edge(
            f"{self.venue_id}/{committee}/-/Conflict",
            self.submissions[number],
            profile_id,
            weight=-1,
            label=label,
            number=number,
        )
