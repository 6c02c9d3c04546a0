"""The sections that may follow the body before the references, and references printed without a heading.

Which of the closing sections count towards the page limit is the track's choice (`Track.uncounted_sections`);
this module only names them and finds them. Pure functions over text.
"""

import re

ACKNOWLEDGEMENTS = "acknowledgements"
LIMITATIONS = "limitations"
ETHICS = "ethics"
REPRODUCIBILITY = "reproducibility"
IMPACT = "impact"
# In the order a call for papers lists them.
CLOSING_SECTIONS = (ACKNOWLEDGEMENTS, LIMITATIONS, ETHICS, REPRODUCIBILITY, IMPACT)
CLOSING_SECTION_LABELS = {
    ACKNOWLEDGEMENTS: "Acknowledgements",
    LIMITATIONS: "Limitations",
    ETHICS: "Ethics statement",
    REPRODUCIBILITY: "Reproducibility statement",
    IMPACT: "Impact statement",
}

# Whole heading texts, lower case with spaces squeezed out (small caps split words: "A CKNOWLEDGMENTS").
_CLOSING_PHRASES = {
    ACKNOWLEDGEMENTS: ("acknowledgements", "acknowledgments", "acknowledgement", "acknowledgment"),
    LIMITATIONS: ("limitations", "limitation", "limitationsandfuturework", "limitationsandrisks"),
    ETHICS: (
        "ethicsstatement",
        "ethicalstatement",
        "ethicalconsiderations",
        "ethicsconsiderations",
        "ethics",
        "ethicalimpact",
    ),
    REPRODUCIBILITY: ("reproducibilitystatement", "reproducibility"),
    IMPACT: (
        "impactstatement",
        "broaderimpact",
        "broaderimpacts",
        "broaderimpactstatement",
        "societalimpact",
        "societalimpacts",
    ),
}
_KIND_BY_PHRASE = {phrase: kind for kind, phrases in _CLOSING_PHRASES.items() for phrase in phrases}

# The first entries of a reference list: "[1] A. Author ..." or "1. A. Author ..." at the start of a line.
_BRACKETED_ENTRY = re.compile(r"^\[(\d{1,3})\]\s*\S")
_DOTTED_ENTRY = re.compile(r"^(\d{1,3})\.\s+[^\W\d_]")
# Entries 1, 2 and 3 in a row make a list; one wrapped "[1]" citation at a line start does not.
LIST_MIN_ENTRIES = 3
# Between two entries an entry wraps over a few lines at most.
_LINES_PER_ENTRY = 6


def closing_kind(compact: str) -> str | None:
    """The closing section a compacted heading text names ("broaderimpact" -> IMPACT), or None."""
    return _KIND_BY_PHRASE.get(compact)


def validate_uncounted(kinds) -> frozenset[str]:
    """The closing sections a track leaves out of the count; ValueError names an unknown one."""
    unknown = sorted(set(kinds) - set(CLOSING_SECTIONS))
    if unknown:
        raise ValueError(f"unknown section kind(s): {', '.join(unknown)}; known: {', '.join(CLOSING_SECTIONS)}")
    return frozenset(kinds)


def reference_list_start(texts: list[str], smaller: list[bool]) -> int | None:
    """Index of the first entry of a numbered reference list in `texts` (lines in reading order), or None.

    The list numbers its entries 1, 2, 3..., each within a few lines of the previous one. "[1]" entries are
    a reference list wherever they are. "1." is also how the body enumerates, so such a list counts only
    when set smaller than the body text (`smaller`, per line), or when it runs to the end of the text: an
    enumeration in the body, even in its last section, has text after it.
    """
    for pattern in (_BRACKETED_ENTRY, _DOTTED_ENTRY):
        for index, text in enumerate(texts):
            match = pattern.match(text)
            if match is None or match.group(1) != "1":
                continue
            entries, last = _run(texts, index, pattern)
            if entries < LIST_MIN_ENTRIES:
                continue
            closing = len(texts) - 1 - last <= _LINES_PER_ENTRY
            if pattern is _BRACKETED_ENTRY or closing or all(smaller[index : last + 1]):
                return index
    return None


def _run(texts: list[str], start: int, pattern: re.Pattern) -> tuple[int, int]:
    """How many entries follow each other from `start`, and the index of the last one."""
    expected, last = 2, start
    for index in range(start + 1, len(texts)):
        if index - last > _LINES_PER_ENTRY:
            break
        match = pattern.match(texts[index])
        if match is None:
            continue
        if int(match.group(1)) != expected:
            break
        expected, last = expected + 1, index
    return expected - 1, last
