from sllm.core.errors import Forbidden

from .models import Role
from .selectors import user_has_role


def access_tokens_as_organizer(*, user, edition) -> None:
    if not (
        user.is_authenticated
        and (user.is_superuser or user_has_role(user=user, edition=edition, kind=Role.Kind.ORGANIZER))
    ):
        raise Forbidden("Only the edition's organizers may see its API tokens.", code="forbidden")
