"""Builds a workshop venue as OpenReview lays one out, as plain lists of API entities.

Used by the tests, the demo and the benchmark to write fixture folders for the stand-in. The shapes
follow openreview-api.md §5–§7: wrapped content, anonymous reviewer groups, conflict and assignment
edges, author fields readable only by the venue and the paper's authors.
"""

import json
import random
from pathlib import Path

from . import ids

STATUS_SUFFIX = {
    "accepted": "",
    "submitted": "/Submission",
    "rejected": "/Rejected_Submission",
    "withdrawn": "/Withdrawn_Submission",
    "desk_rejected": "/Desk_Rejected_Submission",
}
BASE_MS = 1_740_000_000_000  # 2025-02-19: fixed, so that generated venues are reproducible
HOUR_MS = 3_600_000


def wrap(content: dict) -> dict:
    return {name: {"value": value} for name, value in content.items()}


def profile_id_for(fullname: str, n: int = 1) -> str:
    return "~" + "_".join(fullname.split()) + str(n)


class VenueBuilder:
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

    # ---- people --------------------------------------------------------------------------------------

    def add_profile(
        self,
        fullname: str,
        email: str,
        *,
        profile_id: str | None = None,
        password: str | None = None,
        institution: str = "",
        domain: str = "",
    ) -> str:
        profile_id = profile_id or profile_id_for(fullname)
        first, _, last = fullname.partition(" ")
        now = self.tick()
        self.profiles[profile_id] = {
            "id": profile_id,
            "active": True,
            "state": "Active",
            "invitation": "~/-/profiles",
            "readers": ["everyone"],
            "writers": [profile_id],
            "signatures": [profile_id],
            "tcdate": now,
            "tmdate": now,
            "content": {
                "names": [
                    {
                        "first": first,
                        "last": last,
                        "fullname": fullname,
                        "username": profile_id,
                        "preferred": True,
                    }
                ],
                "emails": [email],
                "emailsConfirmed": [email],
                "preferredEmail": email,
                "history": [
                    {
                        "position": "Researcher",
                        "start": 2020,
                        "end": None,
                        "institution": {
                            "name": institution or "Independent",
                            "domain": domain or email.split("@")[-1],
                        },
                    }
                ],
                "relations": [],
                "expertise": [],
            },
        }
        if password:
            self.users[email.lower()] = {"id": email, "password": password, "profile": {"id": profile_id}}
        return profile_id

    def add_program_chair(self, fullname: str, email: str, password: str) -> str:
        profile_id = self.add_profile(fullname, email, password=password)
        self.groups[f"{self.venue_id}/Program_Chairs"]["members"].append(profile_id)
        return profile_id

    def add_reviewer(
        self,
        fullname: str,
        email: str,
        *,
        profile_id: str | None = None,
        password: str | None = None,
        area_chair: bool = False,
    ) -> str:
        profile_id = self.add_profile(fullname, email, profile_id=profile_id, password=password)
        committee = "Area_Chairs" if area_chair else "Reviewers"
        self.groups[f"{self.venue_id}/{committee}"]["members"].append(profile_id)
        return profile_id

    # ---- submissions and their forum ---------------------------------------------------------------

    def add_submission(
        self,
        *,
        number: int,
        title: str,
        abstract: str,
        authors: list[tuple[str, str]],
        track: str | None = "Main track",
        status: str = "submitted",
        student: str | None = None,
        topics: list[str] | None = None,
        unified_authors: bool = False,
        extra_content: dict | None = None,
        drop_fields: tuple = (),
    ) -> str:
        """authors: (full name, profile id or email) pairs."""
        v = self.venue_id
        note_id = self._note_id()
        paper = f"{v}/Submission{number}"
        now = self.tick()
        self._group(f"{paper}/Authors", members=[a[1] for a in authors], readers=[v, f"{paper}/Authors"])
        self._group(f"{paper}/Reviewers", members=[], readers=[v, f"{paper}/Area_Chairs"], anonids=True)
        self._group(f"{paper}/Area_Chairs", members=[], readers=[v, f"{paper}/Area_Chairs"], anonids=True)
        private = {"readers": [v, f"{paper}/Authors"]}
        content: dict = {
            "title": {"value": title},
            "abstract": {"value": abstract},
            "keywords": {"value": list(topics or [])},
            "pdf": {"value": f"/pdf/{ids.random_id(40, self.rng).lower()}.pdf"},
            "venue": {"value": f"Submitted to {self.groups[v]['content']['title']['value']}"},
            "venueid": {"value": v + STATUS_SUFFIX[status]},
        }
        if unified_authors:
            content["authors"] = {
                "value": [
                    {"fullname": name, "username": username, "institutions": []} for name, username in authors
                ],
                **private,
            }
        else:
            content["authors"] = {"value": [name for name, _ in authors], **private}
            content["authorids"] = {"value": [username for _, username in authors], **private}
        if track is not None:
            content["track"] = {"value": track}
        if student is not None:
            content["student_paper"] = {"value": student}
        if topics is not None:
            content["topics"] = {"value": list(topics)}
        content.update(extra_content or {})
        for name in drop_fields:
            content.pop(name, None)
        self.notes[note_id] = {
            "id": note_id,
            "forum": note_id,
            "number": number,
            "version": 2,
            "license": "CC BY 4.0",
            "domain": v,
            "invitations": [f"{v}/-/Submission", f"{v}/-/Post_Submission"],
            "signatures": [f"{paper}/Authors"],
            "readers": [v, f"{paper}/Reviewers", f"{paper}/Area_Chairs", f"{paper}/Authors"],
            "writers": [v, f"{paper}/Authors"],
            "content": content,
            "cdate": now,
            "tcdate": now,
            "mdate": now,
            "tmdate": now,
            "odate": now,
        }
        self.submissions[number] = note_id
        return note_id

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

    def _edge(
        self, invitation: str, head: str, tail: str, *, weight: float, label: str | None, number: int
    ) -> str:
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

    def add_conflict(
        self, number: int, profile_id: str, *, label: str = "Conflict", area_chair: bool = False
    ) -> str:
        committee = "Area_Chairs" if area_chair else "Reviewers"
        return self._edge(
            f"{self.venue_id}/{committee}/-/Conflict",
            self.submissions[number],
            profile_id,
            weight=-1,
            label=label,
            number=number,
        )

    def _reply(
        self,
        number: int,
        *,
        invitation_name: str,
        signature: str,
        content: dict,
        readers: list,
        created: int | None = None,
        edited_after_minutes: int = 0,
    ) -> str:
        v = self.venue_id
        forum = self.submissions[number]
        invitation = f"{v}/Submission{number}/-/{invitation_name}"
        self._review_numbers[invitation] = self._review_numbers.get(invitation, 0) + 1
        note_id = self._note_id()
        created = created or self.tick()
        modified = created + edited_after_minutes * 60_000
        self.notes[note_id] = {
            "id": note_id,
            "forum": forum,
            "replyto": forum,
            "number": self._review_numbers[invitation],
            "version": 2,
            "domain": v,
            "invitations": [invitation],
            "signatures": [signature],
            "readers": readers,
            "nonreaders": [],
            "writers": [v, signature],
            "content": wrap(content),
            "cdate": created,
            "tcdate": created,
            "mdate": modified,
            "tmdate": modified,
        }
        return note_id

    def add_review(
        self,
        number: int,
        profile_id: str,
        *,
        rating=6,
        confidence=3,
        nominate: str | None = None,
        edited: bool = False,
        created: int | None = None,
        extra: dict | None = None,
    ) -> str:
        anon = self._anon_group(number, profile_id)
        v = self.venue_id
        content = {
            "title": "Official review",
            "review": "A careful reading of the method and experiments.",
            "rating": rating,
            "confidence": confidence,
            **(extra or {}),
        }
        if nominate is not None:
            content["nominate_for_oral"] = nominate
        readers = [f"{v}/Program_Chairs", f"{v}/Submission{number}/Area_Chairs", anon]
        return self._reply(
            number,
            invitation_name="Official_Review",
            signature=anon,
            content=content,
            readers=readers,
            created=created,
            edited_after_minutes=90 if edited else 0,
        )

    def add_meta_review(self, number: int, profile_id: str, *, recommendation: str) -> str:
        anon = self._anon_group(number, profile_id, area_chair=True)
        v = self.venue_id
        return self._reply(
            number,
            invitation_name="Meta_Review",
            signature=anon,
            content={"metareview": "The reviewers agree.", "recommendation": recommendation, "confidence": 4},
            readers=[f"{v}/Program_Chairs", f"{v}/Submission{number}/Area_Chairs"],
        )

    def add_decision(self, number: int, decision: str) -> str:
        v = self.venue_id
        return self._reply(
            number,
            invitation_name="Decision",
            signature=f"{v}/Program_Chairs",
            content={"title": "Paper Decision", "decision": decision, "comment": ""},
            readers=[f"{v}/Program_Chairs", f"{v}/Submission{number}/Area_Chairs"],
        )

    def add_comment(self, number: int, signature: str, *, replyto: str | None = None) -> str:
        note_id = self._reply(
            number,
            invitation_name="Official_Comment",
            signature=signature,
            content={"title": "A question", "comment": "Could you clarify the setup?"},
            readers=[f"{self.venue_id}/Program_Chairs", signature],
        )
        if replyto:
            self.notes[note_id]["replyto"] = replyto
        return note_id

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
        return directory


