"""The demo program: Table I of the proposal (GMT+1, the edition's Africa/Lagos), released once.

Running it again changes nothing: rows are found by their natural keys before anything is created.
"""

import datetime as dt
import re
from pathlib import Path

import pymupdf
from django.core.files.uploadedfile import SimpleUploadedFile

from sllm.accounts.models import Role, User
from sllm.reviewing.models import Vote
from sllm.submissions.models import Paper, PaperFile

from . import services
from .models import BreakoutGroup, BreakoutOutcome, Feedback, ProgramRelease, Room, Session, Slot, SlotSpeaker, Speaker

SPEAKERS = [
    ("Atlas Wang", "University of Texas at Austin / XTX Markets"),
    ("Beidi Chen", "Carnegie Mellon University"),
    ("Sara Hooker", "Cohere"),
    ("Azalia Mirhoseini", "Stanford University / Google DeepMind"),
    ("Dan Alistarh", "IST Austria"),
    ("Vithu Thangarasa", "Cerebras Systems"),
    ("Fuzhao Xue", "National University of Singapore"),
    ("Yani Ioannou", "University of Calgary"),
    ("Ashwinee Panda", "University of Maryland"),
    ("Shiwei Liu", "University of Oxford"),
]
ORGANIZERS = [
    ("Tianlong Chen", "UNC Chapel Hill"),
    ("Utku Evci", "Google DeepMind"),
    ("Yani Ioannou", "University of Calgary"),
    ("Berivan Isik", "Google"),
    ("Shiwei Liu", "University of Oxford"),
    ("Adnan Mohammed", "University of Calgary"),
    ("Aleksandra Nowak", "Jagiellonian University"),
    ("Ashwinee Panda", "University of Maryland"),
]
MAIN, POSTERS = "Main hall", "Poster hall"
# Table I: (session, kind, title, start, end, room, speakers, poster session).
TABLE_I = [
    ("Opening", "opening", "Opening remarks", "09:00", "09:05", MAIN, ["Yani Ioannou", "Ashwinee Panda"], None),
    (
        "Mentoring session",
        "mentoring",
        "Mentoring session: kick-off for mentors and mentees",
        "09:05",
        "09:40",
        MAIN,
        [],
        None,
    ),
    ("Morning talks", "invited", "Invited talk 1", "09:40", "10:15", MAIN, ["Atlas Wang"], None),
    ("Morning talks", "oral", "Oral presentation 1", "10:15", "10:35", MAIN, [], None),
    ("Morning talks", "oral", "Oral presentation 2", "10:35", "10:55", MAIN, [], None),
    ("Poster session 1", "break", "Short break", "10:55", "11:00", MAIN, [], None),
    ("Poster session 1", "poster", "Poster session 1", "11:00", "12:00", POSTERS, [], 1),
    ("Lunch", "lunch", "Lunch break / Mentor-Mentee Lunch", "12:00", "13:00", POSTERS, [], None),
    ("Afternoon talks", "invited", "Invited talk 2", "13:00", "13:35", MAIN, ["Beidi Chen"], None),
    ("Afternoon talks", "invited", "Invited talk 3", "13:35", "14:10", MAIN, ["Sara Hooker"], None),
    (
        "Panel discussion",
        "panel",
        "Panel: where sparse LLM inference stands, its limits and opportunities",
        "14:10",
        "15:10",
        MAIN,
        ["Shiwei Liu", "Vithu Thangarasa", "Fuzhao Xue"],
        None,
    ),
    ("Poster session 2", "break", "Short break", "15:10", "15:15", MAIN, [], None),
    ("Poster session 2", "poster", "Poster session 2", "15:15", "16:15", POSTERS, [], 2),
    ("Late afternoon talks", "invited", "Invited talk 4", "16:15", "16:50", MAIN, ["Azalia Mirhoseini"], None),
    ("Late afternoon talks", "invited", "Invited talk 5", "16:50", "17:25", MAIN, ["Dan Alistarh"], None),
    ("Late afternoon talks", "oral", "Oral presentation 3", "17:25", "17:45", MAIN, [], None),
    ("Late afternoon talks", "oral", "Oral presentation 4", "17:45", "18:05", MAIN, [], None),
    ("Breakout session", "breakout", "Breakout session: small-group discussions", "18:05", "18:35", MAIN, [], None),
    (
        "Closing",
        "awards",
        "Closing remarks and Award Ceremony",
        "18:35",
        "18:45",
        MAIN,
        ["Yani Ioannou", "Ashwinee Panda"],
        None,
    ),
]
RECORDED = {
    "Invited talk 1": "https://www.youtube.com/watch?v=sllm2025-t1",
    "Invited talk 2": "https://www.youtube.com/watch?v=sllm2025-t2",
    "Invited talk 3": "https://vimeo.com/100200301",
}
# Shown above the public schedule: the proposal's text and its Table I disagree, and the demo says which it follows.
RELEASE_NOTE = (
    "The program of Table I of the proposal, in its GMT+1 times: five invited talks. The proposal's text "
    "promises six; Table I, the schedule it commits to, has five invited slots, and this program follows it."
)
# Demo papers that present orally when no oral vote has decided yet.
DEMO_ORALS = [2, 5, 11, 20]


