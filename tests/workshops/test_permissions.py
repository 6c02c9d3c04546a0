import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from sllm.accounts.models import Role
from sllm.core.errors import Forbidden
from sllm.submissions.permissions import access_paper_by_id_as_author
from sllm.workshops.models import Track
from sllm.workshops.permissions import access_edition_as_organizer, access_edition_item_as_organizer
from tests import factories

pytestmark = pytest.mark.django_db


def _refusal(user, slug) -> tuple[str, str]:
    try:
        access_edition_as_organizer(user=user, slug=slug)
    except Forbidden as exc:
        return ("forbidden", exc.message)
    except Http404 as exc:
        return ("404", str(exc))
    return ("allowed", "")


def test_organizers_and_superusers_get_the_edition(edition, organizer):
    superuser = factories.UserFactory(is_superuser=True)
    assert [access_edition_as_organizer(user=u, slug="sllm-2025") for u in (organizer, superuser)] == [edition] * 2


def test_everyone_else_is_forbidden_and_an_unknown_slug_is_not_there(edition, organizer, author, reviewer):
    other = factories.EditionFactory(slug="other-2026")
    refused = ("forbidden", "Only the edition's organizers may do this.")
    assert [_refusal(u, "sllm-2025") for u in (AnonymousUser(), author, reviewer)] == [refused] * 3
    # Organizing one edition gives nothing in another.
    assert Role.objects.filter(user=organizer, edition=other).exists() is False
    assert _refusal(organizer, "other-2026") == refused
    assert _refusal(organizer, "no-such-edition") == ("404", "No Edition matches the given query.")


def test_a_paper_by_id_is_there_only_for_its_authors(edition, author, stranger):
    paper = factories.PaperFactory(track__edition=edition, submitted_by=author)
    coauthor = factories.UserFactory()
    factories.AuthorshipFactory(paper=paper, user=coauthor)
    found = [access_paper_by_id_as_author(user=u, pk=paper.pk) for u in (author, coauthor)]
    assert found == [paper, paper]
    for user, pk in [(stranger, paper.pk), (AnonymousUser(), paper.pk), (author, paper.pk + 1000)]:
        with pytest.raises(Http404, match="^No such paper.$"):
            access_paper_by_id_as_author(user=user, pk=pk)


def _track(user, pk) -> tuple[str, object]:
    try:
        return (
            "allowed",
            access_edition_item_as_organizer(Track.objects, user=user, slug="sllm-2025", name="track", pk=pk),
        )
    except Forbidden as exc:
        return ("forbidden", exc.message)
    except Http404 as exc:
        return ("404", str(exc))


def test_a_row_of_the_edition_is_there_for_its_organizers_only(edition, main_track, organizer, author):
    elsewhere = factories.TrackFactory(edition=factories.EditionFactory(slug="other-2026"))
    refused = ("forbidden", "Only the edition's organizers may do this.")

    assert _track(organizer, main_track.pk) == ("allowed", main_track)
    # Another edition's row is as unknown as a missing one.
    assert [_track(organizer, pk) for pk in (elsewhere.pk, 999_999)] == [("404", "No such track.")] * 2
    # Everyone else is refused before anything is looked up, so ids leak nothing.
    assert [_track(author, pk) for pk in (main_track.pk, 999_999)] == [refused] * 2
