from .models import Role, User


def user_has_role(*, user: User, edition, kind: str) -> bool:
    if not user.is_authenticated:
        return False
    return Role.objects.filter(user=user, edition=edition, kind=kind).exists()
