from pathlib import Path

import bibtexparser
from hypothesis import given, settings
from hypothesis import strategies as st

from sllm.proceedings.volume import Author, PaperEntry, author_index, bibtex_entry, parts, place_papers
from sllm.submissions.bibtex import bibtex_write, latex_escape

entries = st.lists(
    st.tuples(st.sampled_from(["main", "tiny"]), st.integers(min_value=1, max_value=30)),
    min_size=1,
    max_size=40,
).map(
    lambda specs: [
        PaperEntry(number, kind, kind.title(), f"Paper {number}", (Author(f"Author {number}"),), Path("/x"), pages)
        for number, (kind, pages) in enumerate(specs, start=1)
    ]
)


@given(entries)
def test_pages_are_contiguous_and_main_comes_before_tiny(papers):
    placed = place_papers(papers)
    assert placed[0].first_page == 1
    assert [b.first_page for b in placed[1:]] == [a.last_page + 1 for a in placed[:-1]]
    assert [p.last_page - p.first_page + 1 for p in placed] == [p.entry.pages for p in placed]
    kinds = [p.entry.track_kind for p in placed]
    assert kinds == sorted(kinds, key=["main", "tiny"].index)
    assert [part.track_kind for part in parts(placed)] == sorted(set(kinds), key=["main", "tiny"].index)


# No deadline: bibtexparser's first parse of an example can take longer than hypothesis allows on a busy machine.
@settings(deadline=None)
@given(st.text(min_size=1, max_size=80).filter(lambda t: t.strip() and t.isprintable()))
def test_escaped_titles_survive_bibtex_parsing(title):
    placed = place_papers([PaperEntry(1, "main", "Main", title, (Author("Ada Lovelace"),), Path("/x"), 3)])
    entry = bibtex_entry(placed[0], slug="sllm-2025", booktitle="Proc", year=2026, editors=[], venue="", url="")
    parsed = bibtexparser.loads(bibtex_write([entry]))
    assert [(e["ID"], e["pages"], e["title"]) for e in parsed.entries] == [
        ("sllm2025-1", "1--3", latex_escape(" ".join(title.split())))
    ]


def test_author_index_sorts_by_family_name_and_lists_first_pages():
    papers = [
        PaperEntry(1, "main", "Main", "A", (Author("Émile Zola"), Author("Ada Lovelace")), Path("/x"), 4),
        PaperEntry(2, "tiny", "Tiny", "B", (Author("Ada Lovelace"),), Path("/x"), 2),
    ]
    index = author_index(place_papers(papers))
    assert [(e.display, [p.first_page for p in e.papers]) for e in index] == [
        ("Lovelace, Ada", [1, 5]),
        ("Zola, Émile", [1]),
    ]


def test_author_index_groups_under_the_unaccented_initial_of_the_family_name():
    papers = [
        PaperEntry(1, "main", "Main", "A", (Author("Ada Élan"), Author("Alan Turing"), Author("Cher")), Path("/x"), 4)
    ]
    assert [(e.initial, e.display) for e in author_index(place_papers(papers))] == [
        ("C", "Cher"),
        ("E", "Élan, Ada"),
        ("T", "Turing, Alan"),
    ]
