"""From an OpenReview decision ("Accept (Oral)", "Reject", a venue's own option) to a status and a
presentation type, as pure functions.

The edition's map (VenueLink.decision_map) is read first, then the default rule: rejections and
withdrawals by their words; an acceptance is an oral when it says oral, otherwise (spotlight, poster,
or a bare "Accept") a poster, so that every accepted paper is one or the other. A decision neither
rule recognises is None: the sync then keeps the status OpenReview's venueid gives, and warns; a paper
the venue lists as accepted is then a poster, until the organizers map its decision otherwise.
"""

STATUSES = ("submitted", "accepted", "rejected", "withdrawn", "desk_rejected")
PRESENTATIONS = ("", "oral", "poster")


def default_verdict(decision: str) -> tuple[str, str] | None:
    text = " ".join(decision.lower().split())
    if "desk" in text and "reject" in text:
        return ("desk_rejected", "")
    if "withdraw" in text:
        return ("withdrawn", "")
    if "reject" in text:
        return ("rejected", "")
    if "accept" in text:
        return ("accepted", "oral" if "oral" in text else "poster")
    return None


def verdict_of(decision: str | None, *, venue_status: str, mapping: dict) -> tuple[tuple[str, str], bool]:
    """(status, presentation) for a paper, and whether its decision was recognised.

    Without a decision note, or with one no rule recognises, the venue's status stands (an accepted
    paper as a poster)."""
    if decision:
        chosen = mapping.get(decision)
        if isinstance(chosen, dict) and chosen.get("status") in STATUSES:
            presentation = chosen.get("presentation") or ""
            return (chosen["status"], presentation if chosen["status"] == "accepted" else ""), True
        found = default_verdict(decision)
        if found is not None:
            return found, True
        return _venue_verdict(venue_status), False
    return _venue_verdict(venue_status), True


def _venue_verdict(venue_status: str) -> tuple[str, str]:
    return (venue_status, "poster" if venue_status == "accepted" else "")


def verdict_key(verdict: tuple[str, str]) -> str:
    return ":".join(verdict)


def mapping_errors(mapping: dict) -> list[str]:
    """What is wrong with an organizer's map; an accepted paper must be an oral or a poster."""
    errors = []
    for decision, chosen in mapping.items():
        if not isinstance(decision, str) or not decision.strip() or not isinstance(chosen, dict):
            errors.append(f"{decision!r}: a decision maps to a status and a presentation.")
            continue
        status, presentation = chosen.get("status"), chosen.get("presentation") or ""
        if status not in STATUSES:
            errors.append(f"{decision}: unknown status {status!r}.")
        elif status == "accepted" and presentation not in ("oral", "poster"):
            errors.append(f"{decision}: an accepted paper is an oral or a poster.")
        elif status != "accepted" and presentation:
            errors.append(f"{decision}: only an accepted paper has a presentation.")
    return errors
