"""ICS files (RFC 5545) of the released program, written with the icalendar package.

Every slot keeps one UID across releases and files (whole event, session, talk), and its SEQUENCE is
the release number, so importing a newer file updates the entries instead of duplicating them.
"""

import datetime as dt

import icalendar


def _uid(slot: dict, slug: str) -> str:
    return f"{slot['uid']}@{slug}.sllm"


def build_calendar(*, edition, release, slots: list[dict], name: str, site_url: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//SLLM workshop platform//program//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", edition.timezone)
    for slot in sorted(slots, key=lambda s: (s["start"], s["uid"])):
        event = icalendar.Event()
        event.add("uid", _uid(slot, edition.slug))
        event.add("sequence", release.number)
        event.add("dtstamp", release.released_at.astimezone(dt.UTC))
        event.add("dtstart", dt.datetime.fromisoformat(slot["start"]).astimezone(dt.UTC))
        event.add("dtend", dt.datetime.fromisoformat(slot["end"]).astimezone(dt.UTC))
        event.add("summary", slot["title"])
        people = [s["name"] for s in slot["speakers"]] or (slot["paper"]["authors"] if slot["paper"] else [])
        lines = [slot["kind_label"]]
        if people:
            lines.append(", ".join(people))
        if slot["description"]:
            lines.append(slot["description"])
        event.add("description", "\n".join(lines))
        event.add("location", ", ".join(part for part in (slot["room"], edition.venue) if part))
        event.add("categories", [slot["kind_label"]])
        if slot["paper"]:
            event.add("url", f"{site_url}/{edition.slug}/papers/{slot['paper']['number']}/")
        calendar.add_component(event)
    return calendar.to_ical()
