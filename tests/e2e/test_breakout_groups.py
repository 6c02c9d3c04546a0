"""An attendee finds the breakout groups from the site, joins one, and a full group refuses another."""

import os
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from sllm.program import services
from sllm.program.models import BreakoutMembership, Room, Session, Slot
from sllm.workshops.services import community_channel_save
from tests import factories
from tests.e2e.conftest import log_in
from tests.program.factories import at

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_an_attendee_joins_a_breakout_group_from_the_website(page, edition, shots):
    cache.clear()
    room = Room.objects.create(edition=edition, name="Hall 4")
    session = Session.objects.create(edition=edition, title="Afternoon")
    slot = Slot.objects.create(
        session=session, room=room, kind="breakout", title="Breakout session", start=at("18:05"), end=at("18:35")
    )
    topics = edition.topics
    full = services.breakout_group_save(
        edition=edition, topic=topics[0], title="Routing and experts", questions=["Which experts can go?"], capacity=1
    )
    services.breakout_group_save(
        edition=edition,
        topic=topics[3],
        title="Activation sparsity in practice",
        questions="Where does contextual sparsity pay off?\n<script>alert(1)</script> Which kernels?",
        capacity=10,
        slot=slot,
    )
    services.breakout_group_join(group=full, user=factories.UserFactory(email="early@example.org"))
    community_channel_save(edition=edition, kind="chat", name="SLLM Discord", url="https://discord.example.org/sllm")
    factories.UserFactory(email="attendee@example.org", full_name="Ada Attendee")

    log_in(page, "attendee@example.org", factories.PASSWORD)
    page.goto(f"/{edition.slug}/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Breakout groups").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Breakout groups")
    cards = page.locator(".breakout-group")
    expect(cards).to_have_count(2)
    expect(cards.nth(0)).to_contain_text("Full")
    expect(cards.nth(0).get_by_role("button")).to_have_count(0)
    # The suggested question with markup reads as text, and no script ran.
    expect(cards.nth(1).locator(".suggested-questions li").nth(1)).to_have_text(
        "<script>alert(1)</script> Which kernels?"
    )
    expect(page.locator("footer")).to_contain_text("SLLM Discord")

    page.get_by_role("button", name="Join “Activation sparsity in practice”").click()
    expect(page.locator(".message")).to_have_text("You joined “Activation sparsity in practice”.")
    joined = page.locator(".breakout-group.joined")
    expect(joined).to_contain_text("You are in this group.")
    expect(joined.locator(".member-count")).to_have_text("1 joined of 10 places")
    page.screenshot(path=str(shots / "breakout-groups-joined.png"), full_page=True)
    assert list(BreakoutMembership.objects.filter(user__email="attendee@example.org").values_list("group__title")) == [
        ("Activation sparsity in practice",)
    ]

    # Leaving frees the place again.
    page.get_by_role("button", name="Leave “Activation sparsity in practice”").click()
    expect(page.locator(".message")).to_have_text("You left “Activation sparsity in practice”.")
    assert BreakoutMembership.objects.filter(user__email="attendee@example.org").count() == 0


def test_screens_of_the_organizers_and_the_community_page(page, edition, shots):
    cache.clear()
    organizer = factories.UserFactory(email="chair@example.org")
    factories.grant(organizer, edition, "organizer")
    group = services.breakout_group_save(
        edition=edition, topic=edition.topics[1], title="Pruning at scale", questions=["What breaks first?"], capacity=5
    )
    services.breakout_group_join(group=group, user=factories.UserFactory(email="one@example.org", full_name="One"))
    community_channel_save(edition=edition, kind="chat", name="SLLM Discord", url="https://discord.example.org/sllm")
    community_channel_save(
        edition=edition, kind="mailing_list", name="Sparsity group", url="https://groups.example.org/sparsity"
    )
    page.goto(f"/{edition.slug}/community/")
    expect(page.locator(".community-channels li")).to_have_count(2)
    page.screenshot(path=str(shots / "community.png"), full_page=True)

    log_in(page, "chair@example.org", factories.PASSWORD)
    page.goto(f"/organize/{edition.slug}/breakout-groups/{group.pk}/")
    expect(page.locator(".members li")).to_have_text(["One <one@example.org>"])
    page.screenshot(path=str(shots / "breakout-group-edit.png"), full_page=True)
    page.goto(f"/organize/{edition.slug}/community/")
    page.get_by_label("Kind").select_option("social")
    page.get_by_label("Name").fill("Bad link")
    page.get_by_label("Address").fill("javascript:alert(1)")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".error-message")).to_have_text(
        "The address must be a web address starting with https:// or http://."
    )
    page.screenshot(path=str(shots / "community-organize.png"), full_page=True)
