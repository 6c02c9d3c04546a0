"""Double-blind files: the anonymizer on a leaky LaTeX-like PDF, the command, uploads, revisions, the
one-off pass over stored files, and the organizers' names-in-text flag.

The attack: a reviewer downloads a submission and reads the authors out of its metadata (Info keywords,
figure XMP, pdfTeX's figure paths, PieceInfo, annotation authors). Before this, uploads stripped only
Author, Creator, Producer and the document XMP, and every one of these tests failed.
"""

import hashlib
import json
from io import StringIO

import pikepdf
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from sllm.submissions.models import Paper, PaperFile
from sllm.submissions.pdfcheck import Author, PdfRejected, anonymize_pdf, inspect_pdf
from tests import factories

from . import pdf_samples
from .leaky_pdf import AUTHOR, EMAIL, TITLE, TRACES, every_object_text, keys_anywhere, write_leaky_paper

IDENTIFYING_KEYS = {"/Author", "/Subject", "/Keywords", "/Creator", "/Producer", "/Metadata", "/PieceInfo"}
REMOVED = [
    {"kind": "annotation_author", "key": "/T", "count": 2},
    {"kind": "info", "key": "/Author", "count": 1},
    {"kind": "info", "key": "/CreationDate", "count": 1},
    {"kind": "info", "key": "/Creator", "count": 1},
    {"kind": "info", "key": "/Keywords", "count": 1},
    {"kind": "info", "key": "/ModDate", "count": 1},
    {"kind": "info", "key": "/PTEX.Fullbanner", "count": 1},
    {"kind": "info", "key": "/Producer", "count": 1},
    {"kind": "info", "key": "/Subject", "count": 1},
    {"kind": "piece_info", "key": "/PieceInfo", "count": 2},
    {"kind": "ptex", "key": "/PTEX.FileName", "count": 1},
    {"kind": "ptex", "key": "/PTEX.InfoDict", "count": 1},
    {"kind": "ptex", "key": "/PTEX.PageNumber", "count": 1},
    {"kind": "xmp", "key": "/Metadata", "count": 4},
]


def _traces(path) -> list[str]:
    text = every_object_text(path)
    return [trace for trace in TRACES if trace in text]


def _leaky_keys(path) -> list[str]:
    return sorted(key for key in keys_anywhere(path) if key in IDENTIFYING_KEYS or key.startswith("/PTEX."))


@pytest.fixture
def leaky(tmp_path):
    return write_leaky_paper(tmp_path / "leaky.pdf")


def test_the_sample_leaks_everywhere_before(leaky):
    assert _traces(leaky) == list(TRACES)
    assert _leaky_keys(leaky) == [
        "/Author",
        "/Creator",
        "/Keywords",
        "/Metadata",
        "/PTEX.FileName",
        "/PTEX.Fullbanner",
        "/PTEX.InfoDict",
        "/PTEX.PageNumber",
        "/PieceInfo",
        "/Producer",
        "/Subject",
    ]


def test_anonymized_file_names_nobody_and_keeps_its_pages(leaky, tmp_path):
    before = inspect_pdf(leaky, limit=5).as_dict()

    result = anonymize_pdf(leaky, tmp_path / "out.pdf", authors=[Author(name=AUTHOR, email=EMAIL)])

    out = tmp_path / "out.pdf"
    assert result.as_dict() == {"removed": REMOVED, "names_in_text": []}
    assert _traces(out) == []
    assert _leaky_keys(out) == []
    with pikepdf.open(out) as pdf:
        assert {key: str(value) for key, value in pdf.docinfo.items()} == {"/Title": TITLE}
        annotations = [dict(annot.items()).keys() - {"/P", "/Parent", "/Popup"} for annot in pdf.pages[1].Annots]
    assert [sorted(keys) for keys in annotations] == [
        ["/Contents", "/Rect", "/Subtype", "/Type"],
        ["/Rect", "/Subtype", "/Type"],
    ]
    assert (
        inspect_pdf(out, limit=5).as_dict()
        == before
        == {
            "pages": 3,
            "main_pages": 2,
            "limit": 5,
            "within_limit": True,
            "references_start_page": 3,
            "appendix_start_page": None,
            "page_size": "A4",
            "uncounted_sections": [],
            "section_starts": {},
        }
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["leaky.pdf", "out.pdf"]  # no temporary file left


def test_anonymizing_twice_changes_nothing(leaky, tmp_path):
    anonymize_pdf(leaky, tmp_path / "once.pdf")
    again = anonymize_pdf(tmp_path / "once.pdf", tmp_path / "twice.pdf")

    assert again.as_dict() == {"removed": [], "names_in_text": []}
    assert (tmp_path / "twice.pdf").read_bytes() == (tmp_path / "once.pdf").read_bytes()


def test_form_field_names_stay(tmp_path, leaky):
    # A widget's /T is the field's name, not an author: removing it would break the form.
    with pikepdf.open(leaky) as pdf:
        widget = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, Rect=[0, 0, 10, 10], T=pikepdf.String("agree")
            )
        )
        pdf.pages[0].obj.Annots = pdf.make_indirect([widget])
        pdf.save(tmp_path / "form.pdf")

    anonymize_pdf(tmp_path / "form.pdf", tmp_path / "out.pdf")

    with pikepdf.open(tmp_path / "out.pdf") as pdf:
        assert [str(annot.T) for annot in pdf.pages[0].Annots] == ["agree"]


