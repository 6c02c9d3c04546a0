from django.db import transaction

from .models import Role, User


def role_grant(*, user: User, workshop, kind: str) -> Role:
    with transaction.atomic():
        role, _ = Role.objects.get_or_create(user=user, workshop=workshop, kind=kind)
    return role
