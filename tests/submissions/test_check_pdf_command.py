"""`manage.py check_pdf`: JSON on stdout, JSON errors on stderr with exit code 2, no database."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from . import pdf_samples
from .pdf_samples import PaperBuilder

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    """Four pages, two columns, Letter; the references open at the top of the right column on page 4."""
    builder = PaperBuilder(page_size="Letter", columns=2).title_block().paragraphs(2).distractors()
    builder.new_page().body_page().new_page().body_page()
    builder.new_page().paragraphs(3).new_column().heading("References", role="references").reference_list(6)
    return builder.write(tmp_path_factory.mktemp("paper") / "paper.pdf")


REPORT_MAIN = {
    "pages": 4,
    "main_pages": 4,
    "limit": 5,
    "within_limit": True,
    "references_start_page": 4,
    "appendix_start_page": None,
    "page_size": "Letter",
    "uncounted_sections": [],
    "section_starts": {},
}


def run_command(*args):
    out, err = StringIO(), StringIO()
    call_command("check_pdf", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_refused(*args):
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("check_pdf", *args, stdout=out, stderr=err)
    return exit_info.value.code, out.getvalue(), json.loads(err.getvalue())


def test_prints_the_report(paper):
    out, err = run_command(str(paper), "--track", "main")

    assert json.loads(out) == REPORT_MAIN
    assert err == ""


def test_tiny_track_applies_its_limit(paper):
    out, _ = run_command(str(paper), "--track", "tiny")

    assert json.loads(out) == {**REPORT_MAIN, "limit": 2, "within_limit": False}


def test_uncounted_option_ends_the_main_text_at_that_section(tmp_path):
    builder = PaperBuilder().title_block().paragraphs(2).new_page().body_page().new_page().body_page()
    builder.new_page().heading("Limitations", role="limitations").paragraphs(2)
    builder.new_page().heading("References", role="references").reference_list(4)
    path = builder.write(tmp_path / "paper.pdf")

    out, err = run_command(str(path), "--track", "tiny", "--uncounted", "limitations,impact")

    assert json.loads(out) == {
        "pages": 5,
        "main_pages": 3,
        "limit": 2,
        "within_limit": False,
        "references_start_page": 5,
        "appendix_start_page": None,
        "page_size": "A4",
        "uncounted_sections": ["impact", "limitations"],
        "section_starts": {"limitations": 4},
    }
    assert err == ""


def test_unknown_uncounted_kind_is_refused(paper):
    assert run_refused(str(paper), "--uncounted", "limitations,appendix,foo") == (
        2,
        "",
        {"error": "bad_option", "message": "Unknown --uncounted kind(s): appendix, foo."},
    )


def test_refused_file_exits_2_with_json_on_stderr(tmp_path):
    path = pdf_samples.write_png(tmp_path / "paper.pdf")

    assert run_refused(str(path), "--track", "main") == (
        2,
        "",
        {"error": "not_pdf", "message": "The file has no %PDF header: it is not a PDF."},
    )


def test_empty_file(tmp_path):
    path = pdf_samples.write_empty(tmp_path / "paper.pdf")

    assert run_refused(str(path), "--track", "tiny") == (
        2,
        "",
        {"error": "empty", "message": "The file is empty (0 bytes)."},
    )


def test_max_bytes_option(paper):
    size = paper.stat().st_size

    assert run_refused(str(paper), "--track", "main", "--max-bytes", "1000") == (
        2,
        "",
        {"error": "too_large", "message": f"The file has {size} bytes; the limit is 1000 bytes."},
    )


def test_missing_file(tmp_path):
    missing = tmp_path / "nowhere.pdf"

    assert run_refused(str(missing), "--track", "main") == (
        2,
        "",
        {"error": "not_found", "message": f"No such file: {missing}"},
    )


def _cli(*args):
    # An unreachable database proves the command never connects: it would fail if it tried.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sllm.settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/nothing",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check_pdf", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_success(paper):
    result = _cli(str(paper), "--track", "main")

    assert (result.returncode, json.loads(result.stdout), result.stderr) == (0, REPORT_MAIN, "")


def test_cli_refusal(tmp_path, paper):
    path = pdf_samples.truncate(paper, tmp_path / "cut.pdf", keep=0.5)

    result = _cli(str(path), "--track", "tiny")

    assert (result.returncode, result.stdout, json.loads(result.stderr)) == (
        2,
        "",
        {"error": "invalid_pdf", "message": "The file is truncated (no end-of-file marker)."},
    )
