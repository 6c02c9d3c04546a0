"""The live Q&A's limits, counted by the platform's one rate limiter: floods stop before the database."""

from sllm.core.ratelimit import rate_limit_hit

# (limit, window seconds). A conference room shares one address behind its NAT, so the address
# limit is generous and the per-browser limit does the finer work.
LIMITS = {
    "ask:browser": (3, 60),
    "ask:address": (30, 60),
    "ask:slot": (120, 60),
    "vote:browser": (60, 60),
    "vote:address": (600, 60),
}


def throttle_hit(*, scope: str, subject: str) -> None:
    """Counts one action; RateLimited (429) past the scope's limit, RateLimitUnavailable (503) without Redis."""
    limit, window = LIMITS[scope]
    rate_limit_hit(
        scope=f"live:{scope}",
        subject=subject,
        limit=limit,
        window=window,
        unavailable="Questions are paused for a moment; please try again shortly.",
        message=f"Too many requests: at most {limit} per {window} seconds. Please wait a moment.",
        code="throttled",
    )
