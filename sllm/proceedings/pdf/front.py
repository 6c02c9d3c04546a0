"""The front matter: HTML laid out by WeasyPrint (imported lazily: it is slow to import, and only builds on
the `pdf` queue need it; a worker imports it once and reuses it for every build)."""

import logging
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FrontMatter:
    data: bytes
    pages: int
    anchors: dict[str, int]  # the 0-based page of each element id, for the bookmarks


def render_html(html: str, *, stylesheet: Path, base_url: str, page_size: str) -> FrontMatter:
    # WeasyPrint reports every layout step at INFO (its own stylesheets on import, too); a build's own
    # progress says enough.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    import weasyprint  # slow import, needed only by builds on the pdf queue

    stylesheets = [weasyprint.CSS(filename=str(stylesheet)), weasyprint.CSS(string=f"@page {{ size: {page_size} }}")]
    document = weasyprint.HTML(string=html, base_url=base_url).render(stylesheets=stylesheets)
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, index)
    return FrontMatter(document.write_pdf(), len(document.pages), anchors)
