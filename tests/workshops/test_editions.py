import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from sllm.accounts.models import Role, User
from sllm.program.models import BreakoutGroup
from sllm.submissions.models import Authorship, Paper, PaperFile
from sllm.workshops.demo import TOPICS
from sllm.workshops.models import CommunityChannel, Edition, Track

pytestmark = pytest.mark.django_db


def test_an_edition_needs_an_iana_time_zone(edition):
    edition.timezone = "GMT+1 Lagos"

    with pytest.raises(ValidationError) as error:
        edition.full_clean()
    assert error.value.message_dict == {"timezone": ["'GMT+1 Lagos' is not an IANA time zone."]}


def test_edition_page_shows_tracks_with_deadlines_in_the_editions_zone(client, main_track):
    main_track.submission_deadline = main_track.submission_deadline.replace(
        year=2030, month=2, day=3, hour=22, minute=59, second=0, microsecond=0, tzinfo=dt.UTC
    )
    main_track.save()

    page = client.get("/sllm-2025/").content.decode()

    assert 'Deadline: <time datetime="2030-02-03T22:59:00+00:00">3 Feb 2030, 23:59</time> (Africa/Lagos)' in page


def test_the_demo_edition_has_the_eight_edition_topics():
    assert len(TOPICS) == 8
    assert TOPICS[0] == "Mixture of Experts (MoEs) and Modularity"


def test_load_demo_twice_duplicates_nothing(db, capsys):

    def counts():
        models = (Edition, Track, User, Role, Paper, Authorship, PaperFile, BreakoutGroup, CommunityChannel)
        return [m.objects.count() for m in models]

    call_command("load_demo")
    first = counts()
    call_command("load_demo")

    assert counts() == first
    assert first[:2] == [1, 2]
    assert first[4] == 40
    assert first[7:] == [4, 3]
    assert [c["name"] for c in Edition.objects.get().community_links] == [
        "SLLM Discord server",
        "@sllm_workshop on Twitter",
        "Sparsity Google group",
    ]
    papers = Paper.objects.all()
    assert papers.filter(over_page_limit=True).count() >= 3
    assert papers.filter(status="accepted").count() >= 25
