"""Submissions and their forum: reviews, meta-reviews, decisions and comments."""

from .. import ids
from .core import wrap
from .edges import EdgesMixin

STATUS_SUFFIX = {
    "accepted": "",
    "submitted": "/Submission",
    "rejected": "/Rejected_Submission",
    "withdrawn": "/Withdrawn_Submission",
    "desk_rejected": "/Desk_Rejected_Submission",
}


class ForumMixin(EdgesMixin):
    """Submission notes and their replies, signed through the anonymous groups."""

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
                "value": [{"fullname": name, "username": username, "institutions": []} for name, username in authors],
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
