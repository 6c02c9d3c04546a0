"""A matching instance as plain data, and its validation from the JSON format of `match_mentors`.

Nothing here imports Django: the organizer pages build an Instance from the database, the command
line builds it from a file, and both hand it to `solve`.
"""

import math
from dataclasses import dataclass, field
from typing import Any

DEFAULT_MAX_TZ_DIFF_HOURS = 8.0


class InstanceError(ValueError):
    """The instance cannot be matched as given; the message says what to fix."""


@dataclass(frozen=True)
class Mentor:
    id: Any
    capacity: int
    topics: tuple[str, ...] = ()
    institution: str = ""
    tz_offset: float | None = None
    interests: str = ""


@dataclass(frozen=True)
class Mentee:
    id: Any
    topics: tuple[str, ...]
    interests: str
    priority: bool = False
    stage: str = ""
    institution: str = ""
    tz_offset: float | None = None


@dataclass(frozen=True)
class Constraints:
    max_tz_diff_hours: float | None = DEFAULT_MAX_TZ_DIFF_HOURS
    forbid_same_institution: bool = True


@dataclass(frozen=True)
class Instance:
    mentors: tuple[Mentor, ...]
    mentees: tuple[Mentee, ...]
    conflicts: frozenset[tuple[Any, Any]] = frozenset()  # (mentee id, mentor id)
    constraints: Constraints = field(default_factory=Constraints)
    # affinity[i][j] for mentee i and mentor j, in input order; None means "compute it".
    affinity: tuple[tuple[float, ...], ...] | None = None
    # Organizer decisions: pinned pairs are fixed before solving, forbidden ones are never made.
    pins: frozenset[tuple[Any, Any]] = frozenset()
    forbidden: frozenset[tuple[Any, Any]] = frozenset()

    def __post_init__(self):
        validate(self)


def _id_label(value) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def _check_ids(people, side: str) -> set:
    seen = set()
    for person in people:
        if not isinstance(person.id, (str, int)) or isinstance(person.id, bool) or person.id == "":
            raise InstanceError(f"Every {side} needs an id (a string or an integer); got {person.id!r}.")
        if person.id in seen:
            raise InstanceError(f"Duplicate {side} id {_id_label(person.id)}.")
        seen.add(person.id)
    return seen


def _check_pairs(pairs, mentee_ids: set, mentor_ids: set, what: str) -> None:
    for mentee_id, mentor_id in sorted(pairs, key=repr):
        if mentee_id not in mentee_ids:
            raise InstanceError(f"Unknown mentee id {_id_label(mentee_id)} in {what}.")
        if mentor_id not in mentor_ids:
            raise InstanceError(f"Unknown mentor id {_id_label(mentor_id)} in {what}.")


def validate(instance: Instance) -> None:
    mentor_ids = _check_ids(instance.mentors, "mentor")
    mentee_ids = _check_ids(instance.mentees, "mentee")
    for mentor in instance.mentors:
        if not isinstance(mentor.capacity, int) or isinstance(mentor.capacity, bool):
            raise InstanceError(f"Mentor {_id_label(mentor.id)}: capacity must be a whole number.")
        if mentor.capacity < 0:
            raise InstanceError(f"Mentor {_id_label(mentor.id)} has a negative capacity ({mentor.capacity}).")
    for mentee in instance.mentees:
        if not mentee.topics:
            raise InstanceError(f"Mentee {_id_label(mentee.id)} has no topics.")
        if not mentee.interests.strip():
            raise InstanceError(f"Mentee {_id_label(mentee.id)} has no interests.")
    for person in (*instance.mentors, *instance.mentees):
        if person.tz_offset is not None and not -12 <= person.tz_offset <= 14:
            raise InstanceError(
                f"{_id_label(person.id)}: tz_offset must be hours from UTC between -12 and 14, got {person.tz_offset}."
            )
    _check_pairs(instance.conflicts, mentee_ids, mentor_ids, "conflicts")
    _check_pairs(instance.pins, mentee_ids, mentor_ids, "pinned pairs")
    _check_pairs(instance.forbidden, mentee_ids, mentor_ids, "forbidden pairs")
    pinned = [mentee_id for mentee_id, _ in instance.pins]
    if len(pinned) != len(set(pinned)):
        raise InstanceError("A mentee is pinned to more than one mentor.")
    limit = instance.constraints.max_tz_diff_hours
    if limit is not None and (not math.isfinite(limit) or limit < 0):
        raise InstanceError("constraints.max_tz_diff_hours must be a non-negative number of hours.")
    if instance.affinity is not None:
        rows = instance.affinity
        if len(rows) != len(instance.mentees) or any(len(row) != len(instance.mentors) for row in rows):
            raise InstanceError(
                f"affinity.matrix must have one row per mentee ({len(instance.mentees)}) and one column "
                f"per mentor ({len(instance.mentors)}), in input order."
            )
        if not all(math.isfinite(value) for row in rows for value in row):
            raise InstanceError("affinity.matrix holds a value that is not a finite number.")


