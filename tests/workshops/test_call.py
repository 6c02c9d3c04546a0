"""The organizers' call for papers: sanitised text, the tracks' dates in the edition's and the visitor's zone."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from sllm.core.errors import ApplicationError
from sllm.submissions.forms import PaperForm
from sllm.workshops.models import CallForPapers, Track
from sllm.workshops.services import call_update
from tests import factories

pytestmark = pytest.mark.django_db

UTC = dt.UTC
SUBMISSION = dt.datetime(2026, 2, 1, 22, 59, tzinfo=UTC)  # 23:59 in Lagos


def edit_url(edition):
    return reverse("workshops:call-edit", args=[edition.slug])


def form_data(track, **extra):
    return {
        "text": "## Our call\n\nSubmit <script>alert(1)</script>**sparse** work.",
        "formatting_rules": "Use the *ICLR* template.",
        f"submission_{track.pk}": "2026-02-01T23:59",
        f"camera_ready_{track.pk}": "2026-03-15T12:00",
        **extra,
    }


def dates(response) -> list[tuple[str, str]]:
    return re.findall(r'<dd class="(edition|visitor)-time">(.*?)</dd>', response.content.decode())


def deadlines(track):
    track.refresh_from_db()
    return track.submission_deadline, track.camera_ready_deadline


def test_call_update_sanitises_the_text_and_sets_the_dates(edition, main_track, organizer):
    call = call_update(
        edition=edition,
        text='Hello <script>alert(1)</script>**there** <a href="javascript:x()">x</a>',
        formatting_rules="",
        deadlines={main_track.pk: (SUBMISSION, None)},
        user=organizer,
    )
    assert call.text_html == '<p>Hello <strong>there</strong> <a rel="noopener noreferrer nofollow">x</a></p>'
    assert deadlines(main_track) == (SUBMISSION, None)


def test_a_camera_ready_deadline_before_submission_is_refused_and_nothing_changes(edition, main_track, organizer):
    before = deadlines(main_track)
    with pytest.raises(ApplicationError) as refused:
        call_update(
            edition=edition,
            text="Call",
            formatting_rules="",
            deadlines={main_track.pk: (SUBMISSION, SUBMISSION - dt.timedelta(days=1))},
            user=organizer,
        )
    assert refused.value.message == "Main track: the camera-ready deadline must come after the submission deadline."
    assert deadlines(main_track) == before
    assert CallForPapers.objects.count() == 0


def test_a_track_of_another_edition_is_refused(edition, main_track, organizer):
    other = factories.TrackFactory(edition=factories.EditionFactory(slug="other"))
    with pytest.raises(ApplicationError):
        call_update(
            edition=edition,
            text="Call",
            formatting_rules="",
            deadlines={other.pk: (SUBMISSION, None)},
            user=organizer,
        )
    assert Track.objects.get(pk=other.pk).submission_deadline != SUBMISSION


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("author", 403), ("reviewer", 403), ("organizer", 302)])
def test_only_organizers_edit_the_call(client_for, edition, main_track, organizer, author, reviewer, who, status):
    user = {"author": author, "reviewer": reviewer, "organizer": organizer}.get(who)
    before = deadlines(main_track)
    response = client_for(user).post(edit_url(edition), form_data(main_track))
    assert response.status_code == status
    if who == "organizer":
        assert list(CallForPapers.objects.values_list("text", flat=True)) == [form_data(main_track)["text"]]
        assert deadlines(main_track) == (SUBMISSION, dt.datetime(2026, 3, 15, 11, 0, tzinfo=UTC))
        assert client_for(user).get(edit_url(edition)).status_code == 200
    else:
        assert CallForPapers.objects.count() == 0
        assert deadlines(main_track) == before


@pytest.mark.parametrize(
    ("extra", "field", "error"),
    [
        ({"text": ""}, "text", ["This field is required."]),
        ({"submission_{pk}": "not a date"}, "submission_{pk}", ["Enter a valid date/time."]),
        ({"submission_{pk}": ""}, "submission_{pk}", ["This field is required."]),
        (
            {"camera_ready_{pk}": "2026-01-01T00:00"},
            "__all__",
            ["Main track: the camera-ready deadline must come after the submission deadline."],
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_stored(client_for, edition, main_track, organizer, extra, field, error):
    before = deadlines(main_track)
    data = form_data(main_track, **{k.format(pk=main_track.pk): v for k, v in extra.items()})
    response = client_for(organizer).post(edit_url(edition), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field.format(pk=main_track.pk)] == error
    assert CallForPapers.objects.count() == 0
    assert deadlines(main_track) == before


def test_visitors_see_the_new_call_and_its_dates_in_both_zones(
    client, client_for, edition, main_track, organizer, django_capture_on_commit_callbacks
):
    cfp = reverse("website:cfp", args=[edition.slug])
    assert client.get(cfp).context["cfp"].startswith("<h2>Deep Dive")  # cached now
    # The save bumps the public pages' cache after commit: the cached call above is not served again.
    with django_capture_on_commit_callbacks(execute=True):
        client_for(organizer).post(edit_url(edition), form_data(main_track))
    client.logout()
    page = client.get(cfp + "?tz=Asia/Tokyo")
    assert page.context["cfp"] == "<h2>Our call</h2>\n<p>Submit <strong>sparse</strong> work.</p>"
    assert page.context["formatting"] == "<p>Use the <em>ICLR</em> template.</p>"
    assert dates(page) == [
        ("edition", '<time datetime="2026-02-01T22:59:00+00:00">1 Feb 2026, 23:59</time> (Africa/Lagos)'),
        ("visitor", "2 Feb 2026, 07:59 (Asia/Tokyo)"),
        ("edition", '<time datetime="2026-03-15T11:00:00+00:00">15 Mar 2026, 12:00</time> (Africa/Lagos)'),
        ("visitor", "15 Mar 2026, 20:00 (Asia/Tokyo)"),
    ]
    assert [zone for zone, _ in dates(client.get(cfp))] == ["edition", "edition"]


def test_the_call_and_the_submission_form_list_the_same_topics(client, edition, main_track):
    page = client.get(reverse("website:cfp", args=[edition.slug]))
    form = PaperForm(edition=edition, tracks=Track.objects.filter(edition=edition))
    assert page.context["topics"] == [value for value, _ in form.fields["topics"].choices] == edition.topics
