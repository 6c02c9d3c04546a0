import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from sllm.program import services
from sllm.submissions.models import Paper
from sllm.website.export import export_site
from tests.pdfs import pdf_upload
from tests.website.helpers import released_program

pytestmark = pytest.mark.django_db
SITE = "https://sllm.example.org"


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        self.links += [value for name, value in attrs if name in {"href", "src", "action"} and value is not None]


class Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_data(self, data):
        if data.strip():
            self.parts.append(" ".join(data.split()))


def parse(parser_class, html):
    parser = parser_class()
    parser.feed(html)
    return parser


@pytest.fixture
def exported(tmp_path, edition, main_track, capsys):
    released_program(edition, main_track, papers=2)
    paper = Paper.objects.get(number=200)
    services.presenter_materials_save(paper=paper, uploads={"poster": pdf_upload(), "slides": pdf_upload()})
    out = tmp_path / "site"
    with override_settings(SITE_URL=SITE):
        call_command("export_site", "--workshop", edition.slug, "--out", str(out))
    return out, json.loads(capsys.readouterr().out)


def test_export_writes_every_public_page_and_file(exported):
    out, summary = exported
    # Static files: ours plus whatever stylesheets other apps' paper sections bring along.
    static = sorted(str(p.relative_to(out)) for p in (out / "static").rglob("*") if p.is_file())
    # 19 pages: the list pages, each poster session's, the schedule's one day, the breakout groups and the
    # community page among them.
    assert summary == {"out": str(out), "pages": 19, "files": 10, "static": len(static)}
    assert sorted(set(static) - {"static/css/artifacts.css"}) == [
        "static/css/program.css",
        "static/css/site.css",
        "static/js/program.js",
    ]
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*.html"))[:4] == [
        "index.html",
        "sllm-2025/awards/index.html",
        "sllm-2025/breakout-groups/index.html",
        "sllm-2025/breakouts/index.html",
    ]
    assert (out / "sllm-2025/posters/200.png").read_bytes()[:4] == b"\x89PNG"
    assert (out / "sllm-2025/papers/200/poster.pdf").read_bytes()[:5] == b"%PDF-"


def test_every_link_in_the_export_resolves_to_a_file(exported):
    out, _ = exported
    broken, outside = [], set()
    for page in out.rglob("*.html"):
        for link in parse(Links, page.read_text()).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                outside.add(f"{parts.scheme}://{parts.netloc}")
                continue
            if not parts.path:
                continue
            target = (page.parent / parts.path).resolve()
            if not target.is_file():
                broken.append((str(page.relative_to(out)), link))
    assert broken == []
    # Only what the live site alone can do (log in, the feedback form) points back to it.
    assert outside == {SITE}


def test_exported_pages_hold_the_same_text_as_the_live_pages(exported, client):
    out, _ = exported
    for name, path in [
        ("papers", "sllm-2025/papers/index.html"),
        ("schedule", "sllm-2025/schedule/index.html"),
        ("posters", "sllm-2025/posters/index.html"),
    ]:
        live = client.get(reverse(f"website:{name}", args=["sllm-2025"])).content.decode()
        assert parse(Text, (out / path).read_text()).parts == parse(Text, live).parts


def test_export_of_an_unknown_edition_fails_cleanly(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("export_site", "--workshop", "nope", "--out", str(tmp_path / "x"))
    assert (exit_info.value.code, json.loads(capsys.readouterr().err), (tmp_path / "x").exists()) == (
        1,
        {"error": "not_found", "message": "No edition 'nope'."},
        False,
    )


def test_relative_links_climb_to_the_right_folder(exported):
    out, _ = exported
    html = (out / "sllm-2025/papers/200/index.html").read_text()
    assert re.findall(r'href="([^"]*(?:poster|slides|paper)\.pdf)"', html) == ["poster.pdf", "slides.pdf"]
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)[:2] == [
        "../../../static/css/site.css",
        "../../../static/css/program.css",
    ]


@pytest.mark.parametrize("page, heading", [("breakout-groups", "Breakout groups"), ("community", "Community")])
def test_the_breakout_groups_and_community_pages_are_exported_with_their_assets_by_relative_paths(
    exported, page, heading
):
    out, _ = exported
    html = (out / f"sllm-2025/{page}/index.html").read_text()
    assert f"<h1>{heading}</h1>" in html
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)[0] == "../../static/css/site.css"
    assert (out / "sllm-2025" / page / "../../static/css/site.css").resolve().is_file()
    # The menu of every exported page leads to it inside the export, not to the live site.
    assert f'href="../{page}/index.html"' in (out / "sllm-2025/papers/index.html").read_text()
    assert f"{SITE}/sllm-2025/{page}/" not in (out / "sllm-2025/index.html").read_text()


@pytest.mark.django_db(transaction=True)
def test_an_export_in_two_processes_writes_the_same_files_as_one(tmp_path, edition, main_track):
    # Committed rows (transaction=True): the forked processes read them through their own connections.
    released_program(edition, main_track, papers=3)
    with override_settings(SITE_URL=SITE):
        one = export_site(edition=edition, out=tmp_path / "one", jobs=1)
        two = export_site(edition=edition, out=tmp_path / "two", jobs=2)

    def files(root):
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    assert (one, files(tmp_path / "two") == files(tmp_path / "one")) == (two, True)
    # The pages, the root index.html, the PDFs, thumbnails and calendars, and the static files.
    assert (one["pages"], len(files(tmp_path / "one"))) == (21, 21 + 1 + one["files"] + one["static"])
