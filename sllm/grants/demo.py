"""Demo travel grants: one sponsor, ten applications, scores, and a decided allocation."""

from sllm.accounts.demo import demo_user
from sllm.accounts.models import User

from .models import GrantApplication
from .selectors import allocation_latest
from .services import (
    grant_allocation_apply,
    grant_allocation_propose,
    grant_application_submit,
    grant_program_update,
    grant_score_set,
    sponsor_add,
)

# (email, name, stage, travel, lodging, registration, self-identifies, score)
APPLICANTS = [
    ("mentee@sllm.example.org", "Katherine Johnson", "phd", 1400, 500, 150, True, 5),
    ("grant1@sllm.example.org", "Amara Okafor", "masters", 1800, 600, 150, True, 4),
    ("grant2@sllm.example.org", "Diego Alvarez", "phd", 900, 450, 150, False, 4),
    ("grant3@sllm.example.org", "Mei Lin", "undergraduate", 1200, 400, 100, False, 3),
    ("grant4@sllm.example.org", "Tomasz Nowak", "postdoc", 700, 400, 150, False, 5),
    ("grant5@sllm.example.org", "Fatima Zahra", "phd", 1600, 500, 150, True, 3),
    ("grant6@sllm.example.org", "Kenji Sato", "industry", 500, 300, 300, False, 2),
    ("grant7@sllm.example.org", "Priya Raman", "faculty", 1500, 600, 300, True, 4),
    ("grant8@sllm.example.org", "Jonas Berg", "masters", 1100, 450, 150, False, 2),
    ("grant9@sllm.example.org", "Nia Mensah", "phd", 2000, 700, 150, False, 3),
]


def load(*, edition, stdout) -> None:
    if GrantApplication.objects.filter(edition=edition).exists():
        stdout.write("  travel grants already there")
        return
    grant_program_update(edition=edition, is_open=True, allow_partial=True, min_partial_percent=50, currency="USD")
    sponsor_add(edition=edition, name="Sparse Compute Inc.", amount=12000, url="https://sparse-compute.example.com")
    chair = User.objects.get(email="organizer@sllm.example.org")
    for email, name, stage, travel, lodging, registration, identifies, score in APPLICANTS:
        user = demo_user(email, name)
        application = grant_application_submit(
            edition=edition,
            applicant=user,
            career_stage=stage,
            travel_cost=travel,
            lodging_cost=lodging,
            registration_cost=registration,
            self_identifies=identifies,
            statement=f"{name} would present a poster on sparse fine-tuning and meet the community.",
        )
        grant_score_set(application=application, scorer=chair, score=score)
    grant_allocation_propose(edition=edition, created_by=chair)
    grant_allocation_apply(allocation=allocation_latest(edition=edition))
    grant_program_update(edition=edition, is_open=False, allow_partial=True, min_partial_percent=50, currency="USD")
    stdout.write("  travel grants: a sponsor, ten applications, an allocation and its decisions")
