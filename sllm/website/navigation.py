"""The visitor's roles for the site header, kept in their session so a page costs no query for them.

Read once at login (Django's user_logged_in, connected in apps.py) and again after a few minutes, so
a role granted meanwhile shows up without logging in again. Anonymous visitors have none and cost nothing.
"""

import time

from sllm.accounts.models import Role

SESSION_KEY = "nav_roles"
FRESH_SECONDS = 300


def _read(user) -> dict:
    roles: dict[str, list[str]] = {}
    for edition_id, kind in Role.objects.filter(user=user).values_list("edition_id", "kind"):
        roles.setdefault(str(edition_id), []).append(kind)
    return {"at": time.time(), "roles": roles}


def remember_roles(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: the login already writes the session, so this adds no write of its own."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = _read(user)


def nav_roles(request, edition) -> set[str]:
    """The role kinds the logged-in visitor holds in `workshop`."""
    user = getattr(request, "user", None)
    if edition is None or user is None or not user.is_authenticated or not hasattr(request, "session"):
        return set()
    stored = request.session.get(SESSION_KEY)
    if stored is None or stored["at"] < time.time() - FRESH_SECONDS:
        stored = request.session[SESSION_KEY] = _read(user)
    return set(stored["roles"].get(str(edition.pk), []))
