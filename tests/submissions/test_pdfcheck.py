"""The PDF content check on generated papers and bad files. No database: the module is pure."""

import pikepdf
import pytest

from sllm.submissions.pdfcheck import PAGE_LIMITS, PdfRejected, anonymize_pdf, inspect_pdf
from sllm.submissions.pdfcheck.headings import APPENDIX, REFERENCES, heading_kind

from . import pdf_samples
from .pdf_samples import PaperBuilder


def report(path, *, limit=5, **kwargs):
    return inspect_pdf(path, limit=limit, **kwargs).as_dict()


def expected(
    *, pages, main_pages, references=None, appendix=None, limit=5, page_size="A4", uncounted=(), sections=None
):
    return {
        "pages": pages,
        "main_pages": main_pages,
        "limit": limit,
        "within_limit": main_pages <= limit,
        "references_start_page": references,
        "appendix_start_page": appendix,
        "page_size": page_size,
        "uncounted_sections": sorted(uncounted),
        "section_starts": sections or {},
    }


def body_pages(builder: PaperBuilder, count: int) -> PaperBuilder:
    """`count` pages of running text: a title page, full pages, and a last page only partly filled, on
    which the caller may go on."""
    builder.title_block().paragraphs(2).distractors()
    for index in range(1, count):
        builder.new_page()
        if index < count - 1:
            builder.body_page()
        else:
            builder.heading(f"{index + 1} Experiments").paragraphs(2)
    return builder


@pytest.fixture(scope="module")
def small_paper(tmp_path_factory):
    return pdf_samples.simple_paper(tmp_path_factory.mktemp("base") / "paper.pdf", pages=3)


# --- Where the main text ends --------------------------------------------------------------------------


def test_references_mid_page_count_that_page(tmp_path):
    builder = body_pages(PaperBuilder(page_size="A4"), 4)
    builder.new_page().paragraphs(2).heading("References", role="references").reference_list(6)

    assert report(builder.write(tmp_path / "p.pdf")) == expected(pages=5, main_pages=5, references=5)


def test_references_at_the_top_of_a_page_do_not_count_that_page(tmp_path):
    builder = body_pages(PaperBuilder(page_size="Letter"), 5)
    builder.new_page().heading("References", role="references").reference_list(8)

    assert report(builder.write(tmp_path / "p.pdf")) == expected(
        pages=6, main_pages=5, references=6, page_size="Letter"
    )


def test_two_columns_references_at_top_of_right_column_count_the_page(tmp_path):
    builder = body_pages(PaperBuilder(page_size="Letter", columns=2), 3)
    builder.new_page().paragraphs(3).new_column().heading("References", role="references").reference_list(6)

    assert report(builder.write(tmp_path / "p.pdf")) == expected(
        pages=4, main_pages=4, references=4, page_size="Letter"
    )


def test_two_columns_references_mid_right_column(tmp_path):
    builder = body_pages(PaperBuilder(page_size="A4", columns=2), 5)
    builder.new_page().paragraphs(2).new_column().paragraphs(1)
    builder.heading("References", role="references").reference_list(5)

    assert report(builder.write(tmp_path / "p.pdf")) == expected(pages=6, main_pages=6, references=6)


def test_two_columns_references_opening_a_page(tmp_path):
    builder = body_pages(PaperBuilder(page_size="A4", columns=2), 4)
    builder.new_page().heading("References", role="references").reference_list(10)

    assert report(builder.write(tmp_path / "p.pdf")) == expected(pages=5, main_pages=4, references=5)


def test_bibliography_heading(tmp_path):
    builder = body_pages(PaperBuilder(), 3)
    builder.paragraphs(1).heading("Bibliography", role="references").reference_list(5)

    assert report(builder.write(tmp_path / "p.pdf")) == expected(pages=3, main_pages=3, references=3)


@pytest.mark.parametrize(
    ("text", "style"),
    [
        ("7 References", "bold"),
        ("7. References", "bold"),
        ("VII. REFERENCES", "plain"),
        ("VII. References", "smallcaps"),
        ("REFERENCES", "plain"),
        ("References", "large"),
    ],
)
def test_numbered_roman_and_capitalised_headings(tmp_path, text, style):
    builder = body_pages(PaperBuilder(columns=2), 3)
    builder.new_page().heading(text, role="references", style=style).reference_list(8)

    assert report(builder.write(tmp_path / "p.pdf")) == expected(pages=4, main_pages=3, references=4)


