"""The importer's people: one account per OpenReview profile, and the edition's roles."""

from django.contrib.auth.hashers import make_password

from sllm.accounts.models import Role, User

from .context import ImportContext
from .rows import among, write_rows


def placeholder_email(profile_id: str) -> str:
    # OpenReview shows PCs obfuscated addresses only; .invalid can never receive mail by mistake.
    return profile_id.lstrip("~").lower() + "@openreview.invalid"


def name_from_profile_id(profile_id: str) -> str:
    return profile_id.lstrip("~").rstrip("0123456789").replace("_", " ")


def import_users(ctx: ImportContext) -> None:
    """Reads ctx.snapshot (people, profiles, reviewers, area chairs); fills ctx.users (profile id -> user pk)
    and gives the edition's reviewers and area chairs their roles."""
    wanted = ctx.snapshot.people()
    ctx.users = dict(User.objects.filter(among("openreview_id", wanted)).values_list("openreview_id", "pk"))
    missing = sorted(wanted - ctx.users.keys())
    if missing:
        unusable = make_password(None)
        taken = set(
            User.objects.filter(among("email", [placeholder_email(p) for p in missing])).values_list("email", flat=True)
        )
        fresh = []
        for profile_id in missing:
            if placeholder_email(profile_id) in taken:
                ctx.warnings.append(
                    f"{profile_id}: the address {placeholder_email(profile_id)} belongs "
                    "to another account; profile skipped."
                )
                continue
            profile = ctx.snapshot.profiles.get(profile_id, {})
            full_name = profile.get("fullname") or name_from_profile_id(profile_id)
            fresh.append((placeholder_email(profile_id), profile_id, full_name, unusable))
        write_rows(ctx, "users", User, columns=("email", "openreview_id", "full_name", "password"), create=fresh)
        created = User.objects.filter(among("openreview_id", [row[1] for row in fresh]))
        ctx.users.update(created.values_list("openreview_id", "pk"))
    reviewers = {ctx.users[p] for p in ctx.snapshot.reviewers if p in ctx.users}
    grant_roles(ctx, Role.Kind.REVIEWER, reviewers)
    area_chairs = {ctx.users[p] for p in ctx.snapshot.area_chairs if p in ctx.users}
    grant_roles(ctx, Role.Kind.AREA_CHAIR, area_chairs)


def grant_roles(ctx: ImportContext, kind: str, user_ids: set[int]) -> None:
    """Gives these users the role in ctx.workshop where they lack it (roles are never taken away here)."""
    roles = Role.objects.filter(among("user_id", user_ids), edition=ctx.edition, kind=kind)
    has_role = set(roles.values_list("user_id", flat=True))
    new = [(uid, ctx.edition.pk, kind) for uid in sorted(user_ids - has_role)]
    write_rows(ctx, "roles", Role, columns=("user_id", "edition_id", "kind"), create=new)
