"""Reads of papers, each already joined for the page that shows it (no N+1)."""

from django.db.models import Count, Prefetch, Q, QuerySet

from sllm.accounts.models import Role, User

from .models import Authorship, Paper, PaperFile


def _with_relations(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("track", "edition").prefetch_related(
        Prefetch("authorships", queryset=Authorship.objects.order_by("position")),
    )


def paper_filter_public(*, edition=None, track_kind: str | None = None, query: str = "", topic: str = "") -> QuerySet:
    """The accepted papers of the public editions (of `edition` alone where given) that the track kind, the
    search (in the title, the abstract or an author's name) and the topic keep: one row a paper, unordered,
    nothing prefetched. The one definition of what the public may list, for every list built on it."""
    papers = Paper.objects.filter(status=Paper.Status.ACCEPTED)
    if edition is None:
        papers = papers.filter(edition__is_public=True)
    elif edition.is_public:
        papers = papers.filter(edition=edition)  # no join to the edition for what its row already says
    else:
        return papers.none()
    if track_kind:
        papers = papers.filter(track__kind=track_kind)
    if query:
        # A subquery, not a join: a paper with two matching authors is still one row, with no DISTINCT.
        by_author = Authorship.objects.filter(name__icontains=query).values("paper_id")
        papers = papers.filter(Q(title__icontains=query) | Q(abstract__icontains=query) | Q(pk__in=by_author))
    if topic:
        papers = papers.filter(topics__includes=topic)
    return papers


def paper_list_public(*, edition=None, track_kind: str | None = None, query: str = "", topic: str = ""):
    filtered = paper_filter_public(edition=edition, track_kind=track_kind, query=query, topic=topic)
    return _with_relations(filtered).order_by("track__kind", "number")


def paper_list_for_user(*, user: User, edition=None) -> QuerySet:
    """What the API lists for this user: organizers all of their editions, authors their own too."""
    if not user.is_authenticated:
        return paper_list_public(edition=edition)
    organized = Role.objects.filter(user=user, kind=Role.Kind.ORGANIZER).values("edition")
    visible = Q(status=Paper.Status.ACCEPTED, edition__is_public=True) | Q(edition__in=organized)
    visible |= Q(authorships__user=user) | Q(submitted_by=user)
    papers = Paper.objects.filter(visible)
    if edition is not None:
        papers = papers.filter(edition=edition)
    return _with_relations(papers.distinct()).order_by("edition", "number")


def paper_list_for_author(*, user: User, edition=None) -> QuerySet:
    papers = Paper.objects.filter(Q(authorships__user=user) | Q(submitted_by=user)).distinct()
    if edition is not None:
        papers = papers.filter(edition=edition)
    return _with_relations(papers).prefetch_related("files").order_by("edition", "number")


ELSEWHERE_FILTERS = {"any": "Under review or published elsewhere", **dict(Paper.Elsewhere.choices[1:])}


def paper_list_for_organizers(*, edition, elsewhere: str = "") -> QuerySet:
    """Every paper of the edition; `elsewhere` keeps those declared under review or published elsewhere
    ("any"), or only one of the two."""
    papers = Paper.objects.filter(edition=edition)
    if elsewhere == "any":
        papers = papers.exclude(elsewhere="")
    elif elsewhere in ELSEWHERE_FILTERS:
        papers = papers.filter(elsewhere=elsewhere)
    return (
        _with_relations(papers)
        .prefetch_related(Prefetch("files", queryset=PaperFile.objects.filter(kind=PaperFile.Kind.SUBMISSION)))
        .order_by("track__kind", "number")
    )


def paper_is_author(*, paper: Paper, user: User) -> bool:
    if not user.is_authenticated:
        return False
    return paper.submitted_by_id == user.pk or paper.authorships.filter(user=user).exists()


def paper_file(*, paper: Paper, kind: str) -> PaperFile | None:
    return PaperFile.objects.filter(paper=paper, kind=kind).first()


def submission_counts(*, edition) -> list[dict]:
    """Per track: papers by status and how many are over the page limit."""

    rows = (
        Paper.objects.filter(edition=edition)
        .values("track__name", "track__kind", "status")
        .annotate(n=Count("id"))
        .order_by("track__kind", "status")
    )
    over = dict(
        Paper.objects.filter(edition=edition, over_page_limit=True).values_list("track__kind").annotate(n=Count("id"))
    )
    tracks: dict[str, dict] = {}
    for row in rows:
        track = tracks.setdefault(
            row["track__kind"],
            {
                "kind": row["track__kind"],
                "name": row["track__name"],
                "total": 0,
                "by_status": {},
                "over_limit": over.get(row["track__kind"], 0),
            },
        )
        track["by_status"][row["status"]] = row["n"]
        track["total"] += row["n"]
    return list(tracks.values())


def accepted_papers_missing_file(*, edition, kind: str, presentation: str | None = None) -> QuerySet:
    """Accepted papers (of one presentation type, if given) that have no file of this kind yet, with authors."""
    papers = Paper.objects.filter(edition=edition, status=Paper.Status.ACCEPTED).exclude(files__kind=kind)
    if presentation is not None:
        papers = papers.filter(presentation=presentation)
    return _with_relations(papers).order_by("number")


def dashboard_section(edition, query) -> dict:
    """The organizers' dashboard block: submissions per track and every paper's page check, filtered by
    the dual-submission declaration when the dashboard asks (?elsewhere=...)."""
    elsewhere = query.get("elsewhere", "")
    elsewhere = elsewhere if elsewhere in ELSEWHERE_FILTERS else ""
    return {
        "counts": submission_counts(edition=edition),
        "papers": paper_list_for_organizers(edition=edition, elsewhere=elsewhere),
        "elsewhere": elsewhere,
        "elsewhere_filters": ELSEWHERE_FILTERS,
    }
