from django.db import IntegrityError, transaction

from sllm.core.errors import ApplicationError

from .models import Role, User


def role_grant(*, user: User, edition, kind: str) -> Role:
    with transaction.atomic():
        role, _ = Role.objects.get_or_create(user=user, edition=edition, kind=kind)
    return role


def user_merge(*, source: User, target: User) -> User:
    """Moves everything `source` holds onto `target` and deletes `source`; `target` keeps its id.

    Used when a person proves they own both: the account the OpenReview sync made (the target, so
    its reviews, conflicts and ballots stay attached) and one they had made before. Raises
    ApplicationError, changing nothing, when a row cannot move (two rows that must stay unique).
    """
    if source.pk == target.pk:
        return target
    try:
        with transaction.atomic():
            # Roles are unique per person and edition: drop the ones the target already holds.
            held = set(Role.objects.filter(user=target).values_list("edition_id", "kind"))
            for role in Role.objects.filter(user=source):
                if (role.edition_id, role.kind) in held:
                    role.delete()
            for relation in User._meta.related_objects:
                if relation.many_to_many:
                    continue
                related = relation.related_model._base_manager.filter(**{relation.field.name: source})
                if relation.one_to_one:
                    # One-per-person rows (such as an API token): the target's own wins.
                    if relation.related_model._base_manager.filter(**{relation.field.name: target}).exists():
                        related.delete()
                        continue
                related.update(**{relation.field.name: target})
            for field in ("groups", "user_permissions"):
                getattr(target, field).add(*getattr(source, field).all())
            if not target.openreview_id and source.openreview_id:
                target.openreview_id = source.openreview_id
            target.is_staff = target.is_staff or source.is_staff
            target.is_superuser = target.is_superuser or source.is_superuser
            source.delete()
            target.save()
    except IntegrityError as exc:
        raise ApplicationError(
            "Your two accounts hold records that cannot be joined automatically; please write to the organizers.",
            code="merge_conflict",
        ) from exc
    return target


def token_revoke(*, token) -> None:
    """Deletes an API token: scripts using it get 401 from the next request; a new one comes from a new login."""
    with transaction.atomic():
        token.delete()


# ---- sign-up for the roles people choose themselves (local-track author, mentor, mentee, applicant) ----
