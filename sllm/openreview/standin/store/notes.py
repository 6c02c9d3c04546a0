"""Reads of notes (with their replies), groups and invitations."""

from .common import ApiError, _as_param, _project, _true


class NotesMixin:
    # ---- notes -----------------------------------------------------------------------------------

    def get_notes(self, params: dict, caller: set[str]) -> dict:
        with self.lock:
            self._reindex()
            trash = _true(params.get("trash"))
            note_id = params.get("id")
            if note_id:
                note = self.entities["notes"].get(note_id)
                if note is None or (note.get("ddate") and not trash):
                    raise ApiError(404, "NotFoundError", f"The Note {note_id} was not found")
                if not self._readable(note, caller):
                    raise ApiError(403, "ForbiddenError", f"You do not have permission to read the Note {note_id}")
                candidates = [note]
            elif params.get("invitation"):
                notes = self.entities["notes"]
                candidates = [notes[i] for i in self._invitation_index.get(params["invitation"], ())]
            else:
                candidates = list(self.entities["notes"].values())
            candidates = [
                n
                for n in candidates
                if (trash or not n.get("ddate")) and self._note_matches(n, params) and self._readable(n, caller)
            ]
            page, extra = self._page(candidates, params, kind="notes", default_sort="number:asc")
            details = {d.strip() for d in (params.get("details") or "").split(",") if d.strip()}
            notes = [self._note_out(n, caller, details, params.get("select")) for n in page]
            return {"notes": notes, **extra}

    @staticmethod
    def _note_matches(note: dict, params: dict) -> bool:
        invitation = params.get("invitation")
        if invitation and invitation not in (note.get("invitations") or []):
            return False
        for name in ("forum", "replyto", "domain"):
            if params.get(name) and note.get(name) != params[name]:
                return False
        if params.get("number") and str(note.get("number")) != params["number"]:
            return False
        if params.get("signature") and params["signature"] not in (note.get("signatures") or []):
            return False
        content = note.get("content") or {}
        for key, wanted in params.items():
            if not key.startswith("content."):
                continue
            field = content.get(key[len("content.") :])
            value = field.get("value") if isinstance(field, dict) else None
            values = value if isinstance(value, list) else [value]
            if not any(_as_param(v) == wanted for v in values):
                return False
        return True

    def _note_out(self, note: dict, caller: set[str], details: set[str], select: str | None) -> dict:
        out = self._visible_content(note, caller)
        out = {**out, "version": 2}
        if details & {"replies", "directReplies", "replyCount", "directReplyCount"}:
            replies = [
                self._visible_content(self.entities["notes"][reply_id], caller)
                for reply_id in self._forum_index.get(note["id"], ())
                if not self.entities["notes"][reply_id].get("ddate")
                and self._readable(self.entities["notes"][reply_id], caller)
            ]
            replies = [{**reply, "version": 2} for reply in replies]
            direct = [reply for reply in replies if reply.get("replyto") == note["id"]]
            out_details: dict = {}
            if "replies" in details:
                out_details["replies"] = replies
            if "directReplies" in details:
                out_details["directReplies"] = direct
            if "replyCount" in details:
                out_details["replyCount"] = len(replies)
            if "directReplyCount" in details:
                out_details["directReplyCount"] = len(direct)
            out["details"] = out_details
        return _project(out, select)

    # ---- groups, invitations -----------------------------------------------------------------------

    def get_groups(self, params: dict, caller: set[str]) -> dict:
        with self.lock:
            self._reindex()
            trash = _true(params.get("trash"))
            group_id = params.get("id")
            if group_id:
                group = self.entities["groups"].get(group_id)
                if group is None or (group.get("ddate") and not trash):
                    raise ApiError(404, "NotFoundError", f"Group Not Found: {group_id}")
                if not self._readable(group, caller):
                    raise ApiError(403, "ForbiddenError", f"You do not have permission to read the Group {group_id}")
                candidates = [group]
            else:
                candidates = [g for g in self.entities["groups"].values() if trash or not g.get("ddate")]
            member = params.get("member")
            member_of = self.caller_groups(user_id=member, profile_id=None) if member else None
            filtered = []
            for group in candidates:
                if params.get("prefix") and not group["id"].startswith(params["prefix"]):
                    continue
                if params.get("parent") and group.get("parent") != params["parent"]:
                    continue
                if params.get("members") and params["members"] not in (group.get("members") or []):
                    continue
                if params.get("signatory") and params["signatory"] not in (group.get("signatories") or []):
                    continue
                if params.get("domain") and group.get("domain") != params["domain"]:
                    continue
                if member_of is not None and group["id"] not in member_of:
                    continue
                if self._readable(group, caller):
                    filtered.append(self._visible_content(group, caller))
            page, extra = self._page(filtered, params, kind="groups", default_sort="id")
            return {"groups": [_project(g, params.get("select")) for g in page], **extra}

    def get_invitations(self, params: dict, caller: set[str]) -> dict:
        with self.lock:
            invitation_id = params.get("id")
            if invitation_id:
                invitation = self.entities["invitations"].get(invitation_id)
                if invitation is None or invitation.get("ddate"):
                    raise ApiError(404, "NotFoundError", f"The Invitation {invitation_id} was not found")
                candidates = [invitation]
            else:
                candidates = [i for i in self.entities["invitations"].values() if not i.get("ddate")]
            filtered = [
                i
                for i in candidates
                if (not params.get("prefix") or i["id"].startswith(params["prefix"]))
                and (not params.get("domain") or i.get("domain") == params["domain"])
                and (not params.get("invitation") or params["invitation"] in (i.get("invitations") or []))
                and self._readable(i, caller)
            ]
            if invitation_id and not filtered:
                raise ApiError(
                    403,
                    "ForbiddenError",
                    f"You do not have permission to read the Invitation {invitation_id}",
                )
            page, extra = self._page(filtered, params, kind="invitations", default_sort="id")
            return {"invitations": page, **extra}

    # ---- edges ---------------------------------------------------------------------------------------
