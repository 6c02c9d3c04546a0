"""Generators of test PDFs: realistic papers from HTML and CSS (WeasyPrint), and the bad files an upload
form meets (empty, not a PDF, truncated, encrypted, scripted, with attachments).

A paper is composed page by page and column by column, so where each heading lands is known by
construction; `PaperBuilder.write` renders it and fails if any page overflowed, which would break that.
"""

import html
import random
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pymupdf
import weasyprint

CLOSING_ROLES = ("acknowledgements", "limitations", "ethics", "reproducibility", "impact")
PAGE_SIZES = {"A4": "A4", "Letter": "letter", "A5": "A5"}

HEADING_STYLES = {
    # LaTeX article: a bold section title a size above the text.
    "bold": "font-weight: bold; font-size: 12pt;",
    # IEEE: centred small capitals in the body size, not bold.
    "smallcaps": "font-weight: normal; font-size: 10pt; font-variant: small-caps; text-align: center;",
    # A bare capitalised line in the body font, as some Word templates do it.
    "plain": "font-weight: normal; font-size: 10pt;",
    # Larger but not bold.
    "large": "font-weight: normal; font-size: 14pt;",
}

_WORDS = (
    "sparse attention pruning magnitude structured unstructured semi-structured kernel latency throughput "
    "accuracy perplexity calibration layer weight activation outlier quantization dense baseline model "
    "token batch memory bandwidth speedup mask pattern gradient retraining compression"
).split()

# Running text that names the sections without being their headings: detection must not fire on these.
DISTRACTORS = (
    "We follow the references in [3] for the training recipe and compare with their setting.",
    "Proofs and further ablations are given in the appendix.",
    "A complete list of hyperparameters is in Appendix B and in the supplementary material.",
)
# A paragraph that starts a line with the word, as in "References to prior work show ...".
LINE_START_DISTRACTOR = (
    "References to prior work show that 2:4 sparsity keeps most of the accuracy of the dense model "
    "while halving the memory traffic of the linear layers."
)

_CSS = """
@page {{ size: {size}; margin: 2cm 2.2cm; {margin_boxes} }}
body {{ font-family: serif; font-size: 10pt; line-height: 1.2; }}
h1 {{ font-size: 16pt; text-align: center; margin: 0 0 6pt; }}
.authors {{ text-align: center; margin: 0 0 10pt; }}
.abstract {{ margin: 0 1cm 12pt; font-size: 9pt; }}
h2, h3 {{ margin: 10pt 0 5pt; {bookmark} }}
h3 {{ font-size: 10.5pt; font-weight: bold; }}
p {{ margin: 0 0 6pt; text-align: justify; }}
p.ref {{ text-align: left; padding-left: 1.5em; text-indent: -1.5em; font-size: 9pt; }}
section.page {{ break-after: page; }}
section.page:last-child {{ break-after: auto; }}
.columns {{ column-count: 2; column-gap: 0.6cm; column-fill: auto; }}
.column-break {{ break-before: column; }}
"""
_MARGIN_BOXES = (
    '@top-center {{ content: "{header}"; font-size: 8pt; }} '
    "@bottom-center {{ content: counter(page); font-size: 9pt; }}"
)


@dataclass
class _Page:
    wide: list[str] = field(default_factory=list)  # above the columns: the title block
    flow: list[str] = field(default_factory=list)


@dataclass
class Heading:
    text: str
    role: str | None  # "references", "appendix", a closing section's kind, or None for an ordinary section
    page: int
    after_body_on_page: bool  # some of the paper's text precedes it on its page


