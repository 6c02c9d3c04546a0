from django.db import transaction

from .models import Role, User


def user_create(*, email: str, password: str | None = None, full_name: str = "", **fields) -> User:
    return User.objects.create_user(email=email, password=password, full_name=full_name, **fields)


def role_grant(*, user: User, workshop, kind: str) -> Role:
    with transaction.atomic():
        role, _ = Role.objects.get_or_create(user=user, workshop=workshop, kind=kind)
    return role