PC_EMAIL = "pc@sllm.example.org"
PC_PASSWORD = "standin-pc-password"


def generate_venue(
    *,
    submissions: int,
    reviews_per_paper: int = 3,
    conflicts: int = 0,
    reviewers: int = 300,
    seed: int = 7,
    venue_id: str = "ICLR.cc/2025/Workshop/SLLM",
) -> VenueBuilder:
    """A large synthetic venue for the benchmark: every paper fully reviewed, extra conflict edges."""
    rng = random.Random(seed)
    venue = VenueBuilder(venue_id, seed=seed)
    venue.add_program_chair("Pat Chair", PC_EMAIL, PC_PASSWORD)
    pool = [
        venue.add_reviewer(f"Reviewer Number{i}", f"reviewer{i}@univ{i % 40}.edu") for i in range(reviewers)
    ]
    words = (
        "sparse pruning attention mixture experts quantization kernels activation lottery ticket "
        "distillation hardware structured unstructured semi-structured low-rank adapters"
    ).split()
    for number in range(1, submissions + 1):
        title = " ".join(rng.sample(words, 5)).capitalize()
        abstract = " ".join(rng.choice(words) for _ in range(60))
        authors = [(f"Author {number}-{k}", f"~Author_P{number}x{k}1") for k in range(1, 4)]
        venue.add_submission(
            number=number,
            title=title,
            abstract=abstract,
            authors=authors,
            track="Tiny Papers" if number % 4 == 0 else "Main track",
            student="Yes" if number % 5 == 0 else "No",
        )
        chosen = rng.sample(pool, reviews_per_paper + 1)
        for reviewer in chosen[:reviews_per_paper]:
            venue.assign(number, reviewer)
            venue.add_review(
                number,
                reviewer,
                rating=rng.randint(1, 10),
                confidence=rng.randint(1, 5),
                nominate="Yes" if rng.random() < 0.05 else "No",
            )
    numbers = list(venue.submissions)
    for _ in range(conflicts):
        number = rng.choice(numbers)
        venue.add_conflict(number, rng.choice(pool))
    return venue