@dataclass
class PaperBuilder:
    page_size: str = "A4"
    columns: int = 1
    outline: bool = False  # bookmarks for the section headings
    running_header: str | None = "Under review at SLLM 2026. Do not distribute."
    left_page_header: str | None = None  # a different header on even pages, as twoside layouts do
    seed: int = 0
    headings: list[Heading] = field(default_factory=list, init=False)
    _pages: list[_Page] = field(default_factory=lambda: [_Page()], init=False)
    _body_on_page: bool = field(default=False, init=False)
    _column_break_pending: bool = field(default=False, init=False)

    def __post_init__(self):
        self._random = random.Random(self.seed)

    @property
    def page(self) -> int:
        return len(self._pages)

    def title_block(self, title: str = "Sparse Kernels for Large Language Models") -> "PaperBuilder":
        self._add(
            f"<h1>{html.escape(title)}</h1><p class='authors'>Anonymous Authors</p>"
            f"<p class='abstract'><b>Abstract.</b> {self._sentences(4)}</p>",
            wide=True,
        )
        return self

    def paragraphs(self, count: int = 1, *, sentences: int = 5) -> "PaperBuilder":
        for _ in range(count):
            self._add(f"<p>{self._sentences(sentences)}</p>")
        return self

    def distractors(self) -> "PaperBuilder":
        """Body text that mentions the references and the appendix, one paragraph starting 'References'."""
        mixed = " ".join([self._sentences(2), *DISTRACTORS, self._sentences(1)])
        self._add(f"<p>{html.escape(mixed)}</p><p>{html.escape(LINE_START_DISTRACTOR)}</p>")
        return self

    def heading(
        self,
        text: str,
        *,
        role: str | None = None,
        style: str = "bold",
        level: int = 2,
        bookmark_label: str | None = None,
    ) -> "PaperBuilder":
        css = HEADING_STYLES[style]
        if bookmark_label is not None:
            css += f" bookmark-label: '{bookmark_label}'; bookmark-level: 1;"
        self.headings.append(Heading(text, role, self.page, self._body_on_page))
        self._add(f'<h{level} style="{css}">{html.escape(text)}</h{level}>', counts_as_body=False)
        return self

    def reference_list(self, count: int = 8, *, numbering: str = "[1]") -> "PaperBuilder":
        # Entries start with initials ("A. Author"), the shape a careless appendix rule mistakes for "A. ...".
        for number in range(1, count + 1):
            initial = "ABCDEFGH"[number % 8]
            label = f"[{number}]" if numbering == "[1]" else f"{number}."
            self._add(
                f"<p class='ref'>{label} {initial}. Author and B. Writer. {self._sentences(1)[:-1]}. "
                f"In Proceedings of the Workshop on Sparsity, 202{number % 5}.</p>"
            )
        return self

    def enumeration(self, count: int = 4) -> "PaperBuilder":
        """A numbered list in the body ("1. ...", "2. ..."): the shape of a reference list without being one."""
        for number in range(1, count + 1):
            self._add(f"<p>{number}. {self._sentences(2)}</p>")
        return self

    def legend(self, text: str) -> "PaperBuilder":
        """A short plain line of its own, as a figure legend or a table caption is."""
        self._add(f"<p>{html.escape(text)}</p>")
        return self

    def unheaded_references(self, count: int = 8, *, numbering: str = "[1]") -> "PaperBuilder":
        """A numbered reference list right after the body, with no heading: the list starts the section."""
        self.headings.append(Heading("", "references", self.page, self._body_on_page))
        return self.reference_list(count, numbering=numbering)

    def new_column(self) -> "PaperBuilder":
        if self.columns != 2:
            raise ValueError("new_column needs a two-column paper")
        self._column_break_pending = True
        return self

    def new_page(self) -> "PaperBuilder":
        self._pages.append(_Page())
        self._body_on_page = False
        self._column_break_pending = False
        return self

    def body_page(self, *, sentences: int = 5) -> "PaperBuilder":
        """A page of running text, about two thirds full (both columns when two-column)."""
        if not self._pages[-1].flow:
            self.heading(self._section_title())
        if self.columns == 2:
            self.paragraphs(3, sentences=sentences).new_column().paragraphs(3, sentences=sentences)
        else:
            self.paragraphs(6, sentences=sentences)
        return self

    def write(self, path: Path) -> Path:

        weasyprint.HTML(string=self.html()).write_pdf(path)
        with pymupdf.open(path) as doc:
            if len(doc) != self.page:
                raise AssertionError(f"sample laid out on {len(doc)} pages instead of {self.page}: overflow")
        return path

    def html(self) -> str:
        margin_boxes = _MARGIN_BOXES.format(header=self.running_header) if self.running_header else ""
        css = _CSS.format(
            size=PAGE_SIZES[self.page_size],
            margin_boxes=margin_boxes,
            bookmark="bookmark-level: 1;" if self.outline else "bookmark-level: none;",
        )
        css += "h1 { bookmark-level: none; }\n"  # the title is no section
        if self.outline:
            css += "h3 { bookmark-level: 2; }\n"
        if self.left_page_header:
            css += f'@page :left {{ @top-center {{ content: "{self.left_page_header}"; font-size: 8pt; }} }}\n'
        pages = "".join(self._page_html(page) for page in self._pages)
        return f"<html><head><meta charset='utf-8'><style>{css}</style></head><body>{pages}</body></html>"

    def expected(self, *, uncounted: tuple[str, ...] = ()) -> dict:
        """The report fields the generator placed: pages, main pages and the section start pages.

        Closing sections in `uncounted` end the main text (the generator puts them after the body).
        """
        references = next((h for h in self.headings if h.role == "references"), None)
        appendix = next((h for h in self.headings if h.role == "appendix"), None)
        closing = {}
        for h in self.headings:
            if h.role in CLOSING_ROLES and h.role not in closing:
                closing[h.role] = h
        tail = [h for kind, h in closing.items() if kind in uncounted]
        if references is not None:
            tail = [h for h in tail if self.headings.index(h) < self.headings.index(references)]
        first = min(
            (h for h in (references, appendix, *tail) if h is not None),
            key=self.headings.index,
            default=None,
        )
        if first is None:
            main_pages = self.page
        else:
            main_pages = first.page if first.after_body_on_page else first.page - 1
        return {
            "pages": self.page,
            "main_pages": main_pages,
            "references_start_page": references.page if references else None,
            "appendix_start_page": appendix.page if appendix else None,
            "uncounted_sections": sorted(uncounted),
            "section_starts": {kind: h.page for kind, h in closing.items()},
        }

    def _page_html(self, page: _Page) -> str:
        flow = "".join(page.flow)
        if self.columns == 2:
            flow = f"<div class='columns'>{flow}</div>"
        return f"<section class='page'>{''.join(page.wide)}{flow}</section>"

    def _add(self, markup: str, *, wide: bool = False, counts_as_body: bool = True) -> None:
        page = self._pages[-1]
        if wide:
            page.wide.append(markup)
        else:
            if self._column_break_pending:
                markup = f"<div class='column-break'>{markup}</div>"
                self._column_break_pending = False
            page.flow.append(markup)
        if counts_as_body:
            self._body_on_page = True

    def _sentences(self, count: int) -> str:
        sentences = []
        for _ in range(count):
            words = self._random.choices(_WORDS, k=self._random.randint(8, 14))
            citation = f" [{self._random.randint(1, 9)}]" if self._random.random() < 0.3 else ""
            sentences.append(" ".join(words).capitalize() + citation + ".")
        return " ".join(sentences)

    def _section_title(self) -> str:
        number = sum(1 for h in self.headings if h.role is None) + 1
        topic = " ".join(self._random.sample(_WORDS, 2)).title()
        return f"{number} {topic}"


