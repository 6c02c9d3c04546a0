"""Mentor matching as a pure function: plain data in, plain data out, no Django.

The package exports the instance (what the web process builds from the sign-ups). The solver (`.solver`)
and the affinities (`.affinity`) load NumPy, so only what runs a matching imports them.
"""

from .instance import Constraints, Instance, InstanceError, Mentee, Mentor, instance_from_json

__all__ = [
    "Constraints",
    "Instance",
    "InstanceError",
    "Mentee",
    "Mentor",
    "instance_from_json",
]
