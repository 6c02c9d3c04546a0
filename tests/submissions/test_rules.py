"""The rules other apps share with submissions: paper formats, file digests, title and author checks."""

import hashlib

from sllm.proceedings.models import VolumeSettings
from sllm.submissions.files import file_sha256
from sllm.submissions.formats import PAPER_FORMATS, paper_format
from sllm.submissions.services import paper_authors_error, paper_title_error


def test_formats_are_named_within_three_points_and_volumes_print_only_on_them():
    sizes = [(595.3, 841.9), (597.0, 844.5), (612.0, 792.0), (609.1, 794.9), (591.0, 841.9), (612.0, 1008.0)]
    assert [paper_format(w, h) for w, h in sizes] == ["A4", "A4", "Letter", "Letter", None, None]
    assert set(VolumeSettings.PageSize.values) == set(PAPER_FORMATS)


def test_file_sha256_reads_a_file_larger_than_one_block(tmp_path):
    path = tmp_path / "big.bin"
    data = bytes(range(256)) * 9000
    path.write_bytes(data)
    assert file_sha256(path) == hashlib.sha256(data).hexdigest()


def test_title_errors():
    titles = ["Sparse LLMs", "  ", "x" * 300, "x" * 301]
    assert [paper_title_error(title=t) for t in titles] == [
        None,
        "A title is required.",
        None,
        "The title is longer than 300 characters.",
    ]


def test_author_errors():
    lists = [
        [{"name": "Ada Lovelace", "institution": "Oxford"}],
        [],
        [{"name": f"A{i}"} for i in range(51)],
        [{"name": " "}],
        [{"name": "x" * 201}],
        [{"name": "Ada", "institution": "x" * 201}],
        [{"name": "Ada", "institution": None}],
    ]
    names = "Every author needs a name; names and institutions have at most 200 characters."
    assert [paper_authors_error(authors=a) for a in lists] == [
        None,
        "At least one author is required.",
        "At most 50 authors.",
        names,
        names,
        names,
        None,
    ]
