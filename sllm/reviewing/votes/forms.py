import re

from django import forms

RANK_FIELD = re.compile(r"^rank_(.+)$")


class OpenVoteForm(forms.Form):
    reason = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when opening before every active paper has its reviews; it is logged.",
    )
    deadline = forms.DateTimeField(
        required=False,
        label="Closes at (UTC)",
        help_text="Leave empty for one week from now.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class DecideForm(forms.Form):
    papers = forms.TypedMultipleChoiceField(
        coerce=int,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        label="Chosen papers",
    )
    reason = forms.CharField(
        max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), help_text="Logged with the decision."
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["papers"].choices = [(p.number, f"#{p.number} {p.title}") for p in candidates]


class CommitteeForm(forms.Form):
    email = forms.EmailField(label="Email of a committee member")


class BallotForm(forms.Form):
    """One rank number per paper: the same number is a tie, empty leaves the paper unranked.

    This works without JavaScript and from the keyboard; the drag-and-drop board only fills these in.
    Every submitted rank_<number> counts, also for papers not on the ballot, so that the service
    refuses such a ballot with a clear message instead of silently dropping a paper.
    """

    def __init__(self, *args, papers, **kwargs):
        super().__init__(*args, **kwargs)
        self.papers = papers
        for paper in papers:
            self.fields[f"rank_{paper.number}"] = forms.IntegerField(
                required=False,
                min_value=1,
                max_value=len(papers),
                label=f"Rank of paper #{paper.number}",
                widget=forms.NumberInput(attrs={"class": "rank-input", "data-paper": paper.number}),
            )

    def clean(self):
        cleaned = super().clean()
        extra = {}
        for key in self.data:
            match = RANK_FIELD.match(key)
            if not match or key in self.fields or not self.data.get(key, "").strip():
                continue
            try:
                extra[int(match.group(1))] = int(self.data[key])
            except ValueError as exc:
                raise forms.ValidationError(f"{key} is not a paper's rank.") from exc
        self.extra_ranks = extra
        return cleaned

    def ranking(self) -> list[list[int]]:
        """Tiers of paper numbers, best first, from the rank numbers (gaps in the numbers don't matter)."""
        ranks = {paper.number: self.cleaned_data.get(f"rank_{paper.number}") for paper in self.papers}
        ranks.update(self.extra_ranks)
        by_rank: dict[int, list[int]] = {}
        for number, rank in ranks.items():
            if rank is not None:
                by_rank.setdefault(rank, []).append(number)
        return [sorted(by_rank[rank]) for rank in sorted(by_rank)]


def rank_initial(ranking: list[list[int]]) -> dict:
    return {f"rank_{number}": position for position, tier in enumerate(ranking, start=1) for number in tier}
