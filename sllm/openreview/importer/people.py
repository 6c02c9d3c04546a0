"""The importer's people: one account per OpenReview profile, and the edition's reviewer role."""

from django.contrib.auth.hashers import make_password

from sllm.accounts.models import Role, User

from ..mapping import Snapshot
from .rows import RowWriter


def placeholder_email(profile_id: str) -> str:
    # OpenReview shows PCs obfuscated addresses only; .invalid can never receive mail by mistake.
    return profile_id.lstrip("~").lower() + "@openreview.invalid"


def name_from_profile_id(profile_id: str) -> str:
    return profile_id.lstrip("~").rstrip("0123456789").replace("_", " ")


class PeopleRows(RowWriter):
    """Accounts and roles; the state below is set by the Importer."""

    snapshot: Snapshot
    warnings: list[str]
    users: dict[str, int]  # profile id -> user pk

    def _users(self) -> None:
        wanted = self.snapshot.people()
        self.users = dict(User.objects.filter(openreview_id__in=wanted).values_list("openreview_id", "pk"))
        missing = sorted(wanted - self.users.keys())
        if missing:
            unusable = make_password(None)
            taken = set(
                User.objects.filter(email__in=[placeholder_email(p) for p in missing]).values_list("email", flat=True)
            )
            fresh = []
            for profile_id in missing:
                if placeholder_email(profile_id) in taken:
                    self.warnings.append(
                        f"{profile_id}: the address {placeholder_email(profile_id)} belongs "
                        "to another account; profile skipped."
                    )
                    continue
                profile = self.snapshot.profiles.get(profile_id, {})
                fresh.append(
                    User(
                        email=placeholder_email(profile_id),
                        openreview_id=profile_id,
                        full_name=profile.get("fullname") or name_from_profile_id(profile_id),
                        password=unusable,
                    )
                )
            self._write("users", User, create=fresh)
            self.users.update({u.openreview_id: u.pk for u in fresh})  # PostgreSQL returns the new pks
        reviewers = {self.users[p] for p in self.snapshot.reviewers if p in self.users}
        self._roles(Role.Kind.REVIEWER, reviewers)

    def _roles(self, kind: str, user_ids: set[int]) -> None:
        has_role = set(Role.objects.filter(workshop=self.workshop, kind=kind).values_list("user_id", flat=True))
        new = [Role(user_id=uid, workshop=self.workshop, kind=kind) for uid in sorted(user_ids - has_role)]
        self._write("roles", Role, create=new)
