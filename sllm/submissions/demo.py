"""About forty demo papers from the seeds, each with a generated PDF; some run over the page limit."""

import random
import tempfile
from pathlib import Path

import pymupdf

from sllm.accounts.models import User
from sllm.workshops.models import Track

from .models import Authorship, Paper
from .pdfcheck import inspect_pdf
from .services import paper_file_store

SEEDS = Path(__file__).resolve().parent.parent / "workshops" / "seeds" / "sparsity-papers.txt"
FIRST = [
    "Ada",
    "Alan",
    "Grace",
    "Katherine",
    "Emmy",
    "John",
    "Sofia",
    "Wei",
    "Priya",
    "Kwame",
    "Lena",
    "Mateo",
    "Yuki",
    "Amir",
    "Chloe",
    "Tariq",
    "Ines",
    "Olu",
    "Mina",
    "Jonas",
]
LAST = [
    "Lovelace",
    "Chen",
    "Okafor",
    "Nakamura",
    "Rossi",
    "Haddad",
    "Novak",
    "Singh",
    "Garcia",
    "Kim",
    "Mensah",
    "Schmidt",
    "Ivanova",
    "Costa",
    "Dubois",
    "Ahmed",
    "Larsen",
    "Tanaka",
    "Moreau",
    "Silva",
]
INSTITUTIONS = [
    "University of Calgary",
    "University of Oxford",
    "Google",
    "Vector Institute",
    "Jagiellonian University",
    "University of Maryland",
    "UNC Chapel Hill",
    "ETH Zurich",
]
DEMO_PAPERS = 40


def seed_papers(path: Path = SEEDS) -> list[tuple[str, str]]:
    """(title, abstract) pairs: a short line followed by a paragraph-long line."""
    lines = [line.strip() for line in path.read_text().splitlines() if line.strip()]
    pairs = []
    for title, abstract in zip(lines, lines[1:], strict=False):
        if 10 < len(title) < 220 and len(abstract) > 300 and not title.endswith("."):
            pairs.append((title, abstract))
    return pairs


def demo_pdf(path: Path, *, title: str, abstract: str, body_pages: int) -> None:
    """A plausible paper: title page, body pages, then a References heading at the top of a page."""
    doc = pymupdf.open()
    for index in range(body_pages):
        page = doc.new_page(width=612, height=792)
        y = 72
        if index == 0:
            page.insert_textbox(pymupdf.Rect(72, y, 540, y + 80), title, fontsize=16, fontname="hebo", align=1)
            page.insert_textbox(pymupdf.Rect(72, y + 90, 540, y + 110), "Anonymous authors", fontsize=10, align=1)
            page.insert_textbox(pymupdf.Rect(90, y + 130, 522, y + 400), "Abstract. " + abstract, fontsize=9)
            y = 480
            page.insert_text((72, y), "1 Introduction", fontsize=12, fontname="hebo")
            y += 20
        text = (abstract + " ") * 3
        page.insert_textbox(pymupdf.Rect(72, y, 540, 720), text, fontsize=10)
        page.insert_text((300, 760), str(index + 1), fontsize=9)
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 90), "References", fontsize=12, fontname="hebo")
    page.insert_textbox(
        pymupdf.Rect(72, 110, 540, 720),
        "[1] E. Frantar and D. Alistarh. SparseGPT. ICML 2023.\n"
        "[2] M. Sun et al. A simple and effective pruning approach for LLMs. ICLR 2024.",
        fontsize=9,
    )
    doc.set_metadata({"title": title, "author": ""})
    doc.save(path)


def load(*, edition, stdout) -> None:
    if Paper.objects.filter(edition=edition).exists():
        stdout.write("  demo papers already there")
        return
    rng = random.Random(2025)
    tracks = {t.kind: t for t in Track.objects.filter(edition=edition)}
    author_user = User.objects.get(email="author@sllm.example.org")
    pairs = seed_papers()[:DEMO_PAPERS]
    with tempfile.TemporaryDirectory() as tmp:
        for number, (title, abstract) in enumerate(pairs, start=1):
            track = tracks["tiny" if number % 4 == 0 else "main"]
            # Every seventh paper runs one page over its limit, for the organizers' page-check view.
            body = track.page_limit + (1 if number % 7 == 0 else 0) - rng.randint(0, 1 if number % 7 else 0)
            path = Path(tmp) / f"{number}.pdf"
            demo_pdf(path, title=title, abstract=abstract, body_pages=max(body, 1))
            report = inspect_pdf(path, limit=track.page_limit)
            status = Paper.Status.ACCEPTED if number % 7 and number % 9 else Paper.Status.REJECTED
            paper = Paper.objects.create(
                edition=edition,
                track=track,
                number=number,
                title=title,
                abstract=abstract,
                topics=rng.sample(edition.topics, k=rng.randint(1, 2)),
                status=status,
                over_page_limit=not report.within_limit,
                submitted_by=author_user if number <= 3 else None,
            )
            for position in range(1, rng.randint(2, 5) + 1):
                first, last = rng.choice(FIRST), rng.choice(LAST)
                is_me = number <= 3 and position == 1
                Authorship.objects.create(
                    paper=paper,
                    position=position,
                    name="Ada Lovelace" if is_me else f"{first} {last}",
                    email="author@sllm.example.org" if is_me else "",
                    institution=rng.choice(INSTITUTIONS),
                    is_student=rng.random() < 0.4,
                    user=author_user if is_me else None,
                )
            paper_file_store(paper=paper, kind="submission", path=path, report=report)
    stdout.write(f"  {len(pairs)} demo papers with PDFs")
