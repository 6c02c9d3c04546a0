"""Places where apps plug into shared pages and lists without those importing them.

Each app registers its entries in its AppConfig.ready(); the organizers' dashboard, the author's paper
page, the public paper page and the mail groups list whatever is registered, in order. This is how a
lower app (workshops' dashboard, mail) shows what a higher one owns without importing it.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    order: int = 100


DASHBOARD_PANELS: list[Link] = []
AUTHOR_PAPER_ACTIONS: list[Link] = []


def register_dashboard_panel(label: str, url_name: str, order: int = 100) -> None:
    """A page under /organize/<slug>/...; url_name takes the edition slug."""
    if all(link.url_name != url_name for link in DASHBOARD_PANELS):
        DASHBOARD_PANELS.append(Link(label, url_name, order))
        DASHBOARD_PANELS.sort(key=lambda link: link.order)


def register_author_paper_action(label: str, url_name: str, order: int = 100) -> None:
    """A page for one paper's authors; url_name takes the edition slug and the paper number."""
    if all(link.url_name != url_name for link in AUTHOR_PAPER_ACTIONS):
        AUTHOR_PAPER_ACTIONS.append(Link(label, url_name, order))
        AUTHOR_PAPER_ACTIONS.sort(key=lambda link: link.order)


@dataclass(frozen=True)
class PaperSection:
    template: str
    context: Callable  # (paper) -> dict, given to the template as `section`
    order: int = 100


PAPER_PAGE_SECTIONS: list[PaperSection] = []


def register_paper_section(template: str, context: Callable, order: int = 100) -> None:
    """A block on the public paper page (badges, awards, poster, recording, proceedings links)."""
    if all(section.template != template for section in PAPER_PAGE_SECTIONS):
        PAPER_PAGE_SECTIONS.append(PaperSection(template, context, order))
        PAPER_PAGE_SECTIONS.sort(key=lambda section: section.order)


def paper_sections(paper) -> list[tuple[str, dict]]:
    return [(section.template, section.context(paper)) for section in PAPER_PAGE_SECTIONS]


# ---- an edition's review deadline, from the app that imports the reviews ------------------------------

REVIEW_DEADLINE_READERS: list[Callable] = []


def register_review_deadline(reader: Callable) -> None:
    """reader(workshop=...) -> datetime | None; the OpenReview app gives the venue's review due date, so
    reviewing's coverage page shows late reviews without reviewing importing the app above it."""
    if reader not in REVIEW_DEADLINE_READERS:
        REVIEW_DEADLINE_READERS.append(reader)


def review_deadline(edition):
    """The first deadline a registered reader knows for the edition, or None."""
    return next((found for reader in REVIEW_DEADLINE_READERS if (found := reader(edition=edition))), None)


# ---- the mentoring sessions' times, from the app that holds the program ---------------------------------

MENTORING_SLOT_READERS: list[Callable] = []


def register_mentoring_slots(reader: Callable) -> None:
    """reader(workshop=...) -> {"kickoff": slot | None, "lunch": slot | None}, each slot with start, end and
    room.name; the program app gives its mentoring kick-off and mentor-mentee lunch slots, so mentoring
    takes their times and rooms without importing the app above it."""
    if reader not in MENTORING_SLOT_READERS:
        MENTORING_SLOT_READERS.append(reader)


def mentoring_slots(edition) -> dict:
    """The kick-off and lunch slots the first registered reader finds ({"kickoff": None, "lunch": None} if none)."""
    found = {"kickoff": None, "lunch": None}
    if MENTORING_SLOT_READERS:
        found.update(MENTORING_SLOT_READERS[0](edition=edition))
    return found


@dataclass(frozen=True)
class DashboardSection:
    template: str
    context: Callable  # (workshop, query) -> dict, given to the template as `section`; query: the page's GET
    order: int = 100


DASHBOARD_SECTIONS: list[DashboardSection] = []


def register_dashboard_section(template: str, context: Callable, order: int = 100) -> None:
    """A block on the organizers' dashboard itself (submission counts, page checks, the platform's health)."""
    if all(section.template != template for section in DASHBOARD_SECTIONS):
        DASHBOARD_SECTIONS.append(DashboardSection(template, context, order))
        DASHBOARD_SECTIONS.sort(key=lambda section: section.order)


def dashboard_sections(edition, query=None) -> list[tuple[str, dict]]:
    """Each section's template and context; `query` is the dashboard's GET parameters (its filters)."""
    query = {} if query is None else query
    return [(section.template, section.context(edition, query)) for section in DASHBOARD_SECTIONS]


@dataclass(frozen=True)
class MailGroup:
    key: str
    label: str
    emails: Callable  # (workshop) -> iterable of addresses
    order: int = 100


MAIL_GROUPS: list[MailGroup] = []


def register_mail_group(key: str, label: str, emails: Callable, order: int = 100) -> None:
    """A group of addresses organizers may write to from the mail page (mail offers them in order)."""
    if all(group.key != key for group in MAIL_GROUPS):
        MAIL_GROUPS.append(MailGroup(key, label, emails, order))
        MAIL_GROUPS.sort(key=lambda group: group.order)


# ---- channels for people without a reachable address ----------------------------------------------------

MESSAGE_CHANNELS: dict[str, Callable] = {}


def register_message_channel(name: str, deliver: Callable) -> None:
    """deliver(recipients=[ids], subject=..., message=...) sends through an outside system (OpenReview)."""
    MESSAGE_CHANNELS[name] = deliver


def deliver_through(name: str, **message) -> None:
    """Sends through a registered channel; a missing one is an error the outbox records and retries."""
    if name not in MESSAGE_CHANNELS:
        raise LookupError(f"No message channel {name!r} is registered.")
    MESSAGE_CHANNELS[name](**message)


# ---- job families: their stale-job sweep and the organizers' Retry button --------------------------------


@dataclass(frozen=True)
class JobFamily:
    key: str  # in the Retry button's URL: sync, tally, build, checkpoint, benchmark, mail
    label: str
    sweep: Callable  # (now) -> {"requeued": n, "failed": m}; now may be None
    retry: Callable  # (edition=, pk=, user=) -> str, what was done; raises ApplicationError or NotFound
    page: str  # url_name (taking the edition slug) of the page that shows the family's jobs


JOB_FAMILIES: dict[str, JobFamily] = {}


def register_job_family(family: JobFamily) -> None:
    """Each app with a job registers it here; the sweep (tasks/sweeps.py) and the Retry view (ops) use it."""
    JOB_FAMILIES[family.key] = family
