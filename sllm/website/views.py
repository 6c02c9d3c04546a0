import datetime as dt

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from sllm.core.registry import paper_sections
from sllm.program import selectors as program
from sllm.program.calendar import build_calendar
from sllm.program.models import Slot
from sllm.program.thumbnails import poster_thumbnail
from sllm.submissions.models import PaperFile
from sllm.submissions.permissions import access_paper_public
from sllm.submissions.selectors import paper_file
from sllm.workshops.selectors import (
    edition_current,
    edition_get_public,
    edition_list_public,
    track_list,
)

from . import selectors
from .caching import public_page
from .pagination import page_links
from .timezones import zone_choices, zone_from_request


def _public_edition(slug):
    return edition_get_public(slug=slug)


# Stand-ins reversed once per page and formatted per item: a {% url %} per slot costs more than the
# rest of a day's schedule.
NUMBER_STAND_IN = 987654321
UUID_STAND_IN = "00000000-0000-4000-8000-000000000000"


def _url_pattern(name: str, *args) -> str:
    url = reverse(name, args=args)
    for stand_in in (str(NUMBER_STAND_IN), UUID_STAND_IN):
        url = url.replace(stand_in, "{}")
    return url


def home_view(request):
    current = edition_current()
    if current is not None:
        return redirect("website:edition", slug=current.slug)
    return render(request, "website/no_edition.html", {"workshops": edition_list_public()})


@public_page
def edition_view(request, slug):
    edition = _public_edition(slug)
    context = {
        "edition": edition,
        "tracks": track_list(edition=edition),
        "speakers": selectors.speakers_public(edition=edition),
    }
    return render(request, "website/edition.html", context)


@public_page
def cfp_view(request, slug):
    edition = _public_edition(slug)
    zone, zone_name, zone_error = zone_from_request(request, edition)
    context = {
        "edition": edition,
        **selectors.call_public(edition=edition, zone=zone),
        "zone_name": zone_name,
        "zone_error": zone_error,
        "zones": zone_choices(edition, zone_name),
        "in_edition_zone": zone_name == edition.timezone,
    }
    return render(request, "website/cfp.html", context, status=400 if zone_error else 200)


def _query_string(request, *names) -> str:
    """The visitor's filters and time zone (only these), kept on the links between pages."""
    kept = request.GET.copy()
    for name in list(kept):
        if name not in names:
            del kept[name]
    return kept.urlencode()


@public_page
def papers_view(request, slug, page=1):
    edition = _public_edition(slug)
    query = request.GET.get("q", "").strip()[:200]
    topic = request.GET.get("topic", "")
    topic = topic if topic in edition.topics else ""
    listed = selectors.papers_page(edition=edition, query=query, topic=topic, page=page)
    if listed is None:
        raise Http404("No such page of papers.")
    paper_url = _url_pattern("website:paper", slug, NUMBER_STAND_IN)
    for group in listed["groups"]:
        for paper in group["papers"]:
            paper["url"] = paper_url.format(paper["number"])
    context = {
        "edition": edition,
        **listed,
        "query": query,
        "topic": topic,
        "pager": page_links(
            page=page,
            pages=listed["pages"],
            url_for=lambda n: (
                reverse("website:papers-page", args=[slug, n]) if n > 1 else reverse("website:papers", args=[slug])
            ),
            query=_query_string(request, "q", "topic"),
        ),
    }
    return render(request, "website/papers.html", context)


@public_page
def paper_view(request, slug, number):
    paper = selectors.paper_public(slug=slug, number=number)
    edition = paper.edition
    selectors.paper_authors_prefetch(paper=paper)
    # Awards and reproducibility badges come from the votes' and artifacts' registered sections.
    context = {
        "edition": edition,
        "paper": paper,
        "sections": paper_sections(paper),
        "presentation": selectors.paper_presentation(paper=paper),
        "bibtex": selectors.paper_bibtex(paper=paper),
    }
    return render(request, "website/paper.html", context)


