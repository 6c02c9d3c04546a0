"""Plain factories for the foundation's models; apps add theirs in tests/<app>/factories.py."""

import datetime as dt

import factory
from django.utils import timezone

from sllm.accounts.models import Role, User
from sllm.submissions.models import Authorship, Paper
from sllm.workshops.models import Edition, Track
from sllm.workshops.topics import TOPICS

PASSWORD = "correct horse battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.django.Password(PASSWORD)


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"sllm-{2025 + n}")
    name = factory.Sequence(lambda n: f"Workshop on Sparsity in LLMs {2025 + n}")
    short_name = factory.Sequence(lambda n: f"SLLM {2025 + n}")
    start_date = dt.date(2026, 4, 27)
    end_date = dt.date(2026, 4, 27)
    timezone = "Africa/Lagos"
    venue = "Singapore EXPO"
    topics = TOPICS


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    edition = factory.SubFactory(EditionFactory)
    kind = Track.Kind.MAIN
    name = factory.LazyAttribute(lambda o: "Main track" if o.kind == "main" else "Tiny Papers")
    page_limit = factory.LazyAttribute(lambda o: 5 if o.kind == "main" else 2)
    submission_deadline = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))


class PaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paper

    track = factory.SubFactory(TrackFactory)
    edition = factory.SelfAttribute("track.edition")
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Sparse paper {n}")
    abstract = "We prune large language models."
    topics = factory.LazyFunction(lambda: [TOPICS[1]])
    status = Paper.Status.SUBMITTED


class AuthorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authorship

    paper = factory.SubFactory(PaperFactory)
    position = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Author {n}")
    email = factory.Sequence(lambda n: f"author{n}@example.org")


def grant(user: User, edition: Edition, kind: str) -> Role:
    return Role.objects.get_or_create(user=user, edition=edition, kind=kind)[0]
