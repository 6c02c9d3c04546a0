"""Shared helpers of the benchmarks: set Django up, print a table, write JSON to bench-results/."""

import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench-results"


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sllm.settings")
    import django

    django.setup()


def write_result(name: str, figures: dict) -> Path:
    RESULTS.mkdir(exist_ok=True)
    payload = {
        "benchmark": name,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "figures": figures,
    }
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2) + "\n")
    print_table(name, figures)
    return path


def print_table(name: str, figures: dict) -> None:
    print(f"\n== {name} ==")
    width = max((len(k) for k in figures), default=0)
    for key, value in figures.items():
        shown = f"{value:.4g}" if isinstance(value, float) else value
        print(f"  {key.ljust(width)}  {shown}")


# ---- a public edition of any size: the public-page benchmarks' data ------------------------------------

TOPICS = ["Mixture of Experts (MoEs) and Modularity", "Parameter Sparsity/Pruning", "Sparsity in Attention"]


def edition_create(slug: str, *, days: int = 1):
    """A public edition with a main and a tiny track: {False: main, True: tiny} as `tracks`."""
    import datetime as dt

    from sllm.workshops.models import Edition, Track

    start = dt.date(2026, 4, 27)
    edition = Edition.objects.create(
        slug=slug,
        name="Workshop on Sparsity in LLMs (bench)",
        short_name="SLLM bench",
        timezone="Africa/Lagos",
        start_date=start,
        end_date=start + dt.timedelta(days=days - 1),
        venue="Loopback",
        topics=TOPICS,
    )
    deadline = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    tracks = {
        False: Track.objects.create(
            edition=edition, kind="main", name="Main track", page_limit=5, submission_deadline=deadline
        ),
        True: Track.objects.create(
            edition=edition, kind="tiny", name="Tiny Papers", page_limit=2, submission_deadline=deadline
        ),
    }
    return edition, tracks


def papers_add(edition, tracks, start: int, stop: int, *, orals: int = 4, authors: int = 3) -> None:
    """Accepted papers `start`..`stop` (every 4th in the tiny track), the first `orals` numbers orals."""
    from sllm.submissions.models import Authorship, Paper

    topics = edition.topics
    papers = Paper.objects.bulk_create(
        Paper(
            edition=edition,
            track=tracks[n % 4 == 0],
            number=n,
            status=Paper.Status.ACCEPTED,
            presentation="oral" if n <= orals else "poster",
            title=f"Sparse attention for long contexts, part {n} <not a tag> & friends",
            abstract="We prune and quantize large language models. " * 12,
            topics=[topics[n % len(topics)]],
        )
        for n in range(start, stop + 1)
    )
    Authorship.objects.bulk_create(
        Authorship(paper=p, position=i, name=f"Author {p.number}-{i}", institution="Somewhere University")
        for p in papers
        for i in range(1, authors + 1)
    )


def program_build(edition) -> dict:
    """The demo's day (Table I of the call: talks, 4 oral slots, 2 poster sessions); returns its rooms."""
    from sllm.program.demo import TABLE_I, _at
    from sllm.program.models import Room, Session, Slot, Speaker

    rooms = {
        name: Room.objects.create(edition=edition, name=name, order=i)
        for i, name in enumerate(["Main hall", "Poster hall"])
    }
    sessions = {}
    for session_title, kind, title, start, end, room, names, poster_session in TABLE_I:
        if session_title not in sessions:
            sessions[session_title] = Session.objects.create(edition=edition, title=session_title, order=len(sessions))
        slot = Slot.objects.create(
            session=sessions[session_title],
            kind=kind,
            title=title,
            room=rooms[room],
            start=_at(edition, start),
            end=_at(edition, end),
            poster_session=poster_session,
        )
        for name in names:
            slot.speakers.add(Speaker.objects.get_or_create(edition=edition, name=name)[0])
    return rooms


def oral_days_add(edition, *, orals: int, rooms: int = 6, sessions_a_day: int = 6, talks: int = 5) -> int:
    """Days after the first of parallel oral sessions (`rooms` rooms, `talks` 20-minute talks a session)
    with enough oral slots for `orals` papers; returns the number of days added."""
    import datetime as dt

    from sllm.program.models import Room, Session, Slot

    halls = Room.objects.bulk_create(
        Room(edition=edition, name=f"Oral room {chr(65 + r)}", order=10 + r) for r in range(rooms)
    )
    per_day = rooms * sessions_a_day * talks
    days = -(-orals // per_day)
    sessions, slots = [], []
    for index in range(orals):
        day, rest = divmod(index, per_day)
        block, rest = divmod(rest, rooms * talks)
        room, talk = divmod(rest, talks)
        if talk == 0:
            sessions.append(
                Session(edition=edition, title=f"Orals, day {day + 2}, block {block + 1}, {halls[room].name}")
            )
            sessions[-1].order = 100 + len(sessions)
        begin = dt.datetime.combine(
            edition.start_date + dt.timedelta(days=day + 1), dt.time(9), tzinfo=edition.tz
        ) + dt.timedelta(minutes=120 * block + 20 * talk)
        slots.append(
            Slot(
                session=sessions[-1],
                kind=Slot.Kind.ORAL,
                title=f"Oral presentation {index + 5}",
                room=halls[room],
                start=begin,
                end=begin + dt.timedelta(minutes=20),
            )
        )
    Session.objects.bulk_create(sessions)
    Slot.objects.bulk_create(slots)
    return days


def program_release(edition) -> None:
    """Fills the oral slots, places the posters and releases the program, as organizers do."""
    from django.db import transaction

    from sllm.program import services

    with transaction.atomic():
        services.oral_slots_fill(edition=edition)
        services.poster_boards_place(edition=edition)
        services.program_release(edition=edition)


def edition_generate(slug: str, *, papers: int = 2000, oral_share: float = 0.5):
    """A released edition of `papers` accepted papers, `oral_share` of them orals each with a slot (the
    demo's day, then days of parallel oral sessions), the rest posters on boards of the two poster
    sessions; three authors a paper, topics, bulk-inserted. Returns the edition."""
    orals = round(papers * oral_share)
    days = 1 + -(-max(orals - 4, 0) // 180)
    edition, tracks = edition_create(slug, days=days)
    program_build(edition)
    if orals > 4:
        oral_days_add(edition, orals=orals - 4)
    papers_add(edition, tracks, 1, papers, orals=orals)
    program_release(edition)
    return edition
