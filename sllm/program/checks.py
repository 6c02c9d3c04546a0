"""Warnings about a program, as pure functions on plain data (no Django), and the release changelog.

A slot is {"id", "title", "room", "start", "end", "people": {key: name}}; a person key is stable
for one person (a speaker id, a user id or a normalised author name), so one person listed as a
speaker and as a paper author is still one person.
"""

from itertools import combinations


def _overlap(a: dict, b: dict) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def slot_warnings(slots: list[dict]) -> list[dict]:
    """Overlapping slots in one room, and anyone due in two overlapping slots."""
    warnings = []
    ordered = sorted(slots, key=lambda s: (s["start"], s["id"]))
    for a, b in combinations(ordered, 2):
        if not _overlap(a, b):
            continue
        if a["room"] == b["room"]:
            warnings.append(
                {
                    "code": "room_overlap",
                    "message": f"“{a['title']}” and “{b['title']}” overlap in {a['room']}.",
                    "slots": [a["id"], b["id"]],
                }
            )
        for key in sorted(set(a["people"]) & set(b["people"])):
            warnings.append(
                {
                    "code": "speaker_conflict",
                    "message": f"{a['people'][key]} is due in two places at once: “{a['title']}” and “{b['title']}”.",
                    "slots": [a["id"], b["id"]],
                }
            )
    return warnings


def paper_warnings(
    *, orals_without_slot: list[dict], posters_without_board: list[dict], undecided: list[dict] = ()
) -> list[dict]:
    """Accepted papers the program forgot, and accepted papers that are neither an oral nor a poster
    (which neither the talks nor the poster boards would ever show): {"number", "title"} each."""
    return (
        [
            {
                "code": "accepted_without_presentation",
                "message": f"Accepted paper #{p['number']} “{p['title']}” is neither an oral nor a poster.",
                "slots": [],
            }
            for p in undecided
        ]
        + [
            {
                "code": "oral_without_slot",
                "message": f"Oral paper #{p['number']} “{p['title']}” has no slot.",
                "slots": [],
            }
            for p in orals_without_slot
        ]
        + [
            {
                "code": "poster_without_board",
                "message": f"Poster paper #{p['number']} “{p['title']}” has no board.",
                "slots": [],
            }
            for p in posters_without_board
        ]
    )


def capacity_warnings(slots: list[dict]) -> list[dict]:
    """Slots whose session expects more people than the room holds: {"id", "title", "room", "capacity",
    "session", "audience"} each (capacity or audience None when unknown)."""
    return [
        {
            "code": "over_capacity",
            "message": f"“{s['session']}” expects {s['audience']} people but {s['room']} seats {s['capacity']} "
            f"(“{s['title']}”).",
            "slots": [s["id"]],
        }
        for s in slots
        if s["capacity"] is not None and s["audience"] is not None and s["audience"] > s["capacity"]
    ]


WATCHED = ("start", "end", "room", "title", "speakers")


def release_changes(before: list[dict], after: list[dict]) -> list[dict]:
    """What moved between two released programs, slot by slot (matched by uid)."""
    old = {s["uid"]: s for s in before}
    new = {s["uid"]: s for s in after}
    changes = []
    for uid, slot in new.items():
        if uid not in old:
            changes.append({"uid": uid, "title": slot["title"], "change": "added", "fields": {}})
            continue
        fields = {
            name: {"before": old[uid].get(name), "after": slot.get(name)}
            for name in WATCHED
            if old[uid].get(name) != slot.get(name)
        }
        if fields:
            changes.append({"uid": uid, "title": slot["title"], "change": "changed", "fields": fields})
    for uid, slot in old.items():
        if uid not in new:
            changes.append({"uid": uid, "title": slot["title"], "change": "removed", "fields": {}})
    return sorted(changes, key=lambda c: (new.get(c["uid"], old.get(c["uid"]))["start"], c["uid"]))