@pytest.mark.parametrize("text", ["A Proofs of Theorem 1", "A. Additional Experiments"])
def test_lettered_section_after_references_starts_the_appendix(tmp_path, text):
    builder = body_pages(PaperBuilder(), 4)
    builder.paragraphs(1).heading("References", role="references").reference_list(6)
    builder.new_page().heading(text, role="appendix").paragraphs(4).new_page().paragraphs(5)

    assert report(builder.write(tmp_path / "p.pdf")) == expected(pages=6, main_pages=4, references=4, appendix=5)


def test_lettered_section_before_references_is_body_text(tmp_path):
    builder = body_pages(PaperBuilder(), 2)
    builder.heading("A Note on Notation").paragraphs(2)
    builder.new_page().paragraphs(1).heading("References", role="references").reference_list(5)

    assert report(builder.write(tmp_path / "p.pdf")) == expected(pages=3, main_pages=3, references=3)


def test_appendix_before_references(tmp_path):
    builder = body_pages(PaperBuilder(columns=2), 5)
    builder.new_page().heading("Appendix", role="appendix").paragraphs(3).new_page().paragraphs(4)
    builder.heading("References", role="references").reference_list(6)

    assert report(builder.write(tmp_path / "p.pdf")) == expected(pages=7, main_pages=5, references=7, appendix=6)


@pytest.mark.parametrize(
    "text",
    [
        "Appendix",
        "Appendix A: Proofs",
        "Appendices",
        "A Appendix",
        "Supplementary Material",
        "Supplementary Materials",
        "Technical Appendix",
    ],
)
def test_appendix_without_references(tmp_path, text):
    builder = body_pages(PaperBuilder(page_size="Letter"), 3)
    builder.paragraphs(2).heading(text, role="appendix").paragraphs(3)
    builder.new_page().paragraphs(5)

    assert report(builder.write(tmp_path / "p.pdf")) == expected(pages=4, main_pages=3, appendix=3, page_size="Letter")


def test_running_text_about_references_and_the_appendix_is_not_a_heading(tmp_path):
    builder = PaperBuilder(columns=2).title_block().distractors()
    for _ in range(3):
        builder.new_page().distractors().paragraphs(2).new_column().distractors().paragraphs(2)
    path = builder.write(tmp_path / "p.pdf")

    assert report(path) == expected(pages=4, main_pages=4)


def test_running_header_naming_the_appendix_is_ignored(tmp_path):
    builder = PaperBuilder(running_header="Appendix and References", columns=2)
    body_pages(builder, 3).paragraphs(1).heading("References", role="references").reference_list(5)

    assert report(builder.write(tmp_path / "p.pdf")) == expected(pages=3, main_pages=3, references=3)


def test_header_shown_on_one_page_only_is_still_a_header(tmp_path):
    builder = PaperBuilder(left_page_header="Anonymous et al.").title_block().paragraphs(2).distractors()
    builder.new_page().heading("References", role="references").reference_list(6)
    builder.new_page().heading("A Proofs of Theorem 1", role="appendix").paragraphs(2)

    assert report(builder.write(tmp_path / "p.pdf")) == expected(pages=3, main_pages=1, references=2, appendix=3)


# --- The outline --------------------------------------------------------------------------------------


def test_outline_entries_find_headings_that_layout_rules_cannot(tmp_path):
    # "Literature" and "Further Material" are not heading phrases; only the bookmarks name the sections.
    builder = body_pages(PaperBuilder(outline=True), 4)
    builder.paragraphs(1).heading("Literature", role="references", bookmark_label="References")
    builder.reference_list(5)
    builder.new_page().heading("Further Material", role="appendix", bookmark_label="Appendix")
    builder.paragraphs(3)

    assert report(builder.write(tmp_path / "p.pdf")) == expected(pages=5, main_pages=4, references=4, appendix=5)


def test_outline_entry_at_top_of_page(tmp_path):
    builder = body_pages(PaperBuilder(outline=True, columns=2), 5)
    builder.new_page().heading("Cited", role="references", bookmark_label="7 References")
    builder.reference_list(8)

    assert report(builder.write(tmp_path / "p.pdf")) == expected(pages=6, main_pages=5, references=6)


def test_outline_with_lettered_appendix_after_references(tmp_path):
    builder = body_pages(PaperBuilder(outline=True, columns=2), 3)
    builder.paragraphs(1).new_column().heading("References", role="references").reference_list(5)
    builder.new_page().paragraphs(2).heading("B Extra Results", role="appendix").paragraphs(2)

    assert report(builder.write(tmp_path / "p.pdf")) == expected(pages=4, main_pages=3, references=3, appendix=4)


