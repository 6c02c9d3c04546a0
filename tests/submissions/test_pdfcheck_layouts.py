"""The page check on the layouts it once missed: an appendix between the body and the references, references
without a heading, reference headings in other words, and closing sections a track may leave uncounted."""

import pytest

from sllm.submissions.pdfcheck import CLOSING_SECTIONS, inspect_pdf
from sllm.workshops.models import Track

from .pdf_samples import PaperBuilder, random_layout_paper
from .test_pdfcheck import body_pages, expected, report

# --- An appendix between the main text and the references ---------------------------------------------


@pytest.mark.parametrize("style", ["top", "right_column"])
def test_two_columns_labelled_appendix_before_references(tmp_path, style):
    builder = body_pages(PaperBuilder(columns=2), 5)
    builder.new_page()
    if style == "right_column":
        builder.paragraphs(2).new_column()
    builder.heading("A. Proofs", role="appendix").paragraphs(2)
    builder.new_page().heading("B. Additional Experiments").paragraphs(3)
    builder.new_page().heading("References", role="references").reference_list(8)

    main = 6 if style == "right_column" else 5
    assert report(builder.write(tmp_path / "p.pdf")) == expected(pages=8, main_pages=main, references=8, appendix=6)


def test_two_columns_lettered_run_before_references(tmp_path):
    builder = body_pages(PaperBuilder(columns=2, page_size="Letter"), 5)
    builder.new_page().heading("A Proofs", role="appendix").paragraphs(3)
    builder.new_page().heading("B Additional Experiments").paragraphs(3)
    builder.new_page().heading("References", role="references").reference_list(6)

    assert report(builder.write(tmp_path / "p.pdf")) == expected(
        pages=8, main_pages=5, references=8, appendix=6, page_size="Letter"
    )


def test_lettered_section_followed_by_numbered_sections_is_body_text(tmp_path):
    builder = body_pages(PaperBuilder(columns=2), 2)
    builder.heading("A. Note on Notation").paragraphs(1)
    builder.new_page().heading("3 Results").paragraphs(2)
    builder.heading("References", role="references").reference_list(4)

    assert report(builder.write(tmp_path / "p.pdf")) == expected(pages=3, main_pages=3, references=3)


# --- References that carry no heading -----------------------------------------------------------------


@pytest.mark.parametrize(("numbering", "columns"), [("[1]", 2), ("1.", 2), ("[1]", 1), ("1.", 1)])
def test_unheaded_numbered_references_mid_page(tmp_path, numbering, columns):
    builder = body_pages(PaperBuilder(columns=columns), 4)
    builder.new_page().paragraphs(2).unheaded_references(8, numbering=numbering)

    assert report(builder.write(tmp_path / "p.pdf")) == expected(pages=5, main_pages=5, references=5)


def test_unheaded_references_opening_a_page_then_appendix(tmp_path):
    builder = body_pages(PaperBuilder(columns=2), 5)
    builder.new_page().unheaded_references(10)
    builder.new_page().heading("Appendix", role="appendix").paragraphs(3)

    assert report(builder.write(tmp_path / "p.pdf")) == expected(pages=7, main_pages=5, references=6, appendix=7)


def test_enumeration_in_the_body_is_not_a_reference_list(tmp_path):
    builder = body_pages(PaperBuilder(), 2)
    builder.enumeration(4).new_page().heading("3 Discussion").paragraphs(3)

    assert report(builder.write(tmp_path / "p.pdf")) == expected(pages=3, main_pages=3)


def test_enumeration_closing_the_last_section_is_not_a_reference_list(tmp_path):
    builder = body_pages(PaperBuilder(columns=2), 2)
    builder.new_page().heading("3 Conclusion").enumeration(4).paragraphs(2)

    assert report(builder.write(tmp_path / "p.pdf")) == expected(pages=3, main_pages=3)


# --- Reference headings in other words ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "style"),
    [
        ("Reference", "bold"),
        ("5 References", "bold"),
        ("5 References", "plain"),
        ("Literature Cited", "bold"),
        ("LITERATURE CITED", "plain"),
        ("6. Reference", "large"),
    ],
)
def test_other_reference_headings(tmp_path, text, style):
    builder = body_pages(PaperBuilder(columns=2), 3)
    builder.new_page().heading(text, role="references", style=style).reference_list(8)

    assert report(builder.write(tmp_path / "p.pdf")) == expected(pages=4, main_pages=3, references=4)


def test_plain_reference_legend_is_not_a_heading(tmp_path):
    builder = body_pages(PaperBuilder(), 3)
    builder.legend("Reference").paragraphs(2)

    assert report(builder.write(tmp_path / "p.pdf")) == expected(pages=3, main_pages=3)


# --- Closing sections: counted by default, left out when the track says so ----------------------------


def _closing_paper(tmp_path):
    builder = body_pages(PaperBuilder(columns=2), 5)
    builder.new_page().heading("Limitations", role="limitations").paragraphs(2)
    builder.heading("Acknowledgements", role="acknowledgements").paragraphs(1)
    builder.new_page().heading("References", role="references").reference_list(8)
    return builder.write(tmp_path / "p.pdf")


def test_closing_sections_count_by_default_and_are_reported(tmp_path):
    assert report(_closing_paper(tmp_path)) == expected(
        pages=7, main_pages=6, references=7, limit=5, sections={"limitations": 6, "acknowledgements": 6}
    )


@pytest.mark.parametrize(("uncounted", "main_pages"), [(("limitations",), 5), (("acknowledgements",), 6)])
def test_uncounted_closing_section_ends_the_main_text(tmp_path, uncounted, main_pages):
    path = _closing_paper(tmp_path)

    assert report(path, uncounted_sections=uncounted) == expected(
        pages=7,
        main_pages=main_pages,
        references=7,
        uncounted=uncounted,
        sections={"limitations": 6, "acknowledgements": 6},
    )


def test_limitations_inside_the_body_never_end_it(tmp_path):
    builder = body_pages(PaperBuilder(), 2)
    builder.heading("Limitations", role="limitations").paragraphs(1)
    builder.new_page().heading("4 Conclusion").paragraphs(2)
    builder.heading("References", role="references").reference_list(4)
    path = builder.write(tmp_path / "p.pdf")

    assert report(path, uncounted_sections=["limitations"]) == expected(
        pages=3, main_pages=3, references=3, uncounted=["limitations"], sections={"limitations": 2}
    )


def test_unknown_uncounted_section_is_refused(tmp_path):
    builder = body_pages(PaperBuilder(), 1)
    path = builder.write(tmp_path / "p.pdf")

    with pytest.raises(ValueError, match="unknown section kind\\(s\\): appendix"):
        inspect_pdf(path, limit=5, uncounted_sections=["appendix", "limitations"])


def test_check_and_track_name_the_same_sections():
    assert CLOSING_SECTIONS == tuple(Track.UncountedSection.values)


# --- A generated set of the new layouts ---------------------------------------------------------------


@pytest.mark.parametrize("seed", range(12))
def test_generated_layouts(tmp_path, seed):
    builder, uncounted = random_layout_paper(seed)
    path = builder.write(tmp_path / "p.pdf")
    result = inspect_pdf(path, limit=5, uncounted_sections=uncounted).as_dict()

    wanted = builder.expected(uncounted=uncounted)
    assert {key: result[key] for key in wanted} == wanted
