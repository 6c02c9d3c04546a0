"""Proceedings build of a generated 200-paper volume against `qpdf --empty --pages` on the same files.

120 main papers of 7-12 pages and 80 Tiny Papers of 3-4, each page with a paragraph of text in an embedded
font, a small incompressible image (about 33 KB a page, like real papers with figures) and 8 links, saved
with object streams, a committee of 300 and about 600 authors.

The machine is shared, so the plain qpdf merge (the floor) and the build run interleaved, ROUNDS times,
and the ratios are medians of each round's ratio. Stamping and merging are measured alone too: the paper
worker on the same papers with the front matter laid out beforehand, each run after a floor of its own
(in a build the worker shares the two cores with the front matter's layout, which the `in_build_` figures
show). CPU seconds of the paper worker and of qpdf are given too. Each build runs in a fresh process that first builds a
3-paper volume, as a pdf worker that has built before (WeasyPrint and the fonts loaded); the cold figure
is that first build's extra cost. Peak memory is the build process's own and its paper worker's, each
its own VmHWM (getrusage's ru_maxrss of a child counts the parent's peak too), at 50, 200 and 2,000
papers; the 2,000 papers are the 200 files ten times over, in copies of their own, built once for memory.
Pages of the volume are rendered with pdftoppm into bench-results/.
"""

import datetime as dt
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.perf._common import RESULTS, ROOT, django_setup, write_result

MAIN, TINY = 120, 80
ROUNDS = 3
LARGE = 2000  # papers of the memory point
LINKS_PER_PAGE = 8  # citations and references to other sections
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
    "Élodie",
    "Søren",
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
    "Müller",
]
TEXT = (
    "We prune large language models to half of their weights with a one-shot method and recover the "
    "accuracy with a short fine-tuning run; 2:4 sparsity speeds up prefill on current GPUs. "
) * 6


def generate(directory: Path, count_main: int, count_tiny: int) -> list[dict]:
    import numpy
    import pymupdf

    font = pymupdf.Font("tiro").buffer  # embedded in every paper, as LaTeX embeds its fonts
    rng = random.Random(7)
    noise = numpy.random.default_rng(7)
    papers = []
    for number in range(1, count_main + count_tiny + 1):
        tiny = number > count_main
        pages = rng.randint(3, 4) if tiny else rng.randint(7, 12)
        doc = pymupdf.open()
        for index in range(pages):
            page = doc.new_page(width=612, height=792)
            page.insert_font(fontname="body", fontbuffer=font)
            if index == 0:
                page.insert_textbox(
                    pymupdf.Rect(72, 72, 540, 140), f"Sparse paper number {number}", fontsize=16, fontname="body"
                )
            page.insert_textbox(pymupdf.Rect(72, 150, 540, 420), TEXT, fontsize=10, fontname="body")
            for link in range(LINKS_PER_PAGE):
                page.insert_link(
                    {
                        "kind": pymupdf.LINK_URI,
                        "from": pymupdf.Rect(72, 680 + link, 90, 689 + link),
                        "uri": f"https://doi.org/10.0000/{number}.{index}.{link}",
                    }
                )
            pixels = noise.integers(0, 256, size=(104, 104, 3), dtype=numpy.uint8).tobytes()
            image = pymupdf.Pixmap(pymupdf.csRGB, 104, 104, pixels, False)
            page.insert_image(pymupdf.Rect(72, 440, 300, 668), pixmap=image)
        path = directory / f"{number}.pdf"
        # Object streams, as pdfTeX writes by default: a merge has to unpack them.
        doc.save(path, deflate=True, use_objstms=True)
        authors = [
            {"name": f"{rng.choice(FIRST)} {rng.choice(LAST)}{rng.randint(1, 30)}", "institution": "University"}
            for _ in range(rng.randint(2, 5))
        ]
        papers.append({"number": number, "tiny": tiny, "path": str(path), "pages": pages, "authors": authors})
    return papers


def volume_spec(entries: list):
    """The generated volume's settings around `entries` (PaperEntry); the front matter's benchmark uses it too."""
    from sllm.proceedings.build import Person, VolumeSpec

    return VolumeSpec(
        slug="sllm-2025",
        name="Workshop on Sparsity in LLMs",
        short_name="SLLM 2025",
        title="Proceedings of the Workshop on Sparsity in LLMs",
        editors=["Ada Lovelace", "Alan Turing"],
        preface="The workshop gathered work on sparsity in large language models.\n\nThanks to all.",
        venue="Singapore EXPO",
        dates="27 April 2026",
        year=2026,
        page_size="Letter",
        organizers=[Person(f"Organizer {i}", "University") for i in range(8)],
        committee=[Person(f"{FIRST[i % len(FIRST)]} {LAST[i % len(LAST)]}{i}", "Institute") for i in range(300)],
        papers=entries,
        moment=dt.datetime(2026, 4, 27, tzinfo=dt.UTC),
        site_url="https://sllm.example.org",
        skipped=[],
    )


