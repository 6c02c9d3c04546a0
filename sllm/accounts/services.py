from django.db import transaction

from .models import Role, User


def role_grant(*, user: User, edition, kind: str) -> Role:
    with transaction.atomic():
        role, _ = Role.objects.get_or_create(user=user, edition=edition, kind=kind)
    return role
