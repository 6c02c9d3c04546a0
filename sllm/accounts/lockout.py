"""What django-axes needs from us: the client's address behind our proxy, and the lockout answer.

The limits themselves (failures per account and per address, the cool-off) are axes' settings.
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render


def client_ip(request) -> str:
    # The same header the live Q&A throttles by: behind nginx, REMOTE_ADDR is the proxy's address.
    header = settings.LIVE_CLIENT_IP_HEADER
    value = request.META.get(header, "") if header else ""
    return value.split(",")[-1].strip() if value else request.META.get("REMOTE_ADDR", "")


def lockout_response(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = (
        f"Too many failed logins from this address or for this account. Try again in {minutes} minutes, "
        "or reset your password."
    )
    if request.path.startswith("/api/"):
        return JsonResponse({"error": "locked_out", "message": message}, status=429)
    return render(request, "registration/locked_out.html", {"message": message}, status=429)
