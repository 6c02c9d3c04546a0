"""Calls to a running stand-in through the real openreview-py client and, where the client hides what a test
looks at (headers, raw JSON), through plain requests with the client's token."""

import openreview
import requests

from sllm.openreview.standin.venue import PC_EMAIL, PC_PASSWORD


def pc(server) -> openreview.api.OpenReviewClient:
    return openreview.api.OpenReviewClient(baseurl=server.url, username=PC_EMAIL, password=PC_PASSWORD)


def raw_get(server, client, path: str, **params) -> requests.Response:
    return requests.get(
        server.url + path, params=params, timeout=10, headers={"Authorization": f"Bearer {client.token}"}
    )


def submissions(venue) -> str:
    return f"{venue.venue_id}/-/Submission"
