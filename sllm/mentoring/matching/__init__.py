"""Mentor matching as a pure function: plain data in, plain data out, no Django."""

from .affinity import affinity_matrix, jaccard
from .instance import Constraints, Instance, InstanceError, Mentee, Mentor, instance_from_json
from .solver import NO_ALLOWED_MENTOR, SEATS_TAKEN, Result, Unmatched, allowed_pairs, solve, tz_distance

__all__ = [
    "NO_ALLOWED_MENTOR",
    "SEATS_TAKEN",
    "Constraints",
    "Instance",
    "InstanceError",
    "Mentee",
    "Mentor",
    "Result",
    "Unmatched",
    "affinity_matrix",
    "allowed_pairs",
    "instance_from_json",
    "jaccard",
    "solve",
    "tz_distance",
]
