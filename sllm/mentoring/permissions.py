"""Who may see and change what in mentoring."""

from django.http import Http404

from sllm.accounts.models import Role
from sllm.accounts.selectors import user_has_role
from sllm.submissions.permissions import access_workshop_as_organizer

from .models import MatchingRun


def access_mentoring_as_organizer(*, user, workshop) -> bool:
    """Lets organizers in (Forbidden for everyone else) and says whether this one may see the private
    self-identification: only organizers who also hold the edition's mentoring role."""
    access_workshop_as_organizer(user=user, workshop=workshop)
    return user_has_role(user=user, workshop=workshop, kind=Role.Kind.MENTORING_CHAIR)


def access_run_as_organizer(*, user, workshop, run_id: int) -> tuple[MatchingRun, bool]:
    can_see_private = access_mentoring_as_organizer(user=user, workshop=workshop)
    run = MatchingRun.objects.filter(workshop=workshop, pk=run_id).first()
    if run is None:
        raise Http404("No such matching run.")
    return run, can_see_private
