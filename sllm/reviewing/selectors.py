from .models import Conflict


def reviewer_conflicted_paper_ids(*, reviewer, workshop) -> set[int]:
    return set(
        Conflict.objects.filter(reviewer=reviewer, paper__workshop=workshop).values_list("paper_id", flat=True)
    )