# --- A mixed set of papers, as the benchmark uses it ----------------------------------------------------

REFERENCE_HEADINGS = (
    ("References", "bold"),
    ("REFERENCES", "plain"),
    ("Bibliography", "bold"),
    ("7 References", "bold"),
    ("7. References", "large"),
    ("VII. References", "smallcaps"),
)
APPENDIX_HEADINGS = (
    ("Appendix", "bold"),
    ("Appendix A: Proofs", "bold"),
    ("Appendices", "large"),
    ("A Appendix", "bold"),
    ("Supplementary Material", "bold"),
    ("Technical Appendix", "bold"),
)
LETTERED_APPENDIX_HEADINGS = ("A Proofs of Theorem 1", "A. Additional Experiments")


def random_paper(seed: int) -> PaperBuilder:
    """One of many layouts: page size, columns, outline, heading forms and where each section starts."""
    rng = random.Random(seed)
    builder = PaperBuilder(
        page_size=rng.choice(["A4", "Letter"]),
        columns=rng.choice([1, 2]),
        outline=rng.random() < 0.4,
        seed=seed,
    )
    builder.title_block().paragraphs(2).distractors()
    for _ in range(rng.randint(3, 7)):
        builder.new_page().body_page()
    appendix_first = rng.random() < 0.25
    if appendix_first:
        _section_start(builder, rng, *rng.choice(APPENDIX_HEADINGS), role="appendix")
        _filler_pages(builder, rng, rng.randint(1, 3))
        _section_start(builder, rng, *rng.choice(REFERENCE_HEADINGS), role="references")
        builder.reference_list(rng.randint(4, 8))
        return builder
    _section_start(builder, rng, *rng.choice(REFERENCE_HEADINGS), role="references")
    builder.reference_list(rng.randint(4, 8))
    if rng.random() < 0.5:
        builder.new_page().reference_list(rng.randint(6, 10))
    appendix = rng.random()
    if appendix < 0.35:
        text = rng.choice(LETTERED_APPENDIX_HEADINGS)
        _section_start(builder, rng, text, "bold", role="appendix")
        _filler_pages(builder, rng, rng.randint(1, 6))
    elif appendix < 0.7:
        _section_start(builder, rng, *rng.choice(APPENDIX_HEADINGS), role="appendix")
        _filler_pages(builder, rng, rng.randint(1, 6))
    return builder


