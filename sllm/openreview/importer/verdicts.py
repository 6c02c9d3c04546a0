"""Decisions into papers: OpenReview's decision, read through the edition's map, sets status and presentation.

A known paper is written only when its verdict differs from the one OpenReview last gave it (kept on its
SubmissionRecord): an organizer who later makes a poster an oral keeps that choice through every sync,
until OpenReview's decision (or the edition's map of it) changes.
"""

from dataclasses import dataclass, replace

from django.utils import timezone

from sllm.reviewing.models import Decision, DecisionEvent
from sllm.submissions.models import Paper

from ..mapping import verdict_key, verdict_of
from ..models import SubmissionRecord
from .context import ImportContext
from .rows import among, fit


@dataclass(frozen=True)
class VerdictInput:
    paper_id: int
    number: int
    decision: str | None
    verdict: tuple[str, str]  # (status, presentation)


def verdicts_apply(*, items: list[VerdictInput]) -> dict[str, int]:
    """Writes the verdicts that changed; returns {"papers": n, "submission_records": n, "decision_events": n}."""
    if not items:
        return {"papers": 0, "submission_records": 0, "decision_events": 0}
    ids = [item.paper_id for item in items]
    applied = dict(SubmissionRecord.objects.filter(among("paper_id", ids)).values_list("paper_id", "applied_verdict"))
    stored = Paper.objects.filter(among("pk", ids)).values_list("pk", "status", "presentation")
    current = {pk: (status, presentation) for pk, status, presentation in stored}
    now = timezone.now()
    papers, changed, events = [], {}, []
    for item in items:
        key = verdict_key(item.verdict)
        if item.paper_id not in applied or applied[item.paper_id] == key:
            continue
        changed.setdefault(key, []).append(item.paper_id)
        if current.get(item.paper_id) != item.verdict:
            status, presentation = item.verdict
            papers.append(Paper(pk=item.paper_id, status=status, presentation=presentation, updated_at=now))
            reason = f"OpenReview decision “{item.decision}”" if item.decision else f"OpenReview status {status}"
            events.append(
                DecisionEvent(
                    paper_id=item.paper_id,
                    source=DecisionEvent.Source.OPENREVIEW,
                    status=status,
                    presentation=presentation,
                    reason=reason,
                )
            )
    if papers:
        Paper.objects.bulk_update(papers, ["status", "presentation", "updated_at"], batch_size=1000)
    for key, paper_ids in sorted(changed.items()):
        SubmissionRecord.objects.filter(paper_id__in=paper_ids).update(applied_verdict=key)
    DecisionEvent.objects.bulk_create(events)
    return {
        "papers": len(papers),
        "submission_records": sum(len(ids) for ids in changed.values()),
        "decision_events": len(events),
    }


def read_verdicts(ctx: ImportContext) -> None:
    """Reads ctx.snapshot's papers and decisions through the edition's map (no query); fills ctx.verdicts,
    which import_papers gives the papers it creates."""
    # The last one counts; cut as import_decisions stores it.
    decisions = {d.paper_note_id: fit(Decision, "decision", d.decision) for d in ctx.snapshot.decisions}
    mapping = ctx.link.decision_map or {}
    for data in ctx.snapshot.papers:
        decision = decisions.get(data.note_id)
        verdict, recognised = verdict_of(decision, venue_status=data.status, mapping=mapping)
        if not recognised:
            ctx.warnings.append(
                f"Paper {data.number}: the decision {decision!r} is not in the edition's decision map; "
                f"status {data.status} from OpenReview{', a poster for now' if data.status == 'accepted' else ''}."
            )
        ctx.verdicts[data.note_id] = VerdictInput(paper_id=0, number=data.number, decision=decision, verdict=verdict)


def import_verdicts(ctx: ImportContext) -> None:
    """Known papers (ctx.papers less ctx.created) whose verdict changed on OpenReview; new papers got
    theirs when created."""
    items = [
        replace(ctx.verdicts[note_id], paper_id=paper_id)
        for note_id, paper_id in ctx.papers.items()
        if paper_id not in ctx.created
    ]
    written = verdicts_apply(items=items)
    ctx.counts.add("papers", "updated", written["papers"])
    ctx.counts.add("submission_records", "updated", written["submission_records"])
    ctx.counts.add("decision_events", "created", written["decision_events"])
