from sllm.grants.models import GrantApplication, GrantScore, Sponsor


def make_application(
    edition,
    user,
    *,
    stage="phd",
    travel=800,
    lodging=300,
    registration=100,
    self_identifies=False,
    scores=(),
):
    application = GrantApplication.objects.create(
        edition=edition,
        applicant=user,
        career_stage=stage,
        travel_cost=travel,
        lodging_cost=lodging,
        registration_cost=registration,
        statement="Attending lets me present my pruning work.",
        self_identifies=self_identifies,
    )
    for scorer, score in scores:
        GrantScore.objects.create(application=application, scorer=scorer, score=score)
    return application


def make_sponsor(edition, name="Sparse Compute Inc.", amount=3000):
    return Sponsor.objects.create(edition=edition, name=name, amount=amount)
