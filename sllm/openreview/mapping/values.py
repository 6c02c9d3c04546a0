"""Reading OpenReview's field values: wrapped content, scores such as "8: accept", yes/no answers, dates."""

import re

DEFAULT_YES = ("Yes",)
_LEADING_INT = re.compile(r"^\s*(-?\d+)")
_TRUE_WORDS = {"yes", "true", "y", "1"}


def value_of(content: dict | None, name: str):
    """The value of a wrapped content field ({"value": v}); None when absent."""
    field_ = (content or {}).get(name)
    if isinstance(field_, dict):
        return field_.get("value")
    return None


def parse_score(value) -> int | None:
    """An integer score from 8, 8.0, "8" or "8: Top 50% of accepted papers"; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        match = _LEADING_INT.match(value)
        if match:
            return int(match.group(1))
    return None


def is_yes(value, yes_values: tuple[str, ...] = DEFAULT_YES) -> bool:
    """Whether an answer means yes: True, or a string equal to (or starting with) a yes-value.

    An absent optional field is None, which is no.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, list):
        return any(is_yes(item, yes_values) for item in value)
    if not isinstance(value, str):
        return False
    text = value.strip().lower()
    for yes in yes_values:
        wanted = yes.strip().lower()
        if text == wanted or (text.startswith(wanted) and not text[len(wanted) : len(wanted) + 1].isalnum()):
            return True
    return False


def student_flag(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        head = re.split(r"[\s:,(]", value.strip().lower(), maxsplit=1)[0]
        return head in _TRUE_WORDS
    return False


def was_edited(note: dict) -> bool:
    """True dates tell: modified after creation, by its true (tmdate) or its set (mdate) date."""

    def later(modified, created) -> bool:
        return modified is not None and created is not None and modified > created

    return later(note.get("tmdate"), note.get("tcdate")) or later(note.get("mdate"), note.get("cdate"))
