from .models import Role, User


def user_has_role(*, user: User, workshop, kind: str) -> bool:
    if not user.is_authenticated:
        return False
    return Role.objects.filter(user=user, workshop=workshop, kind=kind).exists()
