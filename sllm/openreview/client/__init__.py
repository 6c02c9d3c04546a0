"""The one door to OpenReview: the only module that imports openreview-py (pinned 2.9.1).

It logs in, logs in again once when the token expires, retries reads on 429 and 5xx with backoff
(honouring Retry-After), and turns every other failure into one SyncError with a clear message.
Everything it returns is plain data (dicts and lists), so nothing else depends on openreview-py types.

openreview-py's own urllib3 retry is replaced by a no-retry adapter: its retries print to stdout,
hide the status and headers from us, and end in a JSONDecodeError on exhaustion (openreview-api.md §1).
One retry policy, here, keeps the behaviour explicit and testable.
"""

from .gateway import OpenReviewGateway
from .policy import RetryPolicy, SyncError

__all__ = ["OpenReviewGateway", "RetryPolicy", "SyncError"]