def test_names_in_the_text_are_reported_not_removed(tmp_path):
    path = write_leaky_paper(tmp_path / "named.pdf", author_in_text=True)

    result = anonymize_pdf(
        path, path, authors=[Author(name=AUTHOR, email=EMAIL), Author(name="Alan Turing"), Author(name="Ada Love")]
    )

    # Whole words only: "Ada Love" is not found in "Ada Lovelace".
    assert result.names_in_text == [AUTHOR, EMAIL]
    assert _leaky_keys(path) == []


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("Ada Lovelace <Ada@Analytical.example>", Author(name="Ada Lovelace", email="ada@analytical.example")),
        ("Ada Lovelace", Author(name="Ada Lovelace")),
        ("<ada@analytical.example>", Author(email="ada@analytical.example")),
    ],
)
def test_author_specs(spec, expected):
    assert Author.parse(spec) == expected


@pytest.mark.parametrize("spec", ["", "   ", "Ada <a@b> <c@d>", "Ada <>"])
def test_bad_author_specs_are_refused(spec):
    with pytest.raises(ValueError, match="not an author"):
        Author.parse(spec)


def test_refused_files_leave_no_output(tmp_path):
    source = pdf_samples.write_text(tmp_path / "notes.pdf")

    with pytest.raises(PdfRejected) as refusal:
        anonymize_pdf(source, tmp_path / "out.pdf")

    assert refusal.value.code == "not_pdf"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.pdf"]


# --- manage.py anonymize_pdf ---------------------------------------------------------------------------


def _command(*args):
    out, err = StringIO(), StringIO()
    call_command("anonymize_pdf", *args, stdout=out, stderr=err)
    return json.loads(out.getvalue()), err.getvalue()


def _refused(*args):
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("anonymize_pdf", *args, stdout=out, stderr=err)
    return exit_info.value.code, out.getvalue(), json.loads(err.getvalue())


def test_command_writes_out_and_prints_what_it_removed(tmp_path):
    path = write_leaky_paper(tmp_path / "named.pdf", author_in_text=True)
    out = tmp_path / "out.pdf"

    printed, err = _command(str(path), "--out", str(out), "--authors", f"{AUTHOR} <{EMAIL}>", "Alan Turing")

    assert printed == {"removed": REMOVED, "names_in_text": [AUTHOR, EMAIL]}
    assert err == ""
    assert _leaky_keys(out) == []
    assert inspect_pdf(out, limit=5).pages == 3


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda tmp: tmp / "missing.pdf", "not_found"),
        (lambda tmp: pdf_samples.write_empty(tmp / "empty.pdf"), "empty"),
        (lambda tmp: pdf_samples.write_png(tmp / "image.pdf"), "not_pdf"),
        (
            lambda tmp: pdf_samples.encrypt(write_leaky_paper(tmp / "plain.pdf"), tmp / "locked.pdf"),
            "encrypted",
        ),
    ],
)
def test_command_refuses_bad_files_with_json_and_writes_nothing(tmp_path, make, code):
    source = make(tmp_path)

    status, out, err = _refused(str(source), "--out", str(tmp_path / "out.pdf"))

    assert (status, out, err["error"]) == (2, "", code)
    assert not (tmp_path / "out.pdf").exists()


def test_command_refuses_a_bad_author_and_a_missing_folder(leaky, tmp_path):
    assert _refused(str(leaky), "--out", str(tmp_path / "out.pdf"), "--authors", "Ada <>")[2] == {
        "error": "bad_author",
        "message": "not an author: 'Ada <>' (expected \"Name <email>\")",
    }
    assert _refused(str(leaky), "--out", str(tmp_path / "nowhere" / "out.pdf"))[2]["error"] == "not_found"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["leaky.pdf"]


# --- Every upload, revision and stored file ----------------------------------------------------------------

API = "/api/v1/papers/"


def _upload(path, name="paper.pdf"):
    return SimpleUploadedFile(name, path.read_bytes(), content_type="application/pdf")


