"""user_merge: everything the older account held moves onto the synced one, which keeps its id."""

import pytest
from rest_framework.authtoken.models import Token

from sllm.accounts.models import Role, User
from sllm.accounts.services import user_merge
from sllm.submissions.models import Authorship
from tests import factories

pytestmark = pytest.mark.django_db


def test_merge_moves_roles_authorships_and_drops_the_duplicate_token(edition, main_track):
    synced = factories.UserFactory(email="grace_hopper1@openreview.invalid", openreview_id="~Grace_Hopper1")
    older = factories.UserFactory(email="grace@yale.edu", is_staff=True)
    factories.grant(synced, edition, "reviewer")
    factories.grant(older, edition, "reviewer")
    factories.grant(older, edition, "mentor")
    paper = factories.PaperFactory(track=main_track)
    Authorship.objects.create(paper=paper, position=1, name="Grace Hopper", user=older)
    kept = Token.objects.create(user=synced)
    Token.objects.create(user=older)

    merged = user_merge(source=older, target=synced)

    assert merged.pk == synced.pk
    assert not User.objects.filter(pk=older.pk).exists()
    assert sorted(Role.objects.filter(user=synced).values_list("kind", flat=True)) == ["mentor", "reviewer"]
    assert list(Authorship.objects.values_list("user_id", flat=True)) == [synced.pk]
    assert list(Token.objects.values_list("key", flat=True)) == [kept.key]
    assert User.objects.get(pk=synced.pk).is_staff is True
