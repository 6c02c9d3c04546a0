"""Links between the pages of a long public list: previous, next and a window of page numbers."""

WINDOW = 2  # page numbers shown on each side of the current one, besides the first and the last


def page_links(*, page: int, pages: int, url_for, query: str = "") -> dict:
    """{"page", "pages", "previous", "next", "numbers": [(number or None for a gap, url)]}; url_for(n)
    gives page n's path, and the query string (filters, time zone) is kept on every link."""
    suffix = f"?{query}" if query else ""

    def url(n: int) -> str:
        return url_for(n) + suffix

    shown = sorted({1, pages, *range(max(1, page - WINDOW), min(pages, page + WINDOW) + 1)})
    numbers, previous = [], 0
    for n in shown:
        if n > previous + 1:
            numbers.append((None, ""))
        numbers.append((n, url(n)))
        previous = n
    return {
        "page": page,
        "pages": pages,
        "previous": url(page - 1) if page > 1 else "",
        "next": url(page + 1) if page < pages else "",
        "numbers": numbers,
    }
