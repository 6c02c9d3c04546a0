"""Server-side documents of the mentoring program: the affinity plot (SVG) and the table cards (PDF)."""

import io

from django.template.loader import render_to_string


def affinity_histogram_svg(affinities: list[float]) -> bytes:
    """A histogram of the matched pairs' affinities, drawn without pyplot so it is safe in any thread."""
    from matplotlib import rc_context  # slow to import; only the matching page draws it
    from matplotlib.figure import Figure  # slow to import; only the matching page draws it

    figure = Figure(figsize=(6, 2.6))
    axes = figure.add_subplot()
    bins = [i / 10 for i in range(11)]
    if affinities:
        bins = [min(bins[0], min(affinities))] + bins[1:-1] + [max(bins[-1], max(affinities))]
    axes.hist(affinities, bins=bins, color="#2f6f8f", edgecolor="white")
    axes.set_xlabel("affinity of a matched pair")
    axes.set_ylabel("pairs")
    axes.spines[["top", "right"]].set_visible(False)
    axes.yaxis.get_major_locator().set_params(integer=True)
    figure.tight_layout()
    out = io.BytesIO()
    # A fixed hash salt and no date keep the same plot byte-identical across requests (cacheable).
    with rc_context({"svg.hashsalt": "sllm-mentoring"}):
        figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def table_cards_pdf(*, edition, times, tables) -> bytes:
    """One card per lunch table (A5 landscape), to print and put on the tables."""
    import weasyprint  # slow to import; only the table cards need it

    html = render_to_string("mentoring/table_cards.html", {"edition": edition, "times": times, "tables": tables})
    return weasyprint.HTML(string=html).write_pdf()
