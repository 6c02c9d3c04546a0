"""The reminder plan: every reminder an edition would send, each with the moment it falls due.

Computed afresh from the current state on each run, so whoever has done the thing (reviewed, uploaded,
voted) is simply no longer in it; `sent` rows keep what already went out from going again.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import dateformat, timezone

from sllm.accounts.models import Role
from sllm.accounts.selectors import users_with_role
from sllm.mentoring.selectors import run_pair_list, run_published, session_times, setup_get
from sllm.openreview.selectors import venue_link_get
from sllm.reviewing.models import Vote
from sllm.reviewing.selectors import missing_review_assignments
from sllm.reviewing.votes.selectors import vote_list, voters_without_ballot
from sllm.submissions.models import Paper, PaperFile
from sllm.submissions.selectors import accepted_papers_missing_file
from sllm.workshops.selectors import track_list

from .models import ReminderKind, ReminderSent, ReminderSetting

DEFAULT_DAYS = {
    ReminderKind.REVIEW_MISSING: 3,
    ReminderKind.REVIEW_LATE: 2,
    ReminderKind.CAMERA_READY: 7,
    ReminderKind.POSTER: 3,
    ReminderKind.SLIDES: 3,
    ReminderKind.VOTE_CLOSING: 1,
    ReminderKind.MENTORING_KICKOFF: 2,
}
# A late reviewer hears at most this often; from the third reminder on the organizers get a copy.
LATE_REMINDERS = 3
ORGANIZER_COPY_FROM = 3


@dataclass(frozen=True)
class Due:
    kind: str
    key: str
    to: str
    due_at: dt.datetime
    template: str
    context: dict = field(hash=False, compare=False)
    # For a late reminder: the key of the one before, which must have gone at least `gap` earlier.
    after: str = ""
    gap: dt.timedelta = dt.timedelta(0)


def setting_map(*, edition) -> dict[str, ReminderSetting]:
    """Every kind with the edition's choice, or an unsaved row holding the defaults."""
    saved = {s.kind: s for s in ReminderSetting.objects.filter(edition=edition)}
    return {
        kind: saved.get(kind) or ReminderSetting(edition=edition, kind=kind, enabled=True, days=DEFAULT_DAYS[kind])
        for kind in ReminderKind.values
    }


def sent_map(*, edition) -> dict[str, ReminderSent]:
    return {row.key: row for row in ReminderSent.objects.filter(edition=edition)}


def sent_list(*, edition, limit: int = 30):
    return ReminderSent.objects.filter(edition=edition).select_related("message").order_by("-created_at", "-pk")[:limit]


def _when(value: dt.datetime, edition) -> str:
    local = value.astimezone(edition.tz)
    return f"{dateformat.format(local, 'j F Y, H:i')} ({edition.timezone})"


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _paper(paper: Paper) -> dict:
    return {"number": paper.number, "title": paper.title}


def _author_addresses(paper: Paper) -> list[tuple[str, str]]:
    people = {}
    for author in paper.authorships.all():
        email = (author.email or (author.user.email if author.user_id else "")).strip().lower()
        if email:
            people.setdefault(email, author.name)
    return list(people.items())


def _reviews(edition, conf: dict[str, ReminderSetting], now) -> list[Due]:
    link = venue_link_get(edition=edition)
    deadline = link.review_deadline if link else None
    missing_on, late_on = conf[ReminderKind.REVIEW_MISSING], conf[ReminderKind.REVIEW_LATE]
    if deadline is None or not (missing_on.enabled or late_on.enabled):
        return []
    organizers = list(users_with_role(edition=edition, kind=Role.Kind.ORGANIZER))
    plan = []
    for assignment in missing_review_assignments(edition=edition):
        reviewer, paper = assignment.reviewer, assignment.paper
        values = {
            "name": reviewer.display_name,
            "paper": _paper(paper),
            "deadline": _when(deadline, edition),
            "review_url": _site(reverse("reviewing:review-paper", args=[edition.slug, paper.number])),
        }
        if missing_on.enabled and now < deadline:
            due = deadline - dt.timedelta(days=missing_on.days)
            plan.append(
                Due("review_missing", f"review_missing:{assignment.pk}", reviewer.email, due, "review_missing", values)
            )
        if not late_on.enabled:
            continue
        step = dt.timedelta(days=max(late_on.days, 1))
        for n in range(1, LATE_REMINDERS + 1):
            key = f"review_late:{assignment.pk}:{n}"
            after = f"review_late:{assignment.pk}:{n - 1}" if n > 1 else ""
            late = {**values, "reminder": n}
            plan.append(Due("review_late", key, reviewer.email, deadline + n * step, "review_late", late, after, step))
            if n >= ORGANIZER_COPY_FROM:
                for organizer in organizers:
                    copy = {
                        **values,
                        "name": organizer.display_name,
                        "reviewer": {"name": reviewer.display_name, "email": reviewer.email},
                    }
                    plan.append(
                        Due(
                            "review_late",
                            f"{key}:organizer:{organizer.pk}",
                            organizer.email,
                            deadline + n * step,
                            "review_late_organizer",
                            copy,
                            after,
                            step,
                        )
                    )
    return plan


