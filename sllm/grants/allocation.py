"""Travel grant allocation as a pure function: plain data in, plain data out, no Django.

The goal is lexicographic, solved as a sequence of mixed-integer programs (scipy's HiGHS), each
stage keeping the optimum of the stages before it:

1. fund as many applicants of the first tier (the priority groups and students) as possible;
2. then as many applicants in all as possible;
3. then the highest total score of the funded;
4. then spend as much of the budget as possible (with partial awards, topping awards up);
5. then give those top-ups to the first tier and to higher scores first.

A greedy pass by rank fails stage 1 and 2: one large first-tier request can crowd out two
smaller ones. An award is a whole number of currency units; without partial awards it is the
whole request, with them it lies between ceil(min_partial_percent % of the request) and the request.
"""

import math
from dataclasses import dataclass

import numpy as np

TOLERANCE = 1e-6


class AllocationInputError(ValueError):
    """The instance itself is wrong (not merely too large for the budget)."""


@dataclass(frozen=True)
class Applicant:
    id: str
    request: int
    first_tier: bool
    score: float
    minimum: int


def _int(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise AllocationInputError(f"{what} must be a whole number, got {value!r}.")
    return int(value)


def _parse(instance: dict) -> tuple[int, bool, int, list[Applicant]]:
    if not isinstance(instance, dict):
        raise AllocationInputError("The instance must be a JSON object.")
    budget = _int(instance.get("budget"), "budget")
    if budget < 0:
        raise AllocationInputError(f"budget must not be negative, got {budget}.")
    allow_partial = instance.get("allow_partial", False)
    if not isinstance(allow_partial, bool):
        raise AllocationInputError("allow_partial must be true or false.")
    percent = _int(instance.get("min_partial_percent", 50), "min_partial_percent")
    if not 1 <= percent <= 100:
        raise AllocationInputError(f"min_partial_percent must lie in 1..100, got {percent}.")
    rows = instance.get("applicants")
    if not isinstance(rows, list):
        raise AllocationInputError("applicants must be a list.")
    applicants, seen = [], set()
    for position, row in enumerate(rows):
        if not isinstance(row, dict) or "id" not in row:
            raise AllocationInputError(f"applicant {position} needs an id.")
        ident = str(row["id"])
        if ident in seen:
            raise AllocationInputError(f"applicant id {ident} appears twice.")
        seen.add(ident)
        request = _int(row.get("request"), f"request of applicant {ident}")
        if request <= 0:
            raise AllocationInputError(f"request of applicant {ident} must be positive, got {request}.")
        score = row.get("score", 0)
        if isinstance(score, bool) or not isinstance(score, int | float) or not math.isfinite(score) or score < 0:
            raise AllocationInputError(f"score of applicant {ident} must be a number >= 0, got {score!r}.")
        minimum = math.ceil(request * percent / 100) if allow_partial else request
        first_tier = bool(row.get("priority", False)) or bool(row.get("student", False))
        applicants.append(Applicant(ident, request, first_tier, float(score), minimum))
    return budget, allow_partial, percent, applicants


def _solve(applicants: list[Applicant], budget: int) -> tuple[list[int], list[int]]:
    """Returns (funded flags, awards) optimal for the five stages."""
    # scipy loads when an allocation runs, never at a web worker's start.
    from scipy.optimize import Bounds, LinearConstraint, milp  # noqa: PLC0415 -- see above

    n = len(applicants)
    request = np.array([a.request for a in applicants], dtype=float)
    minimum = np.array([a.minimum for a in applicants], dtype=float)
    tier = np.array([1.0 if a.first_tier else 0.0 for a in applicants])
    score = np.array([a.score for a in applicants])
    # Variables: y (funded, binary) then x (award, integer).
    zeros, eye = np.zeros(n), np.eye(n)
    rows = [
        LinearConstraint(np.concatenate([zeros, np.ones(n)])[None, :], -np.inf, budget),
        # minimum * y <= x <= request * y
        LinearConstraint(np.hstack([np.diag(minimum), -eye]), -np.inf, 0),
        LinearConstraint(np.hstack([-np.diag(request), eye]), -np.inf, 0),
    ]
    bounds = Bounds(np.zeros(2 * n), np.concatenate([np.ones(n), request]))
    integrality = np.ones(2 * n)
    top_up = 1000.0 * tier + score + 1.0
    objectives = [
        np.concatenate([tier, zeros]),
        np.concatenate([np.ones(n), zeros]),
        np.concatenate([score, zeros]),
        np.concatenate([zeros, np.ones(n)]),
        np.concatenate([zeros, top_up / max(top_up.max(), 1.0)]),
    ]
    result = None
    for objective in objectives:
        result = milp(-objective, constraints=rows, bounds=bounds, integrality=integrality)
        if result.status != 0:
            raise RuntimeError(f"the solver failed: {result.message}")
        best = objective @ result.x
        # Later stages may not lose what this one won.
        rows.append(LinearConstraint(objective[None, :], best - TOLERANCE * max(1.0, abs(best)), np.inf))
    funded = [int(round(v)) for v in result.x[:n]]
    awards = [int(round(v)) if f else 0 for v, f in zip(result.x[n:], funded, strict=True)]
    return funded, awards


def allocate(instance: dict) -> dict:
    """Allocates the budget; see the module docstring for the goal and the instance format.

    instance: {"budget", "allow_partial", "min_partial_percent",
               "applicants": [{"id", "request", "student", "priority", "score"}]}
    Returns {"awards": {id: amount}, "funded", "first_tier_funded", "partial", "total_awarded",
             "budget", "requested", "score_total", "fits", "unfunded": [{"id", "reason"}], "message"}.
    """
    budget, allow_partial, percent, applicants = _parse(instance)
    requested = sum(a.request for a in applicants)
    if applicants and budget > 0:
        funded, awards = _solve(applicants, budget)
    else:
        funded, awards = [0] * len(applicants), [0] * len(applicants)
    total = sum(awards)
    unfunded = [
        {"id": a.id, "reason": _reason(a, budget=budget, left=budget - total, allow_partial=allow_partial)}
        for a, f in zip(applicants, funded, strict=True)
        if not f
    ]
    partial = sum(1 for a, award, f in zip(applicants, awards, funded, strict=True) if f and award < a.request)
    result = {
        "awards": {a.id: award for a, award, f in zip(applicants, awards, funded, strict=True) if f},
        "funded": sum(funded),
        "first_tier_funded": sum(f for a, f in zip(applicants, funded, strict=True) if a.first_tier),
        "partial": partial,
        "total_awarded": total,
        "budget": budget,
        "requested": requested,
        "score_total": round(sum(a.score for a, f in zip(applicants, funded, strict=True) if f), 6),
        "fits": requested <= budget,
        "unfunded": unfunded,
    }
    result["message"] = _message(result, applicants=len(applicants), percent=percent, allow_partial=allow_partial)
    return result


def _reason(applicant: Applicant, *, budget: int, left: int, allow_partial: bool) -> str:
    need = "at least " + str(applicant.minimum) if allow_partial else str(applicant.request)
    if budget == 0:
        return "The budget is 0: no sponsor has pledged funds yet."
    if applicant.minimum > budget:
        return f"Needs {need}, more than the whole budget of {budget}."
    return (
        f"Needs {need}; the budget of {budget} serves more people without this request (priority groups "
        f"and students first, then the number funded, then score) and {left} is left unassigned."
    )


def _message(result: dict, *, applicants: int, percent: int, allow_partial: bool) -> str:
    if applicants == 0:
        return "There are no applications to allocate."
    if result["budget"] == 0:
        return "The budget is 0: add sponsors before allocating."
    if result["fits"]:
        return f"All {applicants} requests fit the budget: {result['requested']} of {result['budget']} awarded."
    short = result["requested"] - result["budget"]
    rule = f"partial awards of at least {percent} % allowed" if allow_partial else "partial awards not allowed"
    return (
        f"The requests total {result['requested']} but the budget is {result['budget']} "
        f"({short} short; {rule}): {result['funded']} of {applicants} funded, "
        f"{result['partial']} of them partially"
        + (f"; the {len(result['unfunded'])} unfunded say why." if result["unfunded"] else ".")
    )
