"""The table of issue 20 from bench-results/*.json: each line, its figure from the last run, its goal, and
whether the goal is met. `make bench` prints it last; run alone: python tests/perf/summary.py"""

import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parents[2] / "bench-results"
NOT_MEASURED = "not measured"


def _figures(name: str) -> dict | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text())["figures"] if path.exists() else None


def _line(work, figures, describe, goal, met):
    """One row; a missing result or figure reads 'not measured' and is not met."""
    if figures is None:
        return (work, NOT_MEASURED, goal, "not met")
    try:
        return (work, describe(figures), goal, "met" if met(figures) else "not met")
    except (KeyError, TypeError, ZeroDivisionError):
        return (work, NOT_MEASURED, goal, "not met")


def rows() -> list[tuple[str, str, str, str]]:
    public, uncached = _figures("public_pages"), _figures("public_pages_uncached")
    check, proceedings = _figures("check_pdf"), _figures("proceedings")
    sync, memory, tally = _figures("openreview_sync"), _figures("web_worker_memory"), _figures("tally")
    pages = ("schedule", "papers", "paper")
    return [
        _line(
            "public pages, cached, vs static",
            public,
            lambda f: ", ".join(f"{p} {f[f'{p}_vs_static']:.2f}" for p in pages),
            ">= 0.7 of static",
            lambda f: min(f[f"{p}_vs_static"] for p in pages) >= 0.7,
        ),
        _line(
            "public pages, uncached, 2,000 papers",
            uncached,
            lambda f: ", ".join(f"{p} {f[f'{p}_vs_static']:.3f}" for p in (*pages, "posters")),
            ">= 0.05 of static, queries constant",
            lambda f: min(f[f"{p}_vs_static"] for p in (*pages, "posters")) >= 0.05 and f["queries_constant"],
        ),
        _line(
            "page-limit check, layouts it missed",
            check,
            lambda f: (
                f"new layouts {f['new_layouts_exact_share']:.0%} exact, first set {f['first_set_exact_share']:.0%}"
            ),
            "every kind right, no regression",
            lambda f: f["new_layouts_exact_share"] == 1.0 and f["first_set_exact_share"] == 1.0,
        ),
        _line(
            "page-limit check, generated corpus",
            check,
            lambda f: (
                f"{f['exact_papers_share']:.1%} of {f['papers']} exact; {f['inspect_over_qpdf_ratio']:.2f}x qpdf --check/page"
            ),
            ">= 98% exact, <= 2x qpdf --check",
            lambda f: f["exact_papers_share"] >= 0.98 and f["inspect_over_qpdf_ratio"] <= 2.0,
        ),
        _line(
            "proceedings, stamping + merging",
            proceedings,
            lambda f: (
                f"{f['stamp_and_merge_vs_floor']:.2f}x floor (CPU {f['stamp_and_merge_cpu_vs_floor_cpu']:.2f}x;"
                f" in a build, beside the front matter's layout, {f['in_build_stamp_and_merge_vs_floor']:.2f}x);"
                f" worker peak {f['worker_peak_rss_mib_50_papers']:.0f}"
                f" MiB (50) -> {f['worker_peak_rss_mib_2000_papers']:.0f} MiB (2,000), {f['worker_peak_2000_vs_50']:.2f}x;"
                f" build process {f['peak_rss_mib_50_papers']:.0f} -> {f['peak_rss_mib_2000_papers']:.0f} MiB,"
                f" {f['build_peak_2000_vs_50']:.2f}x"
            ),
            "<= 1.2x floor, peaks <= 256 MiB, every process flat (2,000 <= 1.1x 50)",
            lambda f: (
                f["stamp_and_merge_vs_floor"] <= 1.2
                and max(f["peak_rss_mib_2000_papers"], f["worker_peak_rss_mib_2000_papers"]) <= 256
                and f["worker_peak_2000_vs_50"] <= 1.1
                and f["build_peak_2000_vs_50"] <= 1.1
            ),
        ),
        _line(
            "OpenReview full sync, 2,000 and 10,000 submissions",
            sync,
            lambda f: (
                f"{f['full_sync_vs_bare_download_2000']:.2f}x / {f['full_sync_vs_bare_download_10000']:.2f}x bare client;"
                f" peak {f['process_max_rss_mib_2000']:.0f} -> {f['process_max_rss_mib_10000']:.0f} MiB;"
                f" {f['requests_full_sync_2000']} requests (bare {f['requests_bare_download_2000']})"
            ),
            "<= 2x, <= 256 MiB and flat, requests as bare",
            lambda f: (
                max(f["full_sync_vs_bare_download_2000"], f["full_sync_vs_bare_download_10000"]) <= 2.0
                and max(f["process_max_rss_mib_2000"], f["process_max_rss_mib_10000"]) <= 256
                and f["process_max_rss_mib_10000"] <= 1.1 * f["process_max_rss_mib_2000"]
                and f["requests_second_sync_2000"] == f["requests_bare_download_2000"]
                and f["submissions"] >= 10_000
            ),
        ),
        _line(
            "web worker memory after start",
            memory,
            lambda f: (
                f"{f['worker_rss_mib_max']:.0f} MiB; heavy at start: {', '.join(f['heavy_libraries_loaded_at_start']) or 'none'}"
            ),
            "<= 150 MiB",
            lambda f: f["worker_rss_mib_max"] <= 150,
        ),
        _line(
            "oral tally, 60 x 300 partial ballots",
            tally,
            lambda f: (
                f"{f['ours_partial_ballots_with_conflicts_s'] * 1000:.1f} ms ({f['candidates']} x {f['ballots']})"
            ),
            "<= 0.02 s",
            lambda f: f["ours_partial_ballots_with_conflicts_s"] <= 0.02,
        ),
    ]


def render(table: list[tuple[str, str, str, str]]) -> str:
    header = ("work", "figure (last run)", "goal", "")
    widths = [max(len(row[i]) for row in [header, *table]) for i in range(4)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in [header, *table]]
    return "\n".join([lines[0], "  ".join("-" * w for w in widths), *lines[1:]])


if __name__ == "__main__":
    sys.stdout.write(render(rows()) + "\n")
