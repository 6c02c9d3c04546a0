"""The public site as plain files: every page rendered by the live views, links made relative.

Pages are fetched through Django's test client, so the export holds exactly what the live site
serves. Links to exported pages and files become relative (working from any static host or a
file:// folder); links to what only the live site can do (log in, the feedback form) point to it.
"""

import multiprocessing
import os
import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from sllm.core.errors import ApplicationError
from sllm.program.selectors.release import release_head, values
from sllm.submissions.models import PaperFile
from sllm.submissions.selectors import paper_list_public

from .middleware import BYPASS
from .selectors import papers_page, posters_page, schedule_dates
from .selectors.program import TALKS

LINK = re.compile(r'(?P<attr>\b(?:href|src|action))="(?P<url>[^"]*)"')


def _file_for(path: str) -> str:
    """The export file of a site path: directories get index.html."""
    path = path.lstrip("/")
    return path + "index.html" if path.endswith("/") or path == "" else path


def export_paths(edition) -> list[str]:
    slug = edition.slug
    names = [
        "edition",
        "cfp",
        "schedule",
        "papers",
        "posters",
        "speakers",
        "organizers",
        "recordings",
        "awards",
        "breakouts",
    ]
    paths = [reverse(f"website:{name}", args=[slug]) for name in names]
    # The public pages of the apps that serve them themselves, linked from every page's menu.
    paths += [reverse(name, args=[slug]) for name in ("program:breakout-groups-public", "workshops:community-public")]
    # Only the parts of the latest release that name pages, in one query: never the whole snapshot.
    release = release_head(
        edition=edition,
        sessions=values("slots", "session_uid"),
        talks=values("slots", "uid", where=[TALKS]),
        starts=values("slots", "start"),
    )
    if release is not None:
        paths.append(reverse("website:schedule-ics", args=[slug]))
        paths += [reverse("website:session-ics", args=[slug, uid]) for uid in sorted(release.sessions)]
        paths += [reverse("website:talk-ics", args=[slug, uid]) for uid in sorted(release.talks)]
    paths += _page_paths(edition, release)
    papers = paper_list_public(edition=edition).prefetch_related("files")
    for paper in papers:
        args = [slug, paper.number]
        paths.append(reverse("website:paper", args=args))
        kinds = {f.kind for f in paper.files.all()}
        if kinds & {PaperFile.Kind.SUBMISSION, PaperFile.Kind.CAMERA_READY}:
            paths.append(reverse("website:paper-pdf", args=args))
        if PaperFile.Kind.POSTER in kinds:
            paths += [reverse("website:paper-poster", args=args), reverse("website:poster-thumb", args=args)]
        if PaperFile.Kind.SLIDES in kinds:
            paths.append(reverse("website:paper-slides", args=args))
    return paths


def _page_paths(edition, release) -> list[str]:
    """The further pages of the long lists: papers, each poster session's boards, each day of the schedule."""
    slug = edition.slug
    listed = papers_page(edition=edition)
    paths = [reverse("website:papers-page", args=[slug, n]) for n in range(2, listed["pages"] + 1)]
    if release is None:
        return paths
    shown = posters_page(edition=edition, session=1, page=1)
    for session, pages in (shown["sessions"] if shown else {}).items():
        paths.append(reverse("website:posters-session", args=[slug, session]))
        paths += [reverse("website:posters-page", args=[slug, session, n]) for n in range(2, pages + 1)]
    dates = schedule_dates(starts=release.starts, zone=edition.tz)
    return paths + [reverse("website:schedule-day", args=[slug, day.isoformat()]) for day in dates]


