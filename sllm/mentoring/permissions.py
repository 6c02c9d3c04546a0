"""Who may see and change what in mentoring."""

from sllm.accounts.models import Role
from sllm.accounts.selectors import user_has_role
from sllm.workshops.models import Edition
from sllm.workshops.permissions import access_edition_as_organizer, edition_item_or_404

from .models import MatchingRun


def access_mentoring_as_organizer(*, user, slug: str) -> tuple[Edition, bool]:
    """The edition for its organizers (Forbidden for everyone else), and whether this one may see the
    private self-identification: only organizers who also hold the edition's mentoring role."""
    edition = access_edition_as_organizer(user=user, slug=slug)
    return edition, user_has_role(user=user, edition=edition, kind=Role.Kind.MENTORING_CHAIR)


def access_run_as_organizer(*, user, slug: str, run_id: int) -> tuple[MatchingRun, bool]:
    edition, can_see_private = access_mentoring_as_organizer(user=user, slug=slug)
    runs = MatchingRun.objects.select_related("edition")
    return edition_item_or_404(runs, edition=edition, name="matching run", pk=run_id), can_see_private
