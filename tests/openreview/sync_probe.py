"""The rows a sync wrote, by natural keys (no pks, no timestamps), on whatever database Django is set up for.

Used in-process (PostgreSQL, the suite's database) and as a script in a subprocess on a SQLite file (the
demo's database): `python tests/openreview/sync_probe.py <stand-in url>` syncs the stand-in's venue twice
and prints, as JSON, the rows and the second sync's counts. The two databases must agree.
"""

import json
import sys

SLUG = "sllm-2025"
VENUE_ID = "ICLR.cc/2025/Workshop/SLLM"


def synced_rows() -> dict:
    """Every row the sync writes, as plain values keyed by paper number and profile id."""
    from sllm.accounts.models import Role, User  # noqa: PLC0415 -- needs Django set up
    from sllm.openreview.models import SubmissionRecord  # noqa: PLC0415 -- as above
    from sllm.reviewing.models import Assignment, Conflict, Decision, MetaReview, Review  # noqa: PLC0415 -- as above
    from sllm.submissions.models import Authorship, Paper  # noqa: PLC0415 -- as above

    def rows(queryset, *fields) -> list:
        # As JSON with sorted keys: PostgreSQL's jsonb orders an object's keys its own way, SQLite keeps them.
        return sorted(json.dumps(row, sort_keys=True, default=str) for row in queryset.values_list(*fields))

    return {
        "papers": rows(
            Paper.objects,
            *("number", "openreview_id", "track__kind", "status", "presentation", "title", "abstract", "topics"),
        ),
        "records": rows(
            SubmissionRecord.objects,
            *("paper__number", "note_id", "track_value", "student_paper", "authorids", "tmdate", "raw"),
            "applied_verdict",
        ),
        "authorships": rows(
            Authorship.objects, "paper__number", "position", "name", "email", "openreview_id", "user__openreview_id"
        ),
        "reviews": rows(
            Review.objects,
            *("paper__number", "reviewer__openreview_id", "openreview_id", "rating", "confidence"),
            *("nominate_for_oral", "edited", "number", "submitted_at", "openreview_tmdate"),
        ),
        "meta_reviews": rows(
            MetaReview.objects, "paper__number", "area_chair__openreview_id", "openreview_id", "recommendation"
        ),
        "decisions": rows(Decision.objects, "paper__number", "openreview_id", "decision"),
        "assignments": rows(
            Assignment.objects, "paper__number", "reviewer__openreview_id", "role", "openreview_edge_id"
        ),
        "conflicts": rows(
            Conflict.objects, "paper__number", "reviewer__openreview_id", "label", "openreview_edge_id", "source"
        ),
        "users": rows(User.objects, "openreview_id", "email", "full_name", "is_active", "is_staff"),
        "roles": rows(Role.objects, "user__openreview_id", "edition__slug", "kind"),
    }


def main() -> None:
    """Migrates a fresh database, syncs the venue at the URL twice, prints the rows and both runs' counts."""
    import django  # noqa: PLC0415 -- the script configures Django from its environment first
    from django.conf import settings  # noqa: PLC0415 -- as above

    from tests.core.portable_probe import _NoMigrations  # noqa: PLC0415 -- as above

    settings.MIGRATION_MODULES = _NoMigrations()
    django.setup()
    from django.core.management import call_command  # noqa: PLC0415 -- only after django.setup()

    from sllm.openreview.client import OpenReviewGateway  # noqa: PLC0415 -- as above
    from sllm.openreview.services import venue_sync  # noqa: PLC0415 -- as above
    from sllm.openreview.standin.venue import PC_EMAIL, PC_PASSWORD  # noqa: PLC0415 -- as above

    call_command("migrate", run_syncdb=True, verbosity=0)

    def gateway():
        return OpenReviewGateway(baseurl=sys.argv[1], username=PC_EMAIL, password=PC_PASSWORD)

    runs = [venue_sync(slug=SLUG, venue_id=VENUE_ID, gateway_factory=gateway) for _ in range(2)]
    json.dump({"rows": synced_rows(), "counts": [run.counts for run in runs]}, sys.stdout)


if __name__ == "__main__":
    main()
