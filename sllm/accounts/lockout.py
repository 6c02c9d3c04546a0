"""What django-axes needs from us: the client's address behind our proxy, and the lockout answer.

The limits themselves (failures per account and per address, the cool-off) are axes' settings.
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render

from sllm.core.ratelimit import client_address


def client_ip(request) -> str:
    # The one client-address helper every rate limit uses (TRUSTED_PROXY_COUNT): behind nginx, REMOTE_ADDR
    # is the proxy's address.
    return client_address(request)


def lockout_response(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = (
        f"Too many failed logins from this address or for this account. Try again in {minutes} minutes, "
        "or reset your password."
    )
    if request.path.startswith("/api/"):
        return JsonResponse({"error": "locked_out", "message": message}, status=429)
    return render(request, "registration/locked_out.html", {"message": message}, status=429)