# --- Page limits ----------------------------------------------------------------------------------------


def test_over_the_main_track_limit(tmp_path):
    builder = body_pages(PaperBuilder(), 7)
    builder.paragraphs(1).heading("References", role="references").reference_list(4)

    assert report(builder.write(tmp_path / "p.pdf"), limit=PAGE_LIMITS["main"]) == expected(
        pages=7, main_pages=7, references=7, limit=5
    )


@pytest.mark.parametrize(("body", "within"), [(2, True), (3, False)])
def test_tiny_track_limit(tmp_path, body, within):
    builder = body_pages(PaperBuilder(columns=2), body)
    builder.new_page().heading("References", role="references").reference_list(6)
    result = report(builder.write(tmp_path / "p.pdf"), limit=PAGE_LIMITS["tiny"])

    assert result == {
        "pages": body + 1,
        "main_pages": body,
        "limit": 2,
        "within_limit": within,
        "references_start_page": body + 1,
        "appendix_start_page": None,
        "page_size": "A4",
        "uncounted_sections": [],
        "section_starts": {},
    }


# --- Page size ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("size", "name"), [("A4", "A4"), ("Letter", "Letter"), ("A5", "other")])
def test_page_size_of_generated_papers(tmp_path, size, name):
    path = pdf_samples.simple_paper(tmp_path / "p.pdf", pages=1, page_size=size)

    assert report(path)["page_size"] == name


@pytest.mark.parametrize(
    ("width", "height", "rotate", "name"),
    [
        (842, 595, 90, "A4"),  # landscape MediaBox shown upright
        (792, 612, 270, "Letter"),
        (595, 842, 90, "other"),  # an A4 sheet shown sideways
        (500, 500, 0, "other"),
    ],
)
def test_page_size_honours_rotation(tmp_path, width, height, rotate, name):
    path = pdf_samples.rotated_page_pdf(tmp_path / "p.pdf", width=width, height=height, rotate=rotate)

    assert report(path) == expected(pages=1, main_pages=1, page_size=name)


def test_page_size_uses_the_crop_box(tmp_path):
    path = pdf_samples.cropped_page_pdf(tmp_path / "p.pdf", media=(700, 900), crop=(612, 792))

    assert report(path)["page_size"] == "Letter"


# --- Refused files ---------------------------------------------------------------------------------


def rejection(path, **kwargs):
    with pytest.raises(PdfRejected) as caught:
        inspect_pdf(path, limit=5, **kwargs)
    return caught.value.code, caught.value.message


def test_empty_file(tmp_path):
    assert rejection(pdf_samples.write_empty(tmp_path / "paper.pdf")) == (
        "empty",
        "The file is empty (0 bytes).",
    )


@pytest.mark.parametrize("write", [pdf_samples.write_png, pdf_samples.write_text])
def test_not_a_pdf_whatever_its_name(tmp_path, write):
    assert rejection(write(tmp_path / "paper.pdf")) == (
        "not_pdf",
        "The file has no %PDF header: it is not a PDF.",
    )


def test_a_pdf_is_judged_by_content_not_name(tmp_path, small_paper):
    renamed = tmp_path / "figure.png"
    renamed.write_bytes(small_paper.read_bytes())

    assert report(renamed) == report(small_paper)


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.97])
def test_truncated_pdf(tmp_path, small_paper, keep):
    path = pdf_samples.truncate(small_paper, tmp_path / "cut.pdf", keep=keep)

    assert rejection(path) == ("invalid_pdf", "The file is truncated (no end-of-file marker).")


def test_truncated_classic_xref_pdf_that_qpdf_could_half_recover(tmp_path, small_paper):
    classic = tmp_path / "classic.pdf"
    with pikepdf.open(small_paper) as pdf:
        pdf.save(classic, object_stream_mode=pikepdf.ObjectStreamMode.disable, qdf=True)
    path = pdf_samples.truncate(classic, tmp_path / "cut.pdf", keep=0.3)

    assert rejection(path) == ("invalid_pdf", "The file is truncated (no end-of-file marker).")


