"""The front matter laid out in pieces of bounded size is, page for page, the front matter laid out whole."""

import datetime as dt
import random
from pathlib import Path

import pymupdf
import pytest

from sllm.proceedings.build import STYLESHEET, Person, VolumeSpec, _front_flows, worker_finish
from sllm.proceedings.pdf import LINK_SCHEME
from sllm.proceedings.pdf import blocks as pdf_blocks
from sllm.proceedings.pdf import front as pdf_front
from sllm.proceedings.volume import Author, PaperEntry, parts, place_papers

GIVEN = ["Ada", "Alan", "Grace", "Émile", "Søren", "Priya", "Kwame", "Yuki", "Jean-Pierre", "Mina"]
FAMILY = ["Lovelace", "Turing", "Hopper", "Zola", "Kierkegaard", "Okafor", "Nakamura", "Müller", "Ó Briain"]


def volume(papers: int) -> VolumeSpec:
    """A volume with titles of one and of two lines and two to six authors a paper."""
    rng = random.Random(5)
    entries = [
        PaperEntry(
            number,
            "tiny" if number % 3 == 0 else "main",
            "Tiny Papers" if number % 3 == 0 else "Main track",
            f"Sparse paper {number}" + (": pruning, quantization, kernels & other tricks" * rng.randint(0, 2)),
            tuple(
                Author(f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}{rng.randint(1, 40)}")
                for _ in range(rng.randint(2, 6))
            ),
            Path("unused.pdf"),
            rng.randint(3, 12),
        )
        for number in range(1, papers + 1)
    ]
    return VolumeSpec(
        slug="sllm-2026",
        name="Workshop on Sparsity in LLMs",
        short_name="SLLM 2026",
        title="Proceedings of the Workshop on Sparsity in LLMs",
        editors=["Ada Lovelace"],
        preface="The workshop gathered work on sparsity.",
        venue="Rio de Janeiro",
        dates="27 April 2026",
        year=2026,
        page_size="A4",
        organizers=[Person("Ada Lovelace", "Oxford")],
        committee=[Person(f"Member {i}", "Institute") for i in range(40)],
        papers=entries,
        moment=dt.datetime(2026, 4, 27, tzinfo=dt.UTC),
        site_url="https://sllm.example.org",
        skipped=[],
    )


def each_page(front: pdf_front.FrontMatter):
    """The pages of the front matter's PDFs, in order (each page is used before its document closes)."""
    for part in front.parts:
        with pymupdf.open(stream=part) as doc:
            yield from doc


def volume_links(front: pdf_front.FrontMatter) -> list[tuple[int, str, tuple[int, ...]]]:
    """Each link handed over to the volume: its page of the front matter, key, rectangle to a hundredth of a point."""
    found, first = [], 0
    for part, links in zip(front.parts, front.links, strict=True):
        found += [(first + link.page, link.key, tuple(round(v * 100) for v in link.rect)) for link in links]
        with pymupdf.open(stream=part) as doc:
            first += doc.page_count
    return found


def pages_of(front: pdf_front.FrontMatter) -> list[tuple[str, list[tuple[str, tuple[int, ...]]], bytes]]:
    """Each page's text, links (target, rectangle to a hundredth of a point) and pixels at 36 dpi."""
    return [
        (
            page.get_text(),
            [(link["uri"], tuple(round(v * 100) for v in link["from"])) for link in page.get_links()],
            page.get_pixmap(dpi=36).samples,
        )
        for page in each_page(front)
    ]


PAPERS = 260


@pytest.fixture(scope="module")
def placed():
    return place_papers(volume(PAPERS).papers)


@pytest.fixture(scope="module")
def flows(placed):
    return _front_flows(volume(PAPERS), placed, parts(placed))


@pytest.fixture(scope="module")
def whole(flows):
    blocks = [block for flow in flows for block in flow]
    return pdf_front.render_whole(blocks, stylesheet=STYLESHEET, base_url=str(STYLESHEET.parent), page_size="A4")


@pytest.mark.parametrize(("chunk_pages", "chunk_boxes"), [(2, 3000), (5, 3000), (12, 400)])
def test_front_matter_in_pieces_is_the_one_layout_page_for_page(flows, whole, chunk_pages, chunk_boxes):
    pieces = pdf_front.render_flows(
        flows,
        stylesheet=STYLESHEET,
        base_url=str(STYLESHEET.parent),
        page_size="A4",
        chunk_pages=chunk_pages,
        chunk_boxes=chunk_boxes,
    )

    assert (pieces.pages, pieces.anchors) == (whole.pages, whole.anchors)
    assert whole.pieces == 1
    assert pieces.pieces > 3  # more than one a flow
    assert pages_of(pieces) == pages_of(whole)
    assert volume_links(pieces) == volume_links(whole)


def test_pieces_number_their_pages_on_in_roman_numerals(flows, whole):
    pieces = pdf_front.render_flows(
        flows, stylesheet=STYLESHEET, base_url=str(STYLESHEET.parent), page_size="A4", chunk_pages=2
    )

    footers = [page.get_text().split()[-1] for page in each_page(pieces)]
    assert footers[0] != "i"  # the title page has no number
    roman = ["ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv", "xvi"]
    assert footers[1:16] == roman
    assert pieces.pages == whole.pages > 16


