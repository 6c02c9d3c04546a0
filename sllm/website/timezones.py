"""The visitor's time zone switch: ?tz=Area/City, validated against the IANA database."""

import zoneinfo
from functools import lru_cache

# Offered in the switch besides the edition's zone and UTC; any other IANA name works through ?tz=.
COMMON_ZONES = [
    "America/Los_Angeles",
    "America/Denver",
    "America/Chicago",
    "America/New_York",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Warsaw",
    "Africa/Lagos",
    "Africa/Nairobi",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Seoul",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
]


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def zone_from_request(request, edition) -> tuple[zoneinfo.ZoneInfo, str, str]:
    """(zone, its name, an error message or ""); an unknown ?tz= falls back to the edition's zone."""
    name = request.GET.get("tz", "").strip()
    if not name:
        return edition.tz, edition.timezone, ""
    if len(name) > 64 or name not in _known():
        message = f"“{name[:64]}” is not a time zone; times are shown in {edition.timezone}."
        return edition.tz, edition.timezone, message
    return zoneinfo.ZoneInfo(name), name, ""


def zone_choices(edition, current: str) -> list[str]:
    zones = [edition.timezone, "UTC", *COMMON_ZONES, current]
    return list(dict.fromkeys(zones))