def _section_start(builder: PaperBuilder, rng: random.Random, text: str, style: str, *, role: str) -> None:
    """Start a section at the top of a new page, mid-page, or (two columns) in the right column."""
    builder.new_page()
    placements = ["top", "mid", "right_top", "right_mid"] if builder.columns == 2 else ["top", "mid"]
    placement = rng.choice(placements)
    if placement in ("mid", "right_mid", "right_top"):
        builder.paragraphs(rng.randint(1, 3))
    if placement.startswith("right"):
        builder.new_column()
        if placement == "right_mid":
            builder.paragraphs(1)
    builder.heading(text, role=role, style=style)


def _filler_pages(builder: PaperBuilder, rng: random.Random, pages: int) -> None:
    builder.paragraphs(2)
    for _ in range(pages - 1):
        builder.new_page().heading(f"A.{builder.page} {rng.choice(_WORDS).title()} Details", level=3)
        builder.paragraphs(4)


# --- The layouts added later: closing sections, unheaded references, appendix before the references ----

NEW_REFERENCE_HEADINGS = (
    ("Reference", "bold"),
    ("5 References", "bold"),
    ("5 References", "plain"),
    ("Literature Cited", "bold"),
    ("LITERATURE CITED", "plain"),
    ("6. Reference", "large"),
)
CLOSING_HEADINGS = {
    "acknowledgements": ("Acknowledgements", "Acknowledgments", "ACKNOWLEDGMENTS"),
    "limitations": ("Limitations", "6 Limitations"),
    "ethics": ("Ethics Statement", "Ethical Considerations"),
    "reproducibility": ("Reproducibility Statement",),
    "impact": ("Broader Impact", "Impact Statement"),
}
LETTERED_BEFORE_REFERENCES = (("A. Proofs", "B. Additional Experiments"), ("A Proofs", "B Additional Experiments"))
LAYOUT_KINDS = ("appendix_before_references", "unheaded_references", "new_heading", "closing_sections")


