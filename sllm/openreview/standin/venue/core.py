"""The venue's skeleton: its groups and invitations, the clock every entity is dated by, and the output."""

import json
import random
from pathlib import Path

from .. import ids
from ..attachments import write_attachments

BASE_MS = 1_740_000_000_000  # 2025-02-19: fixed, so that generated venues are reproducible


def wrap(content: dict) -> dict:
    return {name: {"value": value} for name, value in content.items()}


class VenueCore:
    """The venue group with its committees and invitations; entities by kind, ready to write as fixtures."""

    def __init__(
        self,
        venue_id: str = "ICLR.cc/2025/Workshop/SLLM",
        *,
        seed: int = 0,
        title: str = "ICLR 2025 Workshop on Sparsity in LLMs",
        review_duedate: int | None = None,
    ):
        self.venue_id = v = venue_id
        self.rng = random.Random(seed)
        self.groups: dict[str, dict] = {}
        self.invitations: dict[str, dict] = {}
        self.notes: dict[str, dict] = {}
        self.edges: dict[str, dict] = {}
        self.profiles: dict[str, dict] = {}
        self.users: dict[str, dict] = {}
        self.submissions: dict[int, str] = {}
        self._review_numbers: dict[str, int] = {}
        self._anon_ids: dict[tuple, str] = {}
        self.clock = BASE_MS
        parent = v.rsplit("/", 1)[0]
        self._group(parent, members=[], readers=["everyone"], domain="OpenReview.net", content={})
        self._group(
            v,
            members=[f"{v}/Program_Chairs"],
            readers=["everyone"],
            content=wrap(
                {
                    "title": title,
                    "subtitle": "ICLR 2025 Workshop",
                    "website": "https://www.sparsellm.org",
                    "location": "Singapore",
                    "start_date": "Apr 27 2025",
                    "contact": "sllm@example.org",
                    "submission_id": f"{v}/-/Submission",
                    "submission_name": "Submission",
                    "submission_venue_id": f"{v}/Submission",
                    "rejected_venue_id": f"{v}/Rejected_Submission",
                    "withdrawn_venue_id": f"{v}/Withdrawn_Submission",
                    "desk_rejected_venue_id": f"{v}/Desk_Rejected_Submission",
                    "reviewers_id": f"{v}/Reviewers",
                    "reviewers_name": "Reviewers",
                    "reviewers_anon_name": "Reviewer_",
                    "reviewers_conflict_id": f"{v}/Reviewers/-/Conflict",
                    "reviewers_assignment_id": f"{v}/Reviewers/-/Assignment",
                    "area_chairs_id": f"{v}/Area_Chairs",
                    "area_chairs_name": "Area_Chairs",
                    "area_chairs_anon_name": "Area_Chair_",
                    "area_chairs_conflict_id": f"{v}/Area_Chairs/-/Conflict",
                    "area_chairs_assignment_id": f"{v}/Area_Chairs/-/Assignment",
                    "program_chairs_id": f"{v}/Program_Chairs",
                    "authors_id": f"{v}/Authors",
                    "review_name": "Official_Review",
                    "review_rating": "rating",
                    "review_confidence": "confidence",
                    "meta_review_name": "Meta_Review",
                    "meta_review_recommendation": "recommendation",
                    "decision_name": "Decision",
                    "decision_field_name": "decision",
                    "accept_decision_options": ["Accept (Oral)", "Accept (Poster)"],
                    "reviewers_conflict_policy": "Default",
                    "reviewers_conflict_n_years": 3,
                }
            ),
        )
        for name in ("Program_Chairs", "Reviewers", "Area_Chairs", "Authors"):
            self._group(f"{v}/{name}", members=[], readers=[v, f"{v}/{name}"])
        self._invitation(
            f"{v}/-/Submission",
            edit={
                "note": {
                    "content": {
                        "title": {"order": 1, "value": {"param": {"type": "string"}}},
                        "track": {
                            "order": 2,
                            "value": {"param": {"type": "string", "enum": ["Main track", "Tiny Papers"]}},
                        },
                    }
                }
            },
        )
        self._invitation(
            f"{v}/-/Official_Review", duedate=review_duedate, edit={"invitation": {"duedate": review_duedate}}
        )
        for committee in ("Reviewers", "Area_Chairs"):
            for kind in ("Conflict", "Assignment"):
                self._invitation(
                    f"{v}/{committee}/-/{kind}",
                    edge={"head": {"param": {"type": "note"}}, "tail": {"param": {"type": "profile"}}},
                )

    # ---- low-level entities ------------------------------------------------------------------------

    def tick(self, minutes: int = 1) -> int:
        self.clock += minutes * 60_000
        return self.clock

    def _group(
        self,
        group_id: str,
        *,
        members: list,
        readers: list,
        anonids: bool = False,
        domain: str | None = None,
        content: dict | None = None,
    ) -> dict:
        now = self.tick()
        group = {
            "id": group_id,
            "members": list(members),
            "readers": readers,
            "nonreaders": [],
            "writers": [self.venue_id],
            "signatures": [self.venue_id],
            "signatories": [self.venue_id, group_id],
            "domain": domain or self.venue_id,
            "invitations": [f"{self.venue_id}/-/Edit"],
            "cdate": now,
            "tcdate": now,
            "tmdate": now,
        }
        if group_id.count("/") > 1:
            group["parent"] = group_id.rsplit("/", 1)[0]
        if anonids:
            group["anonids"] = True
        if content is not None:
            group["content"] = content
        self.groups[group_id] = group
        return group

    def _invitation(
        self,
        invitation_id: str,
        *,
        duedate: int | None = None,
        edit: dict | None = None,
        edge: dict | None = None,
    ) -> dict:
        now = self.tick()
        invitation = {
            "id": invitation_id,
            "domain": self.venue_id,
            "invitations": [f"{self.venue_id}/-/Edit"],
            "readers": ["everyone"],
            "writers": [self.venue_id],
            "signatures": [self.venue_id],
            "invitees": [self.venue_id],
            "cdate": now,
            "tcdate": now,
            "tmdate": now,
        }
        if duedate:
            invitation["duedate"] = duedate
        if edit is not None:
            invitation["edit"] = edit
        if edge is not None:
            invitation["edge"] = edge
        self.invitations[invitation_id] = invitation
        return invitation

    def _note_id(self) -> str:
        while True:
            candidate = ids.note_id(self.rng)
            if candidate not in self.notes:
                return candidate

    # ---- output ----------------------------------------------------------------------------------------

    def entities(self) -> dict[str, list[dict]]:
        return {
            "groups": list(self.groups.values()),
            "invitations": list(self.invitations.values()),
            "notes": list(self.notes.values()),
            "edges": list(self.edges.values()),
            "profiles": list(self.profiles.values()),
            "users": list(self.users.values()),
        }

    def write(self, directory: str | Path) -> Path:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        for kind, entities in self.entities().items():
            (directory / f"{kind}.json").write_text(json.dumps(entities, indent=1))
        write_attachments(directory, getattr(self, "attachments", {}))
        return directory

    def attach(self, number: int, data: bytes, *, field: str = "pdf") -> str:
        """Gives submission `number` a file in `field` that GET /attachment serves; returns its path. The PDF
        lives under /pdf/, any other field's file under /attachment/ (a .pdf or a .zip by its bytes), as
        OpenReview keeps supplementary material."""
        name = ids.random_id(40, self.rng).lower()
        suffix = "pdf" if data.startswith(b"%PDF") else "zip"
        path = f"/pdf/{name}.pdf" if field == "pdf" else f"/attachment/{name}.{suffix}"
        self.notes[self.submissions[number]]["content"][field] = {"value": path}
        self.attachments = {**getattr(self, "attachments", {}), path: data}
        return path