def test_broken_cross_reference_offset_in_a_whole_file_is_repaired(tmp_path, small_paper):
    classic = tmp_path / "classic.pdf"
    with pikepdf.open(small_paper) as pdf:
        pdf.save(classic, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    data = classic.read_bytes()
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(data[: data.rindex(b"startxref")] + b"startxref\n123\n%%EOF\n")

    assert report(broken) == report(small_paper)


def test_garbage_after_the_header_is_invalid(tmp_path):
    path = tmp_path / "paper.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"this is not a pdf body\n" * 50 + b"%%EOF\n")

    code, _ = rejection(path)
    assert code == "invalid_pdf"


@pytest.mark.parametrize("user_password", ["secret", ""])
def test_encrypted(tmp_path, small_paper, user_password):
    path = pdf_samples.encrypt(small_paper, tmp_path / "locked.pdf", user_password=user_password)
    message = (
        "The file is password-protected." if user_password else "The file is encrypted; upload it without a password."
    )

    assert rejection(path) == ("encrypted", message)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (pdf_samples.with_open_action_javascript, "The PDF contains JavaScript."),
        (pdf_samples.with_javascript_name_tree, "The PDF contains JavaScript."),
        (pdf_samples.with_annotation_javascript, "The PDF contains JavaScript."),
        (pdf_samples.with_launch_action, "The PDF contains a Launch action (it can start programs)."),
        (pdf_samples.with_embedded_file, "The PDF contains an embedded file."),
        (pdf_samples.with_file_attachment_annotation, "The PDF contains a file attachment annotation."),
    ],
)
def test_active_content(tmp_path, small_paper, make, message):
    path = make(small_paper, tmp_path / "active.pdf")

    assert rejection(path) == ("active_content", message)


def test_too_large(tmp_path, small_paper):
    size = small_paper.stat().st_size

    assert rejection(small_paper, max_bytes=size - 1) == (
        "too_large",
        f"The file has {size} bytes; the limit is {size - 1} bytes.",
    )
    assert report(small_paper, max_bytes=size)["pages"] == 3


def test_missing_file_is_the_callers_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        inspect_pdf(tmp_path / "nowhere.pdf", limit=5)


def test_rejection_codes_are_a_closed_set():
    with pytest.raises(ValueError):
        PdfRejected("too_small", "no such code")


# --- Report shape and metadata ------------------------------------------------------------------------


def test_report_keys_in_published_order(small_paper):
    assert list(inspect_pdf(small_paper, limit=5).as_dict()) == [
        "pages",
        "main_pages",
        "limit",
        "within_limit",
        "references_start_page",
        "appendix_start_page",
        "page_size",
        "uncounted_sections",
        "section_starts",
    ]


def test_anonymize_in_place(tmp_path, small_paper):
    path = pdf_samples.with_author_metadata(
        small_paper, tmp_path / "named.pdf", author="Ada Lovelace", title="Sparse Kernels"
    )
    before = report(path)

    anonymize_pdf(path, path)

    with pikepdf.open(path) as pdf:
        info = {key: str(value) for key, value in pdf.docinfo.items()}
        assert "/Metadata" not in pdf.Root
    assert info == {"/Title": "Sparse Kernels"}
    assert b"Ada Lovelace" not in path.read_bytes()
    assert report(path) == before
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


# --- Heading phrases (pure) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("References", REFERENCES),
        ("REFERENCES", REFERENCES),
        ("R EFERENCES", REFERENCES),
        ("7 References", REFERENCES),
        ("7. References", REFERENCES),
        ("VII. REFERENCES", REFERENCES),
        ("vii. RefeRences", REFERENCES),
        ("Bibliography", REFERENCES),
        ("References:", REFERENCES),
        ("Appendix", APPENDIX),
        ("APPENDIX", APPENDIX),
        ("Appendix A: Proofs", APPENDIX),
        ("Appendix B. Hyperparameters", APPENDIX),
        ("Appendices", APPENDIX),
        ("A Appendix", APPENDIX),
        ("8 Appendix", APPENDIX),
        ("Supplementary Material", APPENDIX),
        ("Supplementary Materials", APPENDIX),
        ("Technical Appendix", APPENDIX),
        ("see the references in [3]", None),
        ("details are in the appendix.", None),
        ("References to prior work show that pruning works", None),
        ("A Proofs of Theorem 1", None),
        ("Related Work", None),
        ("Reference implementations", None),
        ("Reference", REFERENCES),
        ("Literature Cited", REFERENCES),
        ("5 References", REFERENCES),
        ("Acknowledgments", "acknowledgements"),
        ("A CKNOWLEDGEMENTS", "acknowledgements"),
        ("6 Limitations", "limitations"),
        ("Ethics Statement", "ethics"),
        ("Reproducibility Statement", "reproducibility"),
        ("Broader Impact", "impact"),
        ("Limitations of magnitude pruning", None),
        ("Appendix-Free Pruning of Language Models", None),
    ],
)
def test_heading_kind(text, kind):
    assert heading_kind(text) == kind