def spec(chosen: list[dict]):
    """The volume settings around the generated papers `chosen`."""
    from sllm.proceedings.volume import Author, PaperEntry

    entries = [
        PaperEntry(
            p["number"],
            "tiny" if p["tiny"] else "main",
            "Tiny Papers" if p["tiny"] else "Main track",
            f"Sparse paper number {p['number']}: pruning, quantization and kernels",
            tuple(Author(a["name"], a["institution"]) for a in p["authors"]),
            Path(p["path"]),
            p["pages"],
        )
        for p in chosen
    ]
    return volume_spec(entries)


def build(papers: list[dict], out: Path) -> dict:
    """Runs in a fresh process (see main): a warm-up build, then the measured one; step times and peak memory."""
    django_setup()
    from sllm.proceedings.build import build_volume
    from sllm.proceedings.pdf.papers import peak_rss_mib

    start = time.perf_counter()
    build_volume(spec(papers[:3]), out.with_name(out.name + "-warm-up"))
    cold_extra = time.perf_counter() - start
    timings: dict[str, float] = {}
    start = time.perf_counter()
    manifest = build_volume(spec(papers), out, timings=timings)
    total = time.perf_counter() - start
    return {
        "total_s": total,
        "warm_up_s": cold_extra,
        **timings,
        "pages": manifest["pages"],
        "front_matter_pages": manifest["front_matter_pages"],
        "peak_rss_mib": peak_rss_mib(),
    }


def stamp_and_merge_alone(papers: list[dict], out: Path) -> list[dict]:
    """Runs in a fresh process (see main): the paper worker alone, its front matter laid out beforehand (a
    build lays it out at the same time, on the other core), ROUNDS times, each after the plain qpdf merge."""
    django_setup()
    from sllm.proceedings import build as proceedings_build
    from sllm.proceedings.pdf.papers import PaperWorker

    volume = spec(papers)
    placed = proceedings_build.place_papers(volume.papers)
    volume_parts = proceedings_build.parts(placed)
    front = proceedings_build._front_matter(volume, placed, volume_parts)
    rounds = []
    for round_number in range(ROUNDS):
        floor_s, floor_cpu_s = floor([p["path"] for p in papers], out / "qpdf.pdf")
        staging, scratch = out / f"volume-{round_number}", out / f"scratch-{round_number}"
        (staging / "papers").mkdir(parents=True)
        scratch.mkdir()
        jobs = [proceedings_build.paper_job(volume, paper, staging) for paper in placed]
        finish = proceedings_build.worker_finish(volume, placed, volume_parts, front, scratch=scratch)
        with PaperWorker(papers=jobs, moment=volume.moment, volume=staging / "volume.pdf", scratch=scratch) as worker:
            worker.finish(**finish)
            for _done in worker.progress():
                pass
        rounds.append({"floor_s": floor_s, "floor_cpu_s": floor_cpu_s, **worker.result})
        shutil.rmtree(staging)
    return rounds


