"""Memory and time of the proceedings' front matter, laid out in pieces against one long layout.

The volume is the proceedings benchmark's (60% main papers of 7-12 pages, 40% Tiny Papers of 3-4, two to
five authors a paper drawn from the same names, a committee of 300) at 50, 200 and 2,000 papers. Each
rendering runs in a fresh process (Django set up, WeasyPrint imported, the volume's data made); its peak
memory is that process's VmHWM from /proc/self/status. At 2,000 papers the one long layout (the whole
front matter as one WeasyPrint document, as builds did before) and the pieces run interleaved, ROUNDS
times; the time ratio is the median of each round's. Both PDFs must have the same pages: the same text
(pdftotext) and the same pixels (pdftoppm at 50 dpi); a few pages of each are rendered into
bench-results/front-matter-pages: a turn of page between two pieces of the contents and the index.
"""

import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.perf._common import RESULTS, ROOT, django_setup, write_result
from tests.perf.bench_proceedings import FIRST, LAST, volume_spec

SIZES = (50, 200, 2000)
ROUNDS = 2
GOAL_MIB = 256


def spec(papers: int):
    from sllm.proceedings.volume import Author, PaperEntry

    rng = random.Random(7)
    main = round(papers * 0.6)
    entries = []
    for number in range(1, papers + 1):
        tiny = number > main
        pages = rng.randint(3, 4) if tiny else rng.randint(7, 12)
        authors = tuple(
            Author(f"{rng.choice(FIRST)} {rng.choice(LAST)}{rng.randint(1, 30)}", "University")
            for _ in range(rng.randint(2, 5))
        )
        entries.append(
            PaperEntry(
                number,
                "tiny" if tiny else "main",
                "Tiny Papers" if tiny else "Main track",
                f"Sparse paper number {number}: pruning, quantization and kernels",
                authors,
                Path("unused.pdf"),  # the front matter never opens a paper
                pages,
            )
        )
    return volume_spec(entries)


def vm_hwm_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def render(mode: str, papers: int, out: Path) -> dict:
    """Runs in a fresh process: the front matter of a volume of `papers`, in pieces or as one layout."""
    django_setup()
    import weasyprint  # noqa: F401 -- imported before the measured step, as in a pdf worker

    from sllm.proceedings import build
    from sllm.proceedings.pdf import front as pdf_front
    from sllm.proceedings.volume import parts, place_papers

    volume = spec(papers)
    placed = place_papers(volume.papers)
    volume_parts = parts(placed)
    piece_pages: list[int] = []
    if mode == "pieces":
        chunks = pdf_front._flow_pieces

        def counted(*args, **kwargs):
            for piece in chunks(*args, **kwargs):
                piece_pages.append(piece[1])
                yield piece

        pdf_front._flow_pieces = counted
    before = vm_hwm_mib()
    start = time.perf_counter()
    if mode == "pieces":
        front = build._front_matter(volume, placed, volume_parts)
    else:
        blocks = [block for flow in build._front_flows(volume, placed, volume_parts) for block in flow]
        front = pdf_front.render_whole(
            blocks,
            stylesheet=build.STYLESHEET,
            base_url=str(build.STYLESHEET.parent),
            page_size=volume.page_size,
        )
    seconds = time.perf_counter() - start
    figures = {
        "seconds": seconds,
        "pages": front.pages,
        "pieces": front.pieces,
        "piece_pages": piece_pages,
        "anchors": front.anchors,
        "peak_rss_mib": vm_hwm_mib(),
        "rss_before_mib": before,
    }
    # One file to compare with the one layout, joined by qpdf in a process of its own once the peak is read
    # (a build never joins them: the paper worker copies the pieces into the volume in turn).
    parts = [out.with_name(f"{out.stem}-part-{index}.pdf") for index in range(front.pieces)]
    for path, data in zip(parts, front.parts, strict=True):
        path.write_bytes(data)
    subprocess.run(["qpdf", "--empty", "--pages", *map(str, parts), "--", str(out)], check=True)
    return figures