def test_pieces_keep_the_links_of_contents_and_index_to_every_paper(flows, whole):
    front = pdf_front.render_flows(
        flows, stylesheet=STYLESHEET, base_url=str(STYLESHEET.parent), page_size="A4", chunk_pages=2
    )

    def targets(front: pdf_front.FrontMatter) -> list[str]:
        return [key for _page, key, _rect in volume_links(front)]

    assert targets(front) == targets(whole)
    assert set(targets(front)) == {f"paper/{n}" for n in range(1, PAPERS + 1)}
    # The PDFs carry none of them: the paper worker writes them into the volume.
    in_pdfs = [link.get("uri", "") for page in each_page(front) for link in page.get_links()]
    assert [uri for uri in in_pdfs if uri.startswith(LINK_SCHEME)] == []


def test_a_run_resumes_after_a_count_of_non_space_characters():
    run = pdf_blocks.Run(
        "run",
        (
            pdf_blocks.Span("L", "<b>", "</b>"),
            pdf_blocks.Span(" Lovelace, Ada "),
            pdf_blocks.Span("12", '<a href="x">', "</a>"),
            pdf_blocks.Span(", "),
            pdf_blocks.Span("34 & 5", '<a href="y">', "</a>"),
        ),
    )

    assert run.html() == '<p class="run"><b>L</b> Lovelace, Ada <a href="x">12</a>, <a href="y">34 &amp; 5</a></p>'
    assert run.html(start=5) == '<p class="run">lace, Ada <a href="x">12</a>, <a href="y">34 &amp; 5</a></p>'
    assert run.html(start=13) == '<p class="run"><a href="x">12</a>, <a href="y">34 &amp; 5</a></p>'
    assert run.html(start=14) == '<p class="run"><a href="x">2</a>, <a href="y">34 &amp; 5</a></p>'
    assert run.html(start=16) == '<p class="run"><a href="y">34 &amp; 5</a></p>'
    assert run.html(start=18, stop=4) == '<p class="run"></p>'


def test_a_paragraph_broken_at_soft_hyphens_is_laid_out_whole_rather_than_resumed_wrong(caplog):
    # A line broken at a soft hyphen shows a hyphen the text lacks: the count of characters laid out no
    # longer says where the next page begins, so the flow is laid out in one piece.
    rng = random.Random(1)
    words = [
        "Lo\u00adve\u00adlace\u00adington",
        "Kier\u00adke\u00adgaard\u00adsen",
        "Na\u00adka\u00admu\u00adra\u00adya",
    ]
    run = pdf_blocks.Run(
        "run", tuple(pdf_blocks.Span(" ".join(rng.choice(words) for _ in range(8)) + " ") for _ in range(300))
    )
    flow = ['<h2 id="index" class="chapter">Author index</h2>', run]
    style = {"stylesheet": STYLESHEET, "base_url": str(STYLESHEET.parent), "page_size": "A4"}

    front = pdf_front.render_flows([flow], chunk_pages=2, **style)

    whole = pdf_front.render_whole(flow, **style)
    assert (front.pieces, front.pages, front.anchors) == (1, whole.pages, {"index": 0})
    assert pages_of(front) == pages_of(whole)
    assert [record.getMessage()[:58] for record in caplog.records] == [
        "The front matter is laid out in one piece from page 1: the"
    ]


def test_a_link_to_a_key_without_a_page_stops_the_build(placed, tmp_path):
    front = pdf_front.FrontMatter(
        (b"%PDF-1.7",), 1, {}, ((pdf_blocks.VolumeLink(0, (1.0, 2.0, 3.0, 4.0), "paper/9999"),),)
    )

    with pytest.raises(ValueError, match="the front matter links to 'paper/9999', which is not in the volume"):
        worker_finish(volume(PAPERS), placed, parts(placed), front, scratch=tmp_path)


def test_each_page_number_of_the_index_links_from_exactly_its_own_text(flows, placed):
    # The index lays its page numbers out as plain text in justified lines; each link's rectangle is
    # measured on its line, and covers the number it stands for and nothing beside it.
    front = pdf_front.render_flows(
        flows, stylesheet=STYLESHEET, base_url=str(STYLESHEET.parent), page_size="A4", chunk_pages=2
    )
    first_pages = {paper.link_key: str(paper.first_page) for paper in placed}
    under, first = [], front.anchors["index"]
    for part, links in zip(front.parts, front.links, strict=True):
        with pymupdf.open(stream=part) as doc:
            chars = [characters(page) for page in doc]
            under += [
                (text_within(chars[link.page], link.rect, doc[link.page].rect.height), first_pages[link.key])
                for link in links
                if first <= 0 or link.page >= first
            ]
            first -= doc.page_count
    index_links = [key for run in flows[2] if isinstance(run, pdf_blocks.Run) for _end, key in run.links[1]]
    assert len(under) == len(index_links) > len(placed)
    assert [text for text, _ in under] == [number for _, number in under]


def characters(page) -> list[tuple[str, float, float]]:
    """Each character of the page with the centre of its box (from the top left)."""
    return [
        (char["c"], (char["bbox"][0] + char["bbox"][2]) / 2, (char["bbox"][1] + char["bbox"][3]) / 2)
        for block in page.get_text("rawdict")["blocks"]
        for line in block.get("lines", [])
        for span in line["spans"]
        for char in span["chars"]
    ]


def text_within(chars, rect, height: float) -> str:
    x1, y1, x2, y2 = rect  # PDF points from the bottom left, top edge first
    return "".join(c for c, x, y in chars if x1 <= x <= x2 and height - y1 <= y <= height - y2)
