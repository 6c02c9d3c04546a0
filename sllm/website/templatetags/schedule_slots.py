"""A day's sessions of the public schedule as HTML, built in Python: a day of parallel oral sessions
holds hundreds of slots, and the template engine's per-variable and per-tag cost would make the page
slow to render (views.schedule_view gives each slot its links and times as text beforehand). Values
are escaped with the standard library's html.escape, which Django's escape wraps for lazy strings that
the snapshot's plain text never holds."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


def _people(slot: dict) -> str:
    if slot["speakers"]:
        names = ", ".join(
            escape(s["name"]) + (f" ({escape(s['affiliation'])})" if s["affiliation"] else "") for s in slot["speakers"]
        )
        return f'<p class="slot-people">{names}</p>'
    if slot["paper"]:
        return f'<p class="slot-people">{escape(", ".join(slot["paper"]["authors"]))}</p>'
    return ""


def schedule_slot(slot: dict, *, home_zone: str, awards=(), paper_url: str = "", breakout_url: str = "") -> str:
    """The slot's <article>; `home_zone` (the edition's zone) adds its own times when the page shows
    another; `awards` are listed under the awards slot, linked with `paper_url` ("…/{}/"); the breakout
    slot links the breakout groups (`breakout_url`)."""
    title = escape(slot["title"])
    heading = f'<a href="{escape(slot["url"])}">{title}</a>' if slot.get("url") else title
    home = f'<span class="slot-home-time">{slot["home_time"]} {escape(home_zone)}</span>' if home_zone else ""
    room = f" · {escape(slot['room'])}" if slot["room"] else ""
    parts = [
        f'<article class="slot slot-{escape(slot["kind"])}" id="slot-{escape(slot["uid"])}">',
        f'<p class="slot-time"><time datetime="{escape(slot["start"])}">{slot["start_hm"]}</time>–'
        f'<time datetime="{escape(slot["end"])}">{slot["end_hm"]}</time>{home}</p>',
        f'<div class="slot-body"><p class="slot-kind">{escape(slot["kind_label"])}{room}</p>',
        f'<h3 class="slot-title">{heading}</h3>',
        _people(slot),
    ]
    if slot["description"]:
        parts.append(f'<p class="slot-description">{escape(slot["description"])}</p>')
    if slot["kind"] == "awards" and awards:
        items = "".join(
            f'<li><span class="badge award">{escape(a["award"])}</span> '
            f'<a href="{escape(paper_url.format(a["paper"].number))}">{escape(a["paper"].title)}</a></li>'
            for a in awards
        )
        parts.append(f'<ul class="slot-awards">{items}</ul>')
    if slot["kind"] == "breakout" and breakout_url:
        parts.append(f'<p class="slot-links"><a href="{escape(breakout_url)}">Breakout groups: join one</a></p>')
    if slot["is_talk"]:
        hidden = f'<span class="visually-hidden"> for {title}</span>'
        parts.append(
            f'<p class="slot-links"><a href="{escape(slot["ics_url"])}">Calendar entry{hidden}</a> · '
            f'<a href="{escape(slot["questions_url"])}">Questions{hidden}</a></p>'
        )
    parts.append("</div></article>")
    return "\n".join(part for part in parts if part)


@register.simple_tag
def schedule_sessions(sessions: list, *, home_zone: str, awards=(), paper_url: str = "", breakout_url: str = "") -> str:
    """The day's sessions as the <li> items of its list, each with its slots (schedule_slot) and, for a
    session of several slots, the link to their calendar entries."""
    links = {"home_zone": home_zone, "awards": awards, "paper_url": paper_url, "breakout_url": breakout_url}
    items = []
    for session in sessions:
        slots = "".join(f"\n      {schedule_slot(slot, **links)}\n      " for slot in session["slots"])
        more = ""
        if len(session["slots"]) > 1:
            more = (
                f'<p class="session-links"><a href="{escape(session["ics_url"])}">'
                f"Calendar entries for “{escape(session['title'])}”</a></p>"
            )
        items.append(f'\n    <li class="schedule-session">\n      {slots}\n      {more}\n    </li>\n    ')
    return mark_safe("".join(items))  # every value above is escaped
