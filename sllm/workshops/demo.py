"""The demo edition, SLLM 2025, as the customer's proposal describes it."""

import datetime as dt
from zoneinfo import ZoneInfo

from .models import CommunityChannel, Edition, Track
from .services import community_channel_save
from .topics import TOPICS

DEMO_SLUG = "sllm-2025"
# Table I gives the day in GMT+1; Africa/Lagos is a zone that stays at UTC+1 all year.
DEMO_TZ = "Africa/Lagos"


def demo_edition() -> Edition:
    edition, _ = Edition.objects.update_or_create(
        slug=DEMO_SLUG,
        defaults={
            "name": "Workshop on Sparsity in LLMs (SLLM) 2025",
            "short_name": "SLLM 2025",
            "start_date": dt.date(2025, 4, 27),
            "end_date": dt.date(2025, 4, 27),
            "timezone": DEMO_TZ,
            "venue": "Singapore EXPO, Singapore",
            "openreview_venue_id": "ICLR.cc/2025/Workshop/SLLM",
            "topics": TOPICS,
            "description": "Deep Dive into Mixture of Experts, Quantization, Hardware, and Inference. "
            "Times follow Table I of the proposal, which gives them in GMT+1 (shown here in the Africa/Lagos "
            "zone); the host venue, Singapore EXPO, keeps GMT+8, so visitors there choose Asia/Singapore "
            "with the time-zone switch on the schedule.",
        },
    )
    return edition


def load(*, edition: Edition, stdout) -> None:
    tz = ZoneInfo(DEMO_TZ)
    # The demo keeps submissions open so that visitors can try submitting.
    deadline = dt.datetime(2030, 2, 3, 23, 59, tzinfo=tz)
    for kind, name, limit in (("main", "Main track", 5), ("tiny", "Tiny Papers", 2)):
        Track.objects.update_or_create(
            edition=edition,
            kind=kind,
            defaults={
                "name": name,
                "page_limit": limit,
                "submission_deadline": deadline,
                "camera_ready_deadline": dt.datetime(2030, 3, 5, 23, 59, tzinfo=tz),
                "openreview_value": name,
            },
        )
    _community_channels(edition)
    stdout.write("  edition and tracks")


# The channels the proposal names: a Discord server kept beyond the event, a Twitter handle and the
# sparsity Google group (example addresses: the demo links nowhere real).
COMMUNITY = [
    ("chat", "SLLM Discord server", "https://discord.example.org/invite/sllm"),
    ("social", "@sllm_workshop on Twitter", "https://twitter.example.org/sllm_workshop"),
    ("mailing_list", "Sparsity Google group", "https://groups.example.org/g/sparsity"),
]


def _community_channels(edition: Edition) -> None:
    if CommunityChannel.objects.filter(edition=edition).exists():
        return
    for order, (kind, name, url) in enumerate(COMMUNITY, start=1):
        community_channel_save(edition=edition, kind=kind, name=name, url=url, order=order)