def paper_pdf_view(request, slug, number):
    paper = access_paper_public(edition=_public_edition(slug), number=number)
    stored = paper_file(paper=paper, kind=PaperFile.Kind.CAMERA_READY) or paper_file(
        paper=paper, kind=PaperFile.Kind.SUBMISSION
    )
    if stored is None:
        raise Http404("No PDF yet.")
    return FileResponse(stored.file.open("rb"), content_type="application/pdf", filename=f"{slug}-{number}.pdf")


PHOTO_TYPES = {".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}


def speaker_photo_view(request, slug, speaker_id):
    """A speaker's photo (checked and re-encoded when uploaded), served like the papers' files."""
    speaker = program.speaker_with_photo(edition=_public_edition(slug), speaker_id=speaker_id)
    if speaker is None:
        raise Http404("No photo.")
    suffix = "." + speaker.photo.name.rsplit(".", 1)[-1].lower()
    return FileResponse(speaker.photo.open("rb"), content_type=PHOTO_TYPES.get(suffix, "application/octet-stream"))


def paper_presentation_file_view(request, slug, number, kind):
    paper = access_paper_public(edition=_public_edition(slug), number=number)
    stored = paper_file(paper=paper, kind=kind)
    if stored is None:
        raise Http404("Not uploaded yet.")
    return FileResponse(stored.file.open("rb"), content_type="application/pdf", filename=f"{slug}-{number}-{kind}.pdf")


def poster_thumbnail_view(request, slug, number):
    paper = access_paper_public(edition=_public_edition(slug), number=number)
    stored = paper_file(paper=paper, kind=PaperFile.Kind.POSTER)
    thumbnail = poster_thumbnail(stored) if stored is not None else None
    if thumbnail is None:
        raise Http404("No poster thumbnail yet.")
    response = FileResponse(default_storage.open(thumbnail, "rb"), content_type="image/png")
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _schedule_links(slug: str, schedule: dict | None, home_zone) -> None:
    """Each slot's links and times as text: its paper or poster session, calendar entry, questions, and
    its times in `home_zone` (the edition's zone, None where the page already shows that zone)."""
    if schedule is None:
        return
    paper = _url_pattern("website:paper", slug, NUMBER_STAND_IN)
    posters = _url_pattern("website:posters-session", slug, NUMBER_STAND_IN)
    talk = _url_pattern("website:talk-ics", slug, UUID_STAND_IN)
    session_ics = _url_pattern("website:session-ics", slug, UUID_STAND_IN)
    questions = _url_pattern("live:questions", slug, UUID_STAND_IN)
    for day in schedule["days"]:
        for session in day["sessions"]:
            session["ics_url"] = session_ics.format(session["uid"])
            for slot in session["slots"]:
                if slot["paper"]:
                    slot["url"] = paper.format(slot["paper"]["number"])
                elif slot["kind"] == Slot.Kind.POSTER and slot["poster_session"]:
                    slot["url"] = posters.format(slot["poster_session"])
                if slot["is_talk"]:
                    slot["ics_url"], slot["questions_url"] = talk.format(slot["uid"]), questions.format(slot["uid"])
                slot["start_hm"], slot["end_hm"] = f"{slot['start_local']:%H:%M}", f"{slot['end_local']:%H:%M}"
                if home_zone is not None:
                    home = slot["start_utc"].astimezone(home_zone), slot["end_utc"].astimezone(home_zone)
                    slot["home_time"] = f"{home[0]:%H:%M}–{home[1]:%H:%M}"


@public_page
def schedule_view(request, slug, day=None):
    edition = _public_edition(slug)
    zone, zone_name, zone_error = zone_from_request(request, edition)
    try:
        date = dt.date.fromisoformat(day) if day else None
    except ValueError:
        raise Http404("No such day.") from None
    schedule = selectors.schedule_day(edition=edition, zone=zone, day=date)
    if schedule is None and date is not None:
        raise Http404("Nothing is scheduled that day.")
    query = _query_string(request, "tz")
    _schedule_links(slug, schedule, None if zone_name == edition.timezone else edition.tz)
    context = {
        "edition": edition,
        "schedule": schedule,
        "day_links": [
            {
                "date": d,
                "url": reverse("website:schedule-day", args=[slug, d.isoformat()]) + (f"?{query}" if query else ""),
            }
            for d in (schedule["dates"] if schedule else [])
        ],
        # The closing slot names the decided awards (the Best Student Paper), as the awards page does.
        "awards": selectors.awards_public(edition=edition),
        "zone_name": zone_name,
        "zone_error": zone_error,
        "zones": zone_choices(edition, zone_name),
        "in_edition_zone": zone_name == edition.timezone,
        "home_zone": "" if zone_name == edition.timezone else edition.timezone,
        "paper_url": _url_pattern("website:paper", slug, NUMBER_STAND_IN),
    }
    return render(request, "website/schedule.html", context, status=400 if zone_error else 200)


def _ics(edition, release, slots, name, filename):
    if release is None or not slots:
        raise Http404("No program is released yet.")
    body = build_calendar(edition=edition, release=release, slots=slots, name=name, site_url=settings.SITE_URL)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def schedule_ics_view(request, slug):
    edition = _public_edition(slug)
    release = selectors.calendar_release(edition=edition)
    return _ics(edition, release, release.slots if release else [], edition.name, f"{slug}.ics")


def session_ics_view(request, slug, uid):
    edition = _public_edition(slug)
    release = selectors.calendar_release(edition=edition, session_uid=str(uid))
    slots = release.slots if release else []
    title = slots[0]["session"] if slots else ""
    return _ics(edition, release, slots, f"{edition.short_name}: {title}", f"{slug}-session-{uid}.ics")


def talk_ics_view(request, slug, uid):
    edition = _public_edition(slug)
    release = selectors.talk_release(edition=edition, uid=str(uid))
    if release is None or release.talk is None:
        raise Http404("No such talk.")
    talk = release.talk
    return _ics(edition, release, [talk], f"{edition.short_name}: {talk['title']}", f"{slug}-talk-{uid}.ics")


@public_page
def posters_view(request, slug, session=1, page=1):
    edition = _public_edition(slug)
    shown = selectors.posters_page(edition=edition, session=session, page=page)
    if shown is None:
        if (session, page) != (1, 1):
            raise Http404("No such page of posters.")
        shown = {"session": 1, "boards": [], "sessions": {}, "pages": 0}
    links = {
        "url": _url_pattern("website:paper", slug, NUMBER_STAND_IN),
        "poster_url": _url_pattern("website:paper-poster", slug, NUMBER_STAND_IN),
        "thumb_url": _url_pattern("website:poster-thumb", slug, NUMBER_STAND_IN),
    }
    for board in shown["boards"]:
        board.update({name: pattern.format(board["paper"]["number"]) for name, pattern in links.items()})
    context = {
        "edition": edition,
        "shown": shown,
        "pager": page_links(
            page=page,
            pages=max(shown["pages"], 1),
            url_for=lambda n: (
                reverse("website:posters-page", args=[slug, session, n])
                if n > 1
                else reverse("website:posters-session", args=[slug, session])
            ),
        ),
    }
    return render(request, "website/posters.html", context)


@public_page
def speakers_view(request, slug):
    edition = _public_edition(slug)
    return render(
        request, "website/speakers.html", {"edition": edition, "speakers": selectors.speakers_public(edition=edition)}
    )


@public_page
def organizers_view(request, slug):
    edition = _public_edition(slug)
    return render(
        request,
        "website/organizers.html",
        {"edition": edition, "organizers": program.organizer_list_public(edition=edition)},
    )


@public_page
def recordings_view(request, slug):
    edition = _public_edition(slug)
    return render(
        request, "website/recordings.html", {"edition": edition, **selectors.recordings_public(edition=edition)}
    )


@public_page
def awards_view(request, slug):
    edition = _public_edition(slug)
    return render(
        request, "website/awards.html", {"edition": edition, "awards": selectors.awards_public(edition=edition)}
    )


@public_page
def breakouts_view(request, slug):
    edition = _public_edition(slug)
    return render(
        request,
        "website/breakouts.html",
        {"edition": edition, "outcomes": program.breakout_outcomes_public(edition=edition)},
    )
