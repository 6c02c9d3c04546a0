import bibtexparser

from sllm.submissions.bibtex import bibtex_entry, bibtex_write


def test_entry_escapes_every_text_field_and_leaves_out_empty_ones():
    entry = bibtex_entry(
        slug="SLLM-2025",
        number=7,
        title="  50% sparsity &\n {more}",
        authors=["Ada {Lovelace}", "Émile Zola"],
        booktitle="Sparsity & LLMs",
        year=2026,
        note="Main track",
    )
    assert entry == {
        "ENTRYTYPE": "inproceedings",
        "ID": "sllm2025-7",
        "title": r"50\% sparsity \& \textbraceleft{}more\textbraceright{}",
        "author": r"Ada \textbraceleft{}Lovelace\textbraceright{} and Émile Zola",
        "booktitle": r"Sparsity \& LLMs",
        "year": "2026",
        "note": "Main track",
    }


def test_a_lone_brace_still_parses_and_fields_keep_their_order():
    entry = bibtex_entry(slug="s", number=1, title="Half a {brace", authors=["A"], booktitle="B", year=2026, pages="3")
    text = bibtex_write([entry])
    assert text.splitlines()[1:4] == [
        r"  title = {Half a \textbraceleft{}brace},",
        "  author = {A},",
        "  booktitle = {B},",
    ]
    parsed = bibtexparser.loads(text).entries
    assert [(e["ID"], e["title"], e["pages"]) for e in parsed] == [("s-1", r"Half a \textbraceleft{}brace", "3")]