def _submit(client, path, authors):
    return client.post(
        API,
        {
            "edition": "sllm-2025",
            "track": "main",
            "title": TITLE,
            "abstract": "We prune.",
            "topics": json.dumps(["Sparsity in Attention"]),
            "authors": json.dumps(authors),
            "pdf": _upload(path),
        },
    )


def _stored_paths(settings):
    return sorted(settings.MEDIA_ROOT.rglob("*.pdf"))


@pytest.mark.django_db
def test_api_upload_stores_an_anonymized_file(client_for, author, main_track, settings, tmp_path):
    leaky = write_leaky_paper(tmp_path / "leaky.pdf")

    response = _submit(client_for(author), leaky, [{"name": AUTHOR, "email": EMAIL}])

    assert response.status_code == 201
    [stored] = _stored_paths(settings)
    assert (_traces(stored), _leaky_keys(stored)) == ([], [])
    assert PaperFile.objects.get().names_in_text == []


@pytest.mark.django_db
def test_revision_is_anonymized_and_names_in_its_text_flagged(client_for, author, main_track, settings, tmp_path):
    client = client_for(author)
    paper_id = _submit(client, pdf_samples.simple_paper(tmp_path / "plain.pdf"), [{"name": AUTHOR, "email": EMAIL}])
    paper_id = paper_id.json()["id"]
    named = write_leaky_paper(tmp_path / "named.pdf", author_in_text=True)

    response = client.patch(
        f"{API}{paper_id}/", encode_multipart(BOUNDARY, {"pdf": _upload(named)}), content_type=MULTIPART_CONTENT
    )

    assert response.status_code == 200
    stored = PaperFile.objects.get().file.path
    assert _leaky_keys(stored) == []
    assert list(PaperFile.objects.values_list("names_in_text", flat=True)) == [[AUTHOR, EMAIL]]


@pytest.mark.django_db
def test_organizer_dashboard_flags_names_in_text(client_for, organizer, main_track, tmp_path):
    paper = factories.PaperFactory(track=main_track, number=3, title="Named paper")
    factories.PaperFactory(track=main_track, number=4, title="Blind paper")
    for number, names in ((3, [AUTHOR]), (4, [])):
        stored = PaperFile(
            paper=Paper.objects.get(number=number),
            kind="submission",
            sha256="0" * 64,
            size=1,
            pages=3,
            main_pages=2,
            page_limit=5,
            page_size="A4",
            names_in_text=names,
        )
        stored.file.save("x.pdf", ContentFile(b"%PDF-1.7"), save=True)

    page = client_for(organizer).get("/organize/sllm-2025/").content.decode()

    assert page.count("names the authors:") == 1
    assert f'<strong class="warn">names the authors: {AUTHOR}</strong>' in page
    assert paper.files.get().names_in_text == [AUTHOR]


def _store_raw(paper, path):
    """A submission stored as it was before this anonymizer existed: bytes as uploaded."""
    stored = PaperFile(
        paper=paper, kind="submission", sha256="0" * 64, size=1, pages=3, main_pages=2, page_limit=5, page_size="A4"
    )
    stored.file.save("old.pdf", ContentFile(path.read_bytes()), save=True)
    return stored


@pytest.mark.django_db
def test_one_off_pass_reanonymizes_stored_files_once(
    main_track, settings, tmp_path, django_capture_on_commit_callbacks
):
    paper = factories.PaperFactory(track=main_track, number=1)
    factories.AuthorshipFactory(paper=paper, position=1, name=AUTHOR, email=EMAIL)
    old = _store_raw(paper, write_leaky_paper(tmp_path / "leaky.pdf", author_in_text=True))
    old_path = old.file.path

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("anonymize_stored_pdfs", "--workshop", "sllm-2025", stdout=out)

    assert json.loads(out.getvalue()) == {"files": 1, "rewritten": 1, "names_in_text": 1}
    [stored] = _stored_paths(settings)
    assert str(stored) != old_path  # a new random name; the old file is gone
    assert _leaky_keys(stored) == []
    fresh = PaperFile.objects.get()
    assert (fresh.sha256, fresh.size, fresh.names_in_text) == (
        hashlib.sha256(stored.read_bytes()).hexdigest(),
        stored.stat().st_size,
        [AUTHOR, EMAIL],
    )

    again = StringIO()
    call_command("anonymize_stored_pdfs", stdout=again)
    assert json.loads(again.getvalue()) == {"files": 1, "rewritten": 0, "names_in_text": 1}
    assert _stored_paths(settings) == [stored]


@pytest.mark.django_db
def test_one_off_pass_refuses_an_unknown_edition(main_track):
    err = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("anonymize_stored_pdfs", "--workshop", "nope", stderr=err)
    assert exit_info.value.code == 1
    assert PaperFile.objects.count() == 0