def run_render(mode: str, papers: int, out: Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--render", mode, str(papers), str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def same_pages(first: Path, second: Path, work: Path) -> tuple[bool, int]:
    """(same text, pages whose pixels differ) of two PDFs."""
    texts = []
    for path in (first, second):
        subprocess.run(["pdftotext", "-layout", str(path), str(path.with_suffix(".txt"))], check=True)
        texts.append(path.with_suffix(".txt").read_bytes())
    images = []
    for path in (first, second):
        folder = work / f"{path.stem}-pixels"
        folder.mkdir()
        subprocess.run(["pdftoppm", "-r", "50", "-gray", str(path), str(folder / "p")], check=True)
        images.append(sorted(folder.iterdir()))
    differing = sum(a.read_bytes() != b.read_bytes() for a, b in zip(*images, strict=True))
    return texts[0] == texts[1], differing + abs(len(images[0]) - len(images[1]))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        small = {papers: run_render("pieces", papers, work / f"pieces-{papers}.pdf") for papers in SIZES[:-1]}
        rounds = []
        for _round in range(ROUNDS):
            whole = run_render("whole", SIZES[-1], work / "whole.pdf")
            pieces = run_render("pieces", SIZES[-1], work / "pieces.pdf")
            rounds.append({"whole": whole, "pieces": pieces})
        same_text, differing_pages = same_pages(work / "whole.pdf", work / "pieces.pdf", work)
        boundaries = [sum(pieces["piece_pages"][: i + 1]) for i in range(len(pieces["piece_pages"]) - 1)]
        contents_turn = next(b for b in boundaries if b > pieces["anchors"]["contents"] + 1)
        index_turn = next(b for b in boundaries if b > pieces["anchors"]["index"] + 1)
        shown = RESULTS / "front-matter-pages"
        shutil.rmtree(shown, ignore_errors=True)
        shown.mkdir(parents=True)
        for name in ("whole", "pieces"):
            for turn in (contents_turn, index_turn):
                subprocess.run(
                    ["pdftoppm", "-r", "60", "-png", "-f", str(turn), "-l", str(turn + 1)]
                    + [str(work / f"{name}.pdf"), str(shown / name)],
                    check=True,
                )

    def median(key) -> float:
        return round(statistics.median(key(r) for r in rounds), 3)

    peaks = {papers: small[papers]["peak_rss_mib"] for papers in SIZES[:-1]}
    peaks[SIZES[-1]] = max(r["pieces"]["peak_rss_mib"] for r in rounds)
    write_result(
        "front_matter",
        {
            "front_matter_pages_2000": pieces["pages"],
            "pieces_2000": pieces["pieces"],
            "peak_rss_mib_50": round(peaks[50], 1),
            "peak_rss_mib_200": round(peaks[200], 1),
            "peak_rss_mib_2000": round(peaks[2000], 1),
            "peak_rss_mib_2000_one_layout": round(max(r["whole"]["peak_rss_mib"] for r in rounds), 1),
            "rss_before_rendering_mib_2000": round(pieces["rss_before_mib"], 1),
            "peak_goal_mib": GOAL_MIB,
            "peak_within_goal": max(peaks.values()) <= GOAL_MIB,
            "seconds_50": round(small[50]["seconds"], 2),
            "seconds_200": round(small[200]["seconds"], 2),
            "seconds_2000": median(lambda r: r["pieces"]["seconds"]),
            "seconds_2000_one_layout": median(lambda r: r["whole"]["seconds"]),
            "time_pieces_vs_one_layout_2000": median(lambda r: r["pieces"]["seconds"] / r["whole"]["seconds"]),
            "time_ratio_each_round": [round(r["pieces"]["seconds"] / r["whole"]["seconds"], 2) for r in rounds],
            "same_pages_count": pieces["pages"] == whole["pages"],
            "same_anchors": pieces["anchors"] == whole["anchors"],
            "same_text_pdftotext": same_text,
            "pages_with_other_pixels": differing_pages,
            "pages_shown": f"{shown.relative_to(ROOT)} (pages {contents_turn}-{contents_turn + 1}, {index_turn}-{index_turn + 1})",
        },
    )


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--render":
        print(json.dumps(render(sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]))))
    else:
        main()