# --- the JSON format of `manage.py match_mentors` -------------------------------------------------


def _get(obj: dict, key: str, kind, where: str, default=None, required: bool = False):
    if key not in obj or obj[key] is None:
        if required:
            raise InstanceError(f"{where}: '{key}' is required.")
        return default
    value = obj[key]
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InstanceError(f"{where}: '{key}' must be a number, got {value!r}.")
        return float(value)
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                return int(value)
            raise InstanceError(f"{where}: '{key}' must be a whole number, got {value!r}.")
        return value
    if kind is bool:
        if not isinstance(value, bool):
            raise InstanceError(f"{where}: '{key}' must be true or false, got {value!r}.")
        return value
    if kind is str:
        if not isinstance(value, str):
            raise InstanceError(f"{where}: '{key}' must be a string, got {value!r}.")
        return value
    if kind is list:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise InstanceError(f"{where}: '{key}' must be a list of strings.")
        return tuple(value)
    raise AssertionError(kind)


def _objects(data: dict, key: str) -> list[dict]:
    items = data.get(key, [])
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise InstanceError(f"'{key}' must be a list of objects.")
    return items


def _person_id(obj: dict, where: str):
    if "id" not in obj:
        raise InstanceError(f"{where}: 'id' is required.")
    return obj["id"]


def _pairs(data: dict, key: str) -> frozenset:
    items = data.get(key) or []
    if not isinstance(items, list) or not all(isinstance(pair, list) and len(pair) == 2 for pair in items):
        raise InstanceError(f"'{key}' must be a list of [mentee_id, mentor_id] pairs.")
    if not all(isinstance(i, (str, int)) and not isinstance(i, bool) for pair in items for i in pair):
        raise InstanceError(f"'{key}' must hold ids (strings or integers).")
    return frozenset((mentee_id, mentor_id) for mentee_id, mentor_id in items)


def instance_from_json(data) -> Instance:
    """The Instance of the decoded JSON of `match_mentors`; raises InstanceError with a clear message."""
    if not isinstance(data, dict):
        raise InstanceError("The instance must be a JSON object with 'mentors' and 'mentees'.")
    mentors = []
    for n, obj in enumerate(_objects(data, "mentors")):
        where = f"mentors[{n}]"
        mentors.append(
            Mentor(
                id=_person_id(obj, where),
                capacity=_get(obj, "capacity", int, where, required=True),
                topics=_get(obj, "topics", list, where, ()),
                institution=_get(obj, "institution", str, where, ""),
                tz_offset=_get(obj, "tz_offset", float, where),
                interests=_get(obj, "interests", str, where, ""),
            )
        )
    mentees = []
    for n, obj in enumerate(_objects(data, "mentees")):
        where = f"mentees[{n}]"
        mentees.append(
            Mentee(
                id=_person_id(obj, where),
                stage=_get(obj, "stage", str, where, ""),
                priority=_get(obj, "priority", bool, where, False),
                topics=_get(obj, "topics", list, where, ()),
                institution=_get(obj, "institution", str, where, ""),
                tz_offset=_get(obj, "tz_offset", float, where),
                interests=_get(obj, "interests", str, where, ""),
            )
        )
    raw_constraints = data.get("constraints") or {}
    if not isinstance(raw_constraints, dict):
        raise InstanceError("'constraints' must be an object.")
    max_tz = (
        _get(raw_constraints, "max_tz_diff_hours", float, "constraints")
        if raw_constraints.get("max_tz_diff_hours") is not None
        else DEFAULT_MAX_TZ_DIFF_HOURS
    )
    constraints = Constraints(
        max_tz_diff_hours=max_tz,
        forbid_same_institution=_get(raw_constraints, "forbid_same_institution", bool, "constraints", True),
    )
    matrix = None
    raw_affinity = data.get("affinity")
    if raw_affinity is not None:
        if not isinstance(raw_affinity, dict) or not isinstance(raw_affinity.get("matrix"), list):
            raise InstanceError("'affinity' must be an object with a 'matrix' (a list of rows).")
        rows = raw_affinity["matrix"]
        if not all(isinstance(row, list) for row in rows) or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for row in rows for v in row
        ):
            raise InstanceError("affinity.matrix must be a list of rows of numbers.")
        matrix = tuple(tuple(float(v) for v in row) for row in rows)
    return Instance(
        mentors=tuple(mentors),
        mentees=tuple(mentees),
        conflicts=_pairs(data, "conflicts"),
        constraints=constraints,
        affinity=matrix,
    )
