"""Profiles (their e-mails hidden from those who may not see them), profile search and login checks."""

import copy

from .common import ApiError


class ProfilesMixin:
    @staticmethod
    def _obfuscate(profile: dict, caller_profile: str | None) -> dict:
        if profile["id"] == caller_profile:
            return profile
        out = copy.deepcopy(profile)
        content = out.get("content", {})

        def hide(email: str) -> str:
            return "****@" + email.split("@")[-1]

        for key in ("emails", "emailsConfirmed"):
            if key in content:
                content[key] = [hide(e) for e in content[key]]
        if content.get("preferredEmail"):
            content["preferredEmail"] = hide(content["preferredEmail"])
        return out

    def _profile_emails(self, profile: dict) -> set[str]:
        content = profile.get("content", {})
        return {e.lower() for e in content.get("emails", []) + content.get("emailsConfirmed", [])}

    def get_profiles(self, params: dict, caller_profile: str | None) -> dict:
        with self.lock:
            profiles = list(self.entities["profiles"].values())
            if params.get("id"):
                wanted = {p.strip() for p in params["id"].split(",")}
                profiles = [p for p in profiles if p["id"] in wanted]
            if params.get("email"):
                email = params["email"].lower()
                profiles = [p for p in profiles if email in self._profile_emails(p)]
            page, extra = self._page(profiles, params, kind="profiles", default_sort="id")
            return {"profiles": [self._obfuscate(p, caller_profile) for p in page], **extra}

    def search_profiles(self, body: dict, params: dict, caller_profile: str | None) -> dict:
        with self.lock:
            profiles = list(self.entities["profiles"].values())
            if body.get("ids") is not None:
                wanted = set(body["ids"])
                return {"profiles": [self._obfuscate(p, caller_profile) for p in profiles if p["id"] in wanted]}
            if body.get("emails") is not None:
                out = []
                for email in (e.lower() for e in body["emails"]):
                    for profile in profiles:
                        if email in self._profile_emails(profile):
                            out.append({**self._obfuscate(profile, caller_profile), "email": email})
                return {"profiles": out}
            if body.get("confirmedEmails") is not None:
                out = []
                for email in (e.lower() for e in body["confirmedEmails"]):
                    for profile in profiles:
                        confirmed = {e.lower() for e in profile.get("content", {}).get("emailsConfirmed", [])}
                        if email in confirmed:
                            out.append({**self._obfuscate(profile, caller_profile), "confirmedEmails": [email]})
                return {"profiles": out}
            term = (params.get("term") or params.get("fullname") or "").lower()
            found = [
                p
                for p in profiles
                if term
                and (
                    term in p["id"].lower()
                    or any(term in (n.get("fullname") or "").lower() for n in p.get("content", {}).get("names", []))
                )
            ]
            return {"profiles": [self._obfuscate(p, caller_profile) for p in found]}

    # ---- users -------------------------------------------------------------------------------------

    def check_login(self, user_id: str | None, password: str | None) -> dict:
        for name, value in (("id", user_id), ("password", password)):
            if not value:
                raise ApiError(400, "ValidationError", f"{name} cannot be empty or missing", {"path": name})
        with self.lock:
            user = self.entities["users"].get(user_id.lower())
            if user is None or user.get("password") != password:
                raise ApiError(400, "InvalidCredentialsError", "Invalid username or password")
            profile = self.entities["profiles"].get(user.get("profile", {}).get("id", ""))
            summary = {
                "id": user["profile"]["id"],
                "usernames": [user["profile"]["id"]],
                "preferredId": user["profile"]["id"],
                "state": "Active",
            }
            if profile:
                names = profile.get("content", {}).get("names", [{}])
                summary.update(
                    fullname=names[0].get("fullname", ""),
                    emails=profile.get("content", {}).get("emails", []),
                    preferredEmail=profile.get("content", {}).get("preferredEmail", ""),
                )
            return {"id": user["id"], "profile": summary}
