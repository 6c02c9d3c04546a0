"""Building a released program for the public pages' tests."""

from sllm.program import services
from sllm.program.models import SlotSpeaker
from tests.program.conftest import accepted_paper
from tests.program.factories import PosterBoardFactory, RoomFactory, SessionFactory, SlotFactory, SpeakerFactory, at


def released_program(edition, track, *, papers: int = 1):
    """n invited talks (one speaker each), n oral papers in slots, n poster papers on boards; released."""
    main = RoomFactory(edition=edition, name="Main hall")
    hall = RoomFactory(edition=edition, name="Poster hall")
    session = SessionFactory(edition=edition, title="Talks", order=1)
    posters = SessionFactory(edition=edition, title="Posters", order=2)
    SlotFactory(
        session=posters,
        room=hall,
        kind="poster",
        title="Poster session 1",
        poster_session=1,
        start=at("11:00"),
        end=at("12:00"),
    )
    for index in range(papers):
        talk = SlotFactory(
            session=session,
            room=main,
            title=f"Invited talk {index + 1}",
            start=at(f"{13 + index}:00"),
            end=at(f"{13 + index}:35"),
        )
        SlotSpeaker.objects.create(slot=talk, speaker=SpeakerFactory(edition=edition, name=f"Speaker {index}"))
        oral = accepted_paper(
            track,
            number=100 + index,
            presentation="oral",
            authors=[f"Oral author {index}"],
            title=f"Oral paper {index}",
        )
        SlotFactory(
            session=session,
            room=main,
            kind="oral",
            title=oral.title,
            paper=oral,
            start=at(f"{13 + index}:35"),
            end=at(f"{13 + index}:55"),
        )
        poster = accepted_paper(
            track, number=200 + index, authors=[f"Poster author {index}", "Co Author"], title=f"Poster paper {index}"
        )
        PosterBoardFactory(paper=poster, session=1, number=index + 1)
    return services.program_release(edition=edition, note="test")