def random_layout_paper(seed: int) -> tuple[PaperBuilder, tuple[str, ...]]:
    """A paper of one of the layouts the first set lacks, and the closing sections its track leaves out.

    The kind cycles with the seed so every kind is equally present; the rest is drawn at random.
    """
    rng = random.Random(1000 + seed)
    kind = LAYOUT_KINDS[seed % len(LAYOUT_KINDS)]
    builder = PaperBuilder(
        page_size=rng.choice(["A4", "Letter"]),
        columns=2 if kind == "appendix_before_references" else rng.choice([1, 2]),
        seed=1000 + seed,
    )
    builder.title_block().paragraphs(2).distractors()
    for _ in range(rng.randint(2, 5)):
        builder.new_page().body_page()
    uncounted: tuple[str, ...] = ()
    if kind == "appendix_before_references":
        first, second = rng.choice(LETTERED_BEFORE_REFERENCES)
        _section_start(builder, rng, first, "bold", role="appendix")
        builder.paragraphs(2)
        builder.new_page().heading(second).paragraphs(3)
        _section_start(builder, rng, *rng.choice(REFERENCE_HEADINGS), role="references")
        builder.reference_list(rng.randint(4, 8))
    elif kind == "unheaded_references":
        numbering = rng.choice(["[1]", "1."])
        builder.new_page()
        if rng.random() < 0.5:
            builder.paragraphs(rng.randint(1, 3))
        builder.unheaded_references(rng.randint(5, 9), numbering=numbering)
        if rng.random() < 0.4:
            _section_start(builder, rng, *rng.choice(APPENDIX_HEADINGS), role="appendix")
            _filler_pages(builder, rng, rng.randint(1, 2))
    elif kind == "new_heading":
        _section_start(builder, rng, *rng.choice(NEW_REFERENCE_HEADINGS), role="references")
        builder.reference_list(rng.randint(4, 8))
    else:
        kinds = rng.sample(sorted(CLOSING_HEADINGS), rng.randint(1, 3))
        for index, closing in enumerate(kinds):
            text = rng.choice(CLOSING_HEADINGS[closing])
            if index == 0 or rng.random() < 0.3:
                _section_start(builder, rng, text, rng.choice(["bold", "bold", "plain"]), role=closing)
            else:
                builder.heading(text, role=closing)
            builder.paragraphs(rng.randint(1, 2))
        uncounted = tuple(sorted(rng.sample(kinds, rng.randint(0, len(kinds)))))
        _section_start(builder, rng, *rng.choice(REFERENCE_HEADINGS), role="references")
        builder.reference_list(rng.randint(4, 8))
    return builder, uncounted


# --- Bad and special files -----------------------------------------------------------------------------


def simple_paper(path: Path, *, pages: int = 3, page_size: str = "A4") -> Path:
    """A small valid paper: `pages` pages of text, with short references on the last page."""
    builder = PaperBuilder(page_size=page_size).title_block()
    for index in range(pages - 1):
        if index:
            builder.new_page()
        builder.body_page()
    if pages > 1:
        builder.new_page().paragraphs(1)
    builder.heading("References", role="references").reference_list(2)
    return builder.write(path)


def write_empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def write_png(path: Path) -> Path:
    """A real PNG image (a PyMuPDF rendering of a page) under whatever name the caller gives."""
    doc = pymupdf.open()
    page = doc.new_page(width=200, height=100)
    page.insert_text((20, 50), "not a paper")
    path.write_bytes(page.get_pixmap().tobytes("png"))
    return path


def write_text(path: Path) -> Path:
    path.write_text("\\documentclass{article}\n\\begin{document}\nHello\n\\end{document}\n")
    return path


def truncate(source: Path, target: Path, *, keep: float = 0.6) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * keep)])
    return target