def _at(edition, clock: str) -> dt.datetime:
    hour, minute = map(int, clock.split(":"))
    return dt.datetime.combine(edition.start_date, dt.time(hour, minute), tzinfo=edition.tz)


def _poster_pdf(paper: Paper) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=1191)
    page.draw_rect(pymupdf.Rect(0, 0, 842, 180), color=None, fill=(0.06, 0.15, 0.26))
    page.insert_textbox(
        pymupdf.Rect(40, 30, 802, 130), paper.title, fontsize=30, fontname="hebo", color=(1, 1, 1), align=1
    )
    names = ", ".join(a.name for a in paper.authorships.all())
    page.insert_textbox(pymupdf.Rect(40, 135, 802, 175), names, fontsize=16, color=(0.85, 0.9, 1), align=1)
    colours = [(0.86, 0.92, 0.98), (0.93, 0.9, 0.98), (0.9, 0.96, 0.91), (0.99, 0.95, 0.86)]
    for index, heading in enumerate(["Motivation", "Method", "Results", "Takeaways"]):
        x, y = 40 + (index % 2) * 391, 210 + (index // 2) * 480
        page.draw_rect(pymupdf.Rect(x, y, x + 371, y + 450), color=None, fill=colours[index])
        page.insert_text((x + 16, y + 36), heading, fontsize=22, fontname="hebo")
        page.insert_textbox(pymupdf.Rect(x + 16, y + 52, x + 355, y + 440), paper.abstract, fontsize=11)
    data = doc.tobytes()
    doc.close()
    return data


BIOS = Path(__file__).with_name("speakers.md")
_BIO = re.compile(r"^\**(?P<name>[^(*]+?)\s*\((?P<affiliation>[^)]+)\)\**\s*(?P<rest>.+)$")


def proposal_bios() -> dict[str, str]:
    """Speaker name -> bio, from section IV of the proposal (the invited speakers, as they described themselves)."""
    bios = {}
    for paragraph in BIOS.read_text().split("\n\n"):
        found = _BIO.match(paragraph.strip())
        if found:
            name = found["name"].strip()
            bios[name] = f"{name} ({found['affiliation'].strip()}) {found['rest'].strip()}"
    return bios


def _people(edition):
    speakers = {}
    bios = proposal_bios()
    for name, affiliation in SPEAKERS:
        speakers[name] = Speaker.objects.filter(edition=edition, name=name).first() or services.speaker_save(
            edition=edition, name=name, affiliation=affiliation, bio=bios.get(name, "")
        )
    for name, affiliation in ORGANIZERS:
        email = name.lower().replace(" ", ".") + "@organizers.sllm.example.org"
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": name, "affiliation": affiliation}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        Role.objects.get_or_create(user=user, edition=edition, kind=Role.Kind.ORGANIZER)
    return speakers


def _presentations(edition) -> None:
    accepted = Paper.objects.filter(edition=edition, status=Paper.Status.ACCEPTED)
    if accepted.exclude(presentation="").exists():
        return
    accepted.filter(number__in=DEMO_ORALS).update(presentation=Paper.Presentation.ORAL)
    accepted.exclude(number__in=DEMO_ORALS).update(presentation=Paper.Presentation.POSTER)


def load(*, edition, stdout) -> None:
    if ProgramRelease.objects.filter(edition=edition).exists():
        _breakout_groups(edition)
        stdout.write("  program already released")
        return
    speakers = _people(edition)
    # Through the organizers' own services, so the demo holds nothing the pages could not make.
    rooms = {}
    for order, (name, capacity, livestream) in enumerate(
        [(MAIN, 250, "https://www.youtube.com/watch?v=sllm2025-live"), (POSTERS, 200, "")], start=1
    ):
        rooms[name] = Room.objects.filter(edition=edition, name=name).first() or services.room_save(
            edition=edition, name=name, capacity=capacity, livestream_url=livestream, order=order
        )
    sessions = {}
    for session_title, kind, title, start, end, room, names, poster_session in TABLE_I:
        if session_title not in sessions:
            sessions[session_title] = Session.objects.filter(
                edition=edition, title=session_title
            ).first() or services.session_save(edition=edition, title=session_title, order=len(sessions) + 1)
        slot = Slot.objects.filter(session=sessions[session_title], kind=kind, start=_at(edition, start)).first()
        if slot is None:
            slot = services.slot_create(
                edition=edition,
                session=sessions[session_title],
                room=rooms[room],
                kind=kind,
                title=title,
                start=_at(edition, start),
                end=_at(edition, end),
                poster_session=poster_session,
            )
            people = []
            for order, name in enumerate(names):
                role = SlotSpeaker.Role.PANELIST if kind == "panel" else SlotSpeaker.Role.SPEAKER
                if kind == "panel" and order == 0:
                    role = SlotSpeaker.Role.MODERATOR
                people.append((speakers[name], role))
            services.slot_people_set(slot=slot, people=people)
        if title in RECORDED:
            services.recording_set(edition=edition, slot=slot, url=RECORDED[title])
    _presentations(edition)
    services.oral_slots_fill(edition=edition)
    boards = services.poster_boards_place(edition=edition)
    posters = Paper.objects.filter(pk__in=[b.paper_id for b in boards]).prefetch_related("authorships")
    for paper in posters.order_by("number"):
        if not paper.files.filter(kind=PaperFile.Kind.POSTER).exists():
            upload = SimpleUploadedFile("poster.pdf", _poster_pdf(paper), content_type="application/pdf")
            services.presenter_materials_save(paper=paper, uploads={PaperFile.Kind.POSTER: upload})
    _feedback_and_outcomes(edition)
    _breakout_groups(edition)
    services.program_release(edition=edition, note=RELEASE_NOTE)
    stdout.write(f"  program: {len(TABLE_I)} slots, {len(boards)} poster boards, released")


def _feedback_and_outcomes(edition) -> None:
    if not Feedback.objects.filter(edition=edition).exists():
        for ratings, comment in [
            ((5, 4, 4, 5, 4), "The mix of talks and posters worked well; more time for the breakout please."),
            ((4, 5, 3, None, 5), "Great panel. The poster hall was crowded in session 1."),
            ((5, 5, 5, 4, None), ""),
        ]:
            Feedback.objects.create(
                edition=edition,
                content_rating=ratings[0],
                activities_rating=ratings[1],
                format_rating=ratings[2],
                mentoring_rating=ratings[3],
                breakout_rating=ratings[4],
                comments=comment,
            )
    if not BreakoutOutcome.objects.filter(edition=edition).exists():
        services.breakout_outcome_save(
            edition=edition,
            title="Activation sparsity meets sparse autoencoders",
            topic="Sparsity for Interpretability",
            published=True,
            order=1,
            summary="- Contextual activation sparsity and SAE features may share structure.\n"
            "- **Open question:** can SAE dictionaries predict which neurons a token skips?",
        )
        services.breakout_outcome_save(
            edition=edition,
            title="Quantization and KV cache compression",
            order=2,
            topic="Interaction with Quantization and Distillation",
            published=True,
            summary="Groups compared 2:4 sparsity plus 4-bit weights against 3-bit weights alone and asked "
            "for shared benchmarks of end-to-end latency, not only perplexity.",
        )


# Groups on the program's key topics, each with questions to start the conversation (proposal, "Breakout Session").
BREAKOUT_GROUPS = [
    (
        "Mixture of Experts (MoEs) and Modularity",
        "Routing, experts and modular LLMs",
        ["Which experts can be dropped without retraining?", "Does expert pruning interact with load balancing?"],
        12,
    ),
    (
        "Activation Sparsity for Inference",
        "Activation sparsity in practice",
        ["Where does contextual sparsity pay off at decode time?", "Which kernels should the field share?"],
        12,
    ),
    (
        "Interaction with Quantization and Distillation",
        "Sparsity with quantization",
        ["Is 2:4 plus 4-bit better than 3-bit alone?", "What should a shared latency benchmark measure?"],
        None,
    ),
    (
        "Hardware Innovation for Sparsity",
        "Hardware for sparse LLMs",
        ["Which sparsity patterns will future accelerators support?"],
        8,
    ),
]


def _breakout_groups(edition) -> None:
    if BreakoutGroup.objects.filter(edition=edition).exists():
        return
    slot = Slot.objects.filter(session__edition=edition, kind=Slot.Kind.BREAKOUT).first()
    for order, (topic, title, questions, capacity) in enumerate(BREAKOUT_GROUPS, start=1):
        services.breakout_group_save(
            edition=edition, topic=topic, title=title, questions=questions, capacity=capacity, slot=slot, order=order
        )


ORAL_VOTE_NOTE = f"{RELEASE_NOTE} Oral slots hold the winners of the oral vote."


def load_oral_vote_release(*, edition, stdout) -> None:
    """After the votes' demo ran the oral vote: the oral slots hold its winners, the boards the posters,
    in a second release by the organizer who ran the vote. Once only."""
    vote = Vote.objects.filter(edition=edition, kind=Vote.Kind.ORALS, result__isnull=False).first()
    if vote is None or ProgramRelease.objects.filter(edition=edition, note=ORAL_VOTE_NOTE[:300]).exists():
        return
    services.oral_slots_fill(edition=edition)
    services.poster_boards_place(edition=edition)
    services.program_release(edition=edition, user=vote.opened_by, note=ORAL_VOTE_NOTE)
    stdout.write("  program: oral slots hold the oral vote's winners, released again")
