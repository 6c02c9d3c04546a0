"""Ranks replacement reviewers for a paper by load and topical affinity. Pure: no Django.

Affinity is the cosine similarity of TF-IDF vectors (scikit-learn): the paper's title, abstract and
topics against each candidate's assigned papers and topics. The score trades affinity against load,
so a free reviewer with a close match comes first. Conflicted, already-assigned and authoring
candidates are never proposed.

CLI: `python -m sllm.reviewing.ranking INSTANCE.json` prints the ranking as JSON, where INSTANCE is
{"paper": "text", "candidates": [{"key", "name", "load", "texts", "excluded"}], "limit": 10}.
"""

import json
import sys
from dataclasses import asdict, dataclass, field

LOAD_WEIGHT = 0.5


@dataclass(frozen=True)
class Candidate:
    key: str
    name: str
    load: int
    texts: tuple[str, ...] = field(default_factory=tuple)
    # Why the candidate may not review this paper ("conflict", "assigned", "author"); "" when they may.
    excluded: str = ""


@dataclass(frozen=True)
class Ranked:
    key: str
    name: str
    load: int
    affinity: float
    score: float


def rank_replacements(
    *, paper_text: str, candidates: list[Candidate], limit: int = 10, load_weight: float = LOAD_WEIGHT
) -> list[Ranked]:
    eligible = [c for c in candidates if not c.excluded]
    if not eligible or limit <= 0:
        return []
    documents = [paper_text] + [" ".join(c.texts) for c in eligible]
    # scikit-learn (with numpy and scipy, ~0.8 s and ~80 MiB) loads only when a ranking is asked for.
    from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: PLC0415 -- see above
    from sklearn.metrics.pairwise import linear_kernel  # noqa: PLC0415 -- see above

    try:
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(documents)
        affinities = linear_kernel(matrix[0:1], matrix[1:]).ravel().tolist()
    except ValueError:
        # Nothing but stop words (or no text at all): no topical signal, load alone decides.
        affinities = [0.0] * len(eligible)
    max_load = max(1, max(c.load for c in eligible))
    ranked = [
        Ranked(
            key=c.key,
            name=c.name,
            load=c.load,
            affinity=round(a, 6),
            score=round(a - load_weight * c.load / max_load, 6),
        )
        for c, a in zip(eligible, affinities, strict=True)
    ]
    ranked.sort(key=lambda r: (-r.score, r.load, r.key))
    return ranked[:limit]


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 1:
        sys.stderr.write(
            json.dumps({"error": "usage", "message": "python -m sllm.reviewing.ranking INSTANCE.json"}) + "\n"
        )
        return 2
    try:
        with open(args[0]) as handle:
            instance = json.load(handle)
        candidates = [
            Candidate(
                key=str(c["key"]),
                name=str(c.get("name", c["key"])),
                load=int(c.get("load", 0)),
                texts=tuple(c.get("texts", [])),
                excluded=str(c.get("excluded", "")),
            )
            for c in instance["candidates"]
        ]
        ranked = rank_replacements(
            paper_text=str(instance["paper"]), candidates=candidates, limit=int(instance.get("limit", 10))
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        sys.stderr.write(json.dumps({"error": "invalid_instance", "message": str(exc)}) + "\n")
        return 1
    sys.stdout.write(json.dumps([asdict(r) for r in ranked], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
