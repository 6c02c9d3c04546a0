"""The paper formats a page may have, and the slack allowed when measuring one: the upload check names
a PDF's format with it and the proceedings refuse a camera-ready page of another format with it."""

# Points of slack: PDF producers round page boxes differently (A4 is 595.28 x 841.89 pt).
SIZE_TOLERANCE = 3.0
PAPER_FORMATS = {"A4": (595.3, 841.9), "Letter": (612.0, 792.0)}


def paper_format(width: float, height: float) -> str | None:
    """The name of the format of a page of that displayed size, in points; None for any other size."""
    for name, (w, h) in PAPER_FORMATS.items():
        if abs(width - w) <= SIZE_TOLERANCE and abs(height - h) <= SIZE_TOLERANCE:
            return name
    return None
