import pytest

from sllm.mentoring import services
from tests import factories

ATTENTION, PRUNING = "Sparsity in Attention", "Parameter Sparsity/Pruning"


def sign_up_mentor(
    edition,
    email,
    *,
    capacity=2,
    institution="ETH Zurich",
    tz=1,
    topics=(PRUNING,),
    interests="pruning large language models",
    full_name=None,
    advisors=(),
):
    user = factories.UserFactory(email=email, full_name=full_name or email.split("@")[0].title())
    return services.mentor_apply(
        edition=edition,
        user=user,
        career_stage="faculty",
        topics=list(topics),
        interests=interests,
        institution=institution,
        tz_offset=tz,
        capacity=capacity,
        advisors=list(advisors),
    )


def sign_up_mentee(
    edition,
    email,
    *,
    self_identified=False,
    institution="University of Lagos",
    tz=1,
    topics=(PRUNING,),
    interests="pruning",
    full_name=None,
    advisors=(),
):
    user = factories.UserFactory(email=email, full_name=full_name or email.split("@")[0].title())
    return services.mentee_apply(
        edition=edition,
        user=user,
        career_stage="phd",
        topics=list(topics),
        interests=interests,
        institution=institution,
        tz_offset=tz,
        self_identified=self_identified,
        advisors=list(advisors),
    )


@pytest.fixture
def chair(edition):
    user = factories.UserFactory(email="chair@example.org", full_name="Chair")
    factories.grant(user, edition, "organizer")
    factories.grant(user, edition, "mentoring")
    return user


@pytest.fixture
def signups(edition):
    """Two mentors (one seat each) and three mentees; Kim self-identified."""
    return {
        "turing": sign_up_mentor(
            edition,
            "turing@example.org",
            capacity=1,
            full_name="Alan Turing",
            institution="Manchester",
            tz=0,
        ),
        "mensah": sign_up_mentor(
            edition,
            "mensah@example.org",
            capacity=1,
            full_name="Sofia Mensah",
            institution="Vector",
            tz=-5,
            topics=(ATTENTION,),
            interests="sparse attention",
        ),
        "johnson": sign_up_mentee(
            edition,
            "johnson@example.org",
            full_name="Katherine Johnson",
            tz=-5,
            topics=(ATTENTION,),
            interests="sparse attention kernels",
        ),
        "kim": sign_up_mentee(edition, "kim@example.org", full_name="Mina Kim", self_identified=True, tz=2),
        "osei": sign_up_mentee(edition, "osei@example.org", full_name="Ben Osei", tz=0),
    }