def _relative(target: str, page: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def _copy_static(url_path: str, out: Path) -> bool:
    name = url_path[len(settings.STATIC_URL) :]
    source = finders.find(name)
    target = out / url_path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    if source:
        shutil.copyfile(source, target)
        return True
    if staticfiles_storage.exists(name):
        with staticfiles_storage.open(name) as handle, target.open("wb") as copy:
            shutil.copyfileobj(handle, copy)
        return True
    return False


def _rewrite(html: str, page: str, exported: set[str], out: Path, copied: set[str]) -> str:
    def replace(match):
        url = match.group("url")
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            return match.group(0)
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        if parts.path in exported:
            return f'{match.group("attr")}="{_relative(_file_for(parts.path), page)}{fragment}"'
        if parts.path.startswith(settings.STATIC_URL) and (parts.path in copied or _copy_static(parts.path, out)):
            copied.add(parts.path)
            return f'{match.group("attr")}="{_relative(parts.path.lstrip("/"), page)}"'
        # Only the live site can do this (log in, send feedback): link there.
        return f'{match.group("attr")}="{settings.SITE_URL.rstrip("/")}{url}"'

    return LINK.sub(replace, html)


def _render(paths: list[str], staging: Path, exported: set[str]) -> dict:
    """Fetches `paths` into `staging`; returns counts, or the first path that did not answer 200."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    client = Client(HTTP_HOST=host if host in settings.ALLOWED_HOSTS else settings.ALLOWED_HOSTS[0], **{BYPASS: True})
    copied: set[str] = set()
    pages = files = 0
    for path in paths:
        response = client.get(path)
        if response.status_code != 200:
            return {"failed": path, "status": response.status_code}
        target_name = _file_for(path)
        target = staging / target_name
        target.parent.mkdir(parents=True, exist_ok=True)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response["Content-Type"].startswith("text/html"):
            target.write_text(_rewrite(body.decode(), target_name, exported, staging, copied))
            pages += 1
        else:
            target.write_bytes(body)
            files += 1
    return {"pages": pages, "files": files, "copied": copied}


def _render_in_child(paths: list[str], staging: Path, exported: set[str]) -> dict:
    try:
        return _render(paths, staging, exported)
    finally:
        connections.close_all()


def _render_all(paths: list[str], staging: Path, exported: set[str], jobs: int) -> list[dict]:
    if jobs <= 1 or connection.in_atomic_block:
        # Inside a transaction (tests, callers' atomic blocks) other processes could not see its rows.
        return [_render(paths, staging, exported)]
    # Rendering is CPU-bound Python: forked processes share the loaded project and each render a slice.
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        results = pool.starmap(_render_in_child, [(paths[i::jobs], staging, exported) for i in range(jobs)])
    return results


def export_site(*, edition, out: Path, jobs: int | None = None) -> dict:
    """Writes the edition's public site into `out` (created or replaced); returns counts.

    `jobs` processes render the pages (default: one per CPU, at most 4).
    """
    if not edition.is_public:
        raise ApplicationError(f"{edition.slug} is not public.", code="not_public")
    paths = export_paths(edition)
    exported = set(paths)
    staging = out.with_name(out.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    jobs = jobs if jobs is not None else min(os.cpu_count() or 1, 4)
    results = _render_all(paths, staging, exported, jobs)
    failed = next((r for r in results if "failed" in r), None)
    if failed is not None:
        shutil.rmtree(staging, ignore_errors=True)
        raise ApplicationError(
            f"{failed['failed']} answered {failed['status']}; nothing was exported.", code="export_failed"
        )
    # The root of the export opens the edition's home page.
    home_page = _file_for(reverse("website:edition", args=[edition.slug]))
    (staging / "index.html").write_text(
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{edition.short_name}</title>'
        f'<meta http-equiv="refresh" content="0; url={home_page}"></head>'
        f'<body><a href="{home_page}">{edition.name}</a></body></html>\n'
    )
    # Built beside and swapped in, so a failed export never leaves half a site behind.
    if out.exists():
        shutil.rmtree(out)
    staging.rename(out)
    return {
        "pages": sum(r["pages"] for r in results),
        "files": sum(r["files"] for r in results),
        "static": len(set().union(*(r["copied"] for r in results))),
    }