def _uploads(edition, conf: dict[str, ReminderSetting], now) -> list[Due]:
    plan = []
    camera = conf[ReminderKind.CAMERA_READY]
    if camera.enabled:
        deadlines = {t.pk: t.camera_ready_deadline for t in track_list(edition=edition) if t.camera_ready_deadline}
        for paper in accepted_papers_missing_file(edition=edition, kind=PaperFile.Kind.CAMERA_READY):
            deadline = deadlines.get(paper.track_id)
            if deadline is None or now >= deadline:
                continue
            url = _site(reverse("proceedings:camera-ready", args=[edition.slug, paper.number]))
            for email, name in _author_addresses(paper):
                values = {
                    "name": name,
                    "paper": _paper(paper),
                    "deadline": _when(deadline, edition),
                    "upload_url": url,
                }
                plan.append(
                    Due(
                        "camera_ready",
                        f"camera_ready:{paper.pk}:{email}",
                        email,
                        deadline - dt.timedelta(days=camera.days),
                        "camera_ready",
                        values,
                    )
                )
    for kind, file_kind, presentation, material in (
        (ReminderKind.POSTER, PaperFile.Kind.POSTER, Paper.Presentation.POSTER, "poster"),
        (ReminderKind.SLIDES, PaperFile.Kind.SLIDES, Paper.Presentation.ORAL, "slides"),
    ):
        setting = conf[kind]
        if not setting.enabled or setting.deadline is None or now >= setting.deadline:
            continue
        for paper in accepted_papers_missing_file(edition=edition, kind=file_kind, presentation=presentation):
            url = _site(reverse("program:presenter", args=[edition.slug, paper.number]))
            for email, name in _author_addresses(paper):
                values = {
                    "name": name,
                    "paper": _paper(paper),
                    "material": material,
                    "deadline": _when(setting.deadline, edition),
                    "upload_url": url,
                }
                plan.append(
                    Due(
                        kind,
                        f"{kind}:{paper.pk}:{email}",
                        email,
                        setting.deadline - dt.timedelta(days=setting.days),
                        "presenter_upload",
                        values,
                    )
                )
    return plan


def _vote(edition, conf: dict[str, ReminderSetting], now) -> list[Due]:
    setting = conf[ReminderKind.VOTE_CLOSING]
    vote = vote_list(edition=edition).get(Vote.Kind.ORALS)
    if not setting.enabled or vote is None or vote.state != Vote.State.OPEN or now >= vote.deadline:
        return []
    url = _site(reverse("votes:ballot", args=[edition.slug, vote.kind]))
    due = vote.deadline - dt.timedelta(days=setting.days)
    return [
        Due(
            "vote_closing",
            f"vote_closing:{vote.pk}:{user.pk}",
            user.email,
            due,
            "vote_closing",
            {
                "name": user.display_name,
                "vote": vote.get_kind_display(),
                "deadline": _when(vote.deadline, edition),
                "ballot_url": url,
            },
        )
        for user in voters_without_ballot(vote=vote)
    ]


def _mentoring(edition, conf: dict[str, ReminderSetting], now) -> list[Due]:
    setting = conf[ReminderKind.MENTORING_KICKOFF]
    run = run_published(edition=edition)
    if not setting.enabled or run is None:
        return []
    times = session_times(edition=edition, setup=setup_get(edition=edition))
    if now >= times.kickoff_start:
        return []
    partners: dict = {}
    for pair in run_pair_list(run=run):
        partners.setdefault(pair.mentor.user, []).append(pair.mentee.user.display_name)
        partners.setdefault(pair.mentee.user, []).append(pair.mentor.user.display_name)
    room = f", {times.kickoff_room}" if times.kickoff_room else ""
    kickoff = _when(times.kickoff_start, edition) + room
    link = _site(reverse("mentoring:mine", args=[edition.slug]))
    due = times.kickoff_start - dt.timedelta(days=setting.days)
    return [
        Due(
            "mentoring_kickoff",
            f"mentoring_kickoff:{run.pk}:{user.pk}",
            user.email,
            due,
            "mentoring_kickoff",
            {"name": user.display_name, "partners": ", ".join(names), "kickoff": kickoff, "link": link},
        )
        for user, names in sorted(partners.items(), key=lambda item: item[0].email)
    ]


def reminder_plan(*, edition, now) -> list[Due]:
    """Every reminder the edition would send from now on, whether due yet or not, earliest first."""
    conf = setting_map(edition=edition)
    plan = _reviews(edition, conf, now) + _uploads(edition, conf, now) + _vote(edition, conf, now)
    plan += _mentoring(edition, conf, now)
    return sorted(plan, key=lambda d: (d.due_at, d.key))


def due_now(*, plan: list[Due], sent: dict[str, ReminderSent], now) -> list[Due]:
    """What goes out now: due, never sent, and (for a late review) the previous reminder far enough back."""
    out = []
    for item in plan:
        if item.due_at > now or item.key in sent:
            continue
        if item.after:
            # After an outage or a pause, late reminders still come `gap` apart rather than all at once.
            before = sent.get(item.after)
            if before is None or before.created_at + item.gap > now:
                continue
        out.append(item)
    return out


def upcoming(*, edition, now) -> list[dict]:
    """Per kind: how many reminders wait, and when the next goes out (the dashboard's "what goes next")."""
    conf = setting_map(edition=edition)
    sent = sent_map(edition=edition)
    plan = [item for item in reminder_plan(edition=edition, now=now) if item.key not in sent]
    rows = []
    for kind, label in ReminderKind.choices:
        waiting = [item for item in plan if item.kind == kind]
        rows.append(
            {
                "kind": kind,
                "label": label,
                "setting": conf[kind],
                "waiting": len(waiting),
                "next_at": min((item.due_at for item in waiting), default=None),
                "sent": sum(1 for row in sent.values() if row.kind == kind),
            }
        )
    return rows


def preview_source(key: str):
    """For the mail template page: the first real recipient this notification would reach now."""

    def source(edition):
        for item in reminder_plan(edition=edition, now=timezone.now()):
            if item.template == key:
                return item.to, item.context
        return None

    return source