def run_build(papers: list[dict], out: Path, work: Path, mode: str = "--build") -> dict:
    spec_file = work / f"papers-{len(papers)}.json"
    spec_file.write_text(json.dumps(papers))
    done = subprocess.run(
        [sys.executable, __file__, mode, str(spec_file), str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def copies(papers: list[dict], count: int, directory: Path) -> list[dict]:
    """`count` papers made of the generated ones over and over, each in a file of its own."""
    directory.mkdir()
    made = []
    for number in range(1, count + 1):
        paper = papers[(number - 1) % len(papers)]
        path = directory / f"{number}.pdf"
        shutil.copyfile(paper["path"], path)
        made.append({**paper, "number": number, "path": str(path)})
    return made


def floor(files: list[str], out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of the plain merge."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(["qpdf", "--empty", "--pages", *files, "--", str(out)], check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "in").mkdir()
        started = time.perf_counter()
        papers = generate(work / "in", MAIN, TINY)
        generated = time.perf_counter() - started
        files = [p["path"] for p in papers]
        input_mb = sum(Path(f).stat().st_size for f in files) / 2**20
        small = run_build(papers[:30] + papers[MAIN : MAIN + 20], work / "small", work)
        large = run_build(copies(papers, LARGE, work / "in-large"), work / "large", work)
        shutil.rmtree(work / "large")
        shutil.rmtree(work / "in-large")
        rounds = []
        for _round in range(ROUNDS):
            shutil.rmtree(work / "volume", ignore_errors=True)
            floor_s, floor_cpu_s = floor(files, work / "qpdf.pdf")
            full = run_build(papers, work / "volume", work)
            rounds.append({"floor_s": floor_s, "floor_cpu_s": floor_cpu_s, **full})
        (work / "alone").mkdir()
        alone = run_build(papers, work / "alone", work, mode="--alone")
        pages_dir = RESULTS / "proceedings-pages"
        pages_dir.mkdir(parents=True, exist_ok=True)
        front = full["front_matter_pages"]
        for first, last in ((1, 1), (3, 4), (front, front + 1), (front + 1 + 300, front + 1 + 300)):
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    "40",
                    "-png",
                    "-f",
                    str(first),
                    "-l",
                    str(last),
                    str(work / "volume" / "volume.pdf"),
                    str(pages_dir / "page"),
                ],
                check=True,
            )

    def median_of(measured: list[dict], key) -> float:
        return round(statistics.median(key(r) for r in measured), 3)

    def median(key) -> float:
        return median_of(rounds, key)

    write_result(
        "proceedings",
        {
            "papers": len(papers),
            "input_pages": sum(p["pages"] for p in papers),
            "input_mib": round(input_mb, 1),
            "generate_inputs_s": round(generated, 2),
            "rounds": ROUNDS,
            "qpdf_floor_s": median(lambda r: r["floor_s"]),
            "build_total_s": median(lambda r: r["total_s"]),
            "build_vs_floor": median(lambda r: r["total_s"] / r["floor_s"]),
            "build_vs_floor_each_round": [round(r["total_s"] / r["floor_s"], 2) for r in rounds],
            "front_matter_s": median(lambda r: r["front_matter_s"]),
            "front_matter_pages": front,
            # Stamping and merging alone: the paper worker with its front matter laid out beforehand.
            "stamping_s": median_of(alone, lambda r: r["stamping_s"]),
            "merging_s": median_of(alone, lambda r: r["merging_s"]),
            "stamp_and_merge_vs_floor": median_of(alone, lambda r: (r["stamping_s"] + r["merging_s"]) / r["floor_s"]),
            "stamp_and_merge_vs_floor_each_round": [
                round((r["stamping_s"] + r["merging_s"]) / r["floor_s"], 2) for r in alone
            ],
            "qpdf_floor_cpu_s": median_of(alone, lambda r: r["floor_cpu_s"]),
            "stamping_cpu_s": median_of(alone, lambda r: r["stamping_cpu_s"]),
            "merging_cpu_s": median_of(alone, lambda r: r["merging_cpu_s"]),
            "stamp_and_merge_cpu_vs_floor_cpu": median_of(
                alone, lambda r: (r["stamping_cpu_s"] + r["merging_cpu_s"]) / r["floor_cpu_s"]
            ),
            # In a build the worker shares the machine with the front matter's layout in the build process.
            "in_build_stamp_and_merge_vs_floor": median(lambda r: (r["stamping_s"] + r["merging_s"]) / r["floor_s"]),
            "in_build_stamp_and_merge_cpu_vs_floor_cpu": median(
                lambda r: (r["stamping_cpu_s"] + r["merging_cpu_s"]) / r["floor_cpu_s"]
            ),
            "first_build_in_a_fresh_process_s": median(lambda r: r["warm_up_s"]),
            "volume_pages": full["pages"],
            "peak_rss_mib_50_papers": round(small["peak_rss_mib"], 1),
            "worker_peak_rss_mib_50_papers": round(small["worker_peak_rss_mib"], 1),
            "peak_rss_mib_200_papers": median(lambda r: r["peak_rss_mib"]),
            "worker_peak_rss_mib_200_papers": median(lambda r: r["worker_peak_rss_mib"]),
            "large_papers": LARGE,
            "large_volume_pages": large["pages"],
            "large_build_total_s": round(large["total_s"], 2),
            "large_stamping_s": round(large["stamping_s"], 2),
            "large_merging_s": round(large["merging_s"], 2),
            "peak_rss_mib_2000_papers": round(large["peak_rss_mib"], 1),
            "worker_peak_rss_mib_2000_papers": round(large["worker_peak_rss_mib"], 1),
            "worker_peak_2000_vs_50": round(large["worker_peak_rss_mib"] / small["worker_peak_rss_mib"], 2),
            "build_peak_2000_vs_50": round(large["peak_rss_mib"] / small["peak_rss_mib"], 2),
            "rendered_pages_in": str(pages_dir.relative_to(ROOT)),
        },
    )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--build":
        print(json.dumps(build(json.loads(Path(sys.argv[2]).read_text()), Path(sys.argv[3]))))
    elif len(sys.argv) == 4 and sys.argv[1] == "--alone":
        print(json.dumps(stamp_and_merge_alone(json.loads(Path(sys.argv[2]).read_text()), Path(sys.argv[3]))))
    else:
        main()