def encrypt(source: Path, target: Path, *, user_password: str = "secret") -> Path:
    """Encrypt with AES-256; an empty user password gives an owner-password-only (restrictions) file."""
    with pikepdf.open(source) as pdf:
        pdf.save(target, encryption=pikepdf.Encryption(user=user_password, owner="owner-secret", R=6))
    return target


def with_open_action_javascript(source: Path, target: Path) -> Path:
    with pikepdf.open(source) as pdf:
        action = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('hi');"))
        pdf.Root.OpenAction = pdf.make_indirect(action)
        pdf.save(target)
    return target


def with_javascript_name_tree(source: Path, target: Path) -> Path:
    with pikepdf.open(source) as pdf:
        script = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("this.print();"))
        tree = pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("init"), pdf.make_indirect(script)]))
        pdf.Root.Names = pikepdf.Dictionary(JavaScript=pdf.make_indirect(tree))
        pdf.save(target)
    return target


def with_link_annotation(source: Path, target: Path, action: pikepdf.Dictionary) -> Path:
    """Add a link annotation on page 1 whose action is `action`."""
    with pikepdf.open(source) as pdf:
        annotation = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=pikepdf.Array([72, 72, 144, 96]),
            Border=pikepdf.Array([0, 0, 0]),
            A=action,
        )
        page = pdf.pages[0].obj
        annotations = page.get("/Annots", pikepdf.Array())
        annotations.append(pdf.make_indirect(annotation))
        page.Annots = annotations
        pdf.save(target)
    return target


def with_launch_action(source: Path, target: Path) -> Path:
    launch = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe"))
    return with_link_annotation(source, target, launch)


def with_annotation_javascript(source: Path, target: Path) -> Path:
    script = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.launchURL('x');"))
    return with_link_annotation(source, target, script)


def with_embedded_file(source: Path, target: Path) -> Path:
    with pikepdf.open(source) as pdf:
        pdf.attachments["results.csv"] = pikepdf.AttachedFileSpec(pdf, b"model,accuracy\ndense,0.71\n")
        pdf.save(target)
    return target


def with_file_attachment_annotation(source: Path, target: Path) -> Path:
    with pymupdf.open(source) as doc:
        doc[0].add_file_annot(pymupdf.Point(100, 100), b"secret data", "data.txt")
        doc.save(target)
    return target


def with_author_metadata(source: Path, target: Path, *, author: str, title: str) -> Path:
    """Set author, creator and producer both in the Info dictionary and in the XMP packet."""
    with pikepdf.open(source) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
            xmp["dc:creator"] = [author]
            xmp["dc:title"] = title
            xmp["xmp:CreatorTool"] = "LaTeX with hyperref"
        pdf.docinfo["/Author"] = author
        pdf.docinfo["/Title"] = title
        pdf.docinfo["/Creator"] = "LaTeX with hyperref"
        pdf.docinfo["/Producer"] = "pdfTeX-1.40.25"
        pdf.save(target)
    return target


def rotated_page_pdf(path: Path, *, width: float, height: float, rotate: int) -> Path:
    """A one-page PDF whose MediaBox is width x height, shown turned by `rotate` degrees."""
    doc = pymupdf.open()
    page = doc.new_page(width=width, height=height)
    page.insert_text((72, 72), "A rotated page of running text about sparse kernels.")
    page.set_rotation(rotate)
    doc.save(path)
    return path


def cropped_page_pdf(path: Path, *, media: tuple[float, float], crop: tuple[float, float]) -> Path:
    """A one-page PDF with a large MediaBox and a smaller CropBox (what a reader shows)."""
    doc = pymupdf.open()
    page = doc.new_page(width=media[0], height=media[1])
    page.insert_text((72, 72), "A cropped page of running text about sparse kernels.")
    page.set_cropbox(pymupdf.Rect(0, 0, crop[0], crop[1]))
    doc.save(path)
    return path
