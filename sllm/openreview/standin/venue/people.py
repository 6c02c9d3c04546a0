"""The venue's people: profiles, with a login where one is given, and the committees they sit on."""

from .core import VenueCore


def profile_id_for(fullname: str, n: int = 1) -> str:
    return "~" + "_".join(fullname.split()) + str(n)


class PeopleMixin(VenueCore):
    """Profiles and login users; program chairs, reviewers and area chairs."""

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
