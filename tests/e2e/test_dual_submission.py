"""An author declares, on submission, that the work is under review elsewhere; an organizer filters on it."""

import pytest

from sllm.submissions.models import Paper
from sllm.workshops.services import call_update
from tests import factories
from tests.e2e.conftest import log_in
from tests.pdfs import simple_paper_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_declaration_on_submission_then_the_organizers_filter(page, tmp_path):
    edition = factories.EditionFactory(slug="sllm-2025", short_name="SLLM 2025")
    factories.TrackFactory(edition=edition, kind="main")
    factories.UserFactory(email="ada@example.org", full_name="Ada Lovelace")
    organizer = factories.UserFactory(email="organizer@example.org")
    factories.grant(organizer, edition, "organizer")
    rule = "Work published at ICML, NeurIPS or ICLR is not eligible."
    call_update(
        edition=edition, text="Call", formatting_rules="", dual_submission_rule=rule, deadlines={}, user=organizer
    )
    factories.PaperFactory(track=edition.tracks.get(), number=7, title="Declared nothing")
    pdf = tmp_path / "my-paper.pdf"
    pdf.write_bytes(simple_paper_bytes(body_pages=4))

    log_in(page, "ada@example.org", factories.PASSWORD)
    page.goto("/author/sllm-2025/submit/")
    assert page.get_by_text(rule).count() == 1
    page.get_by_label("Title").fill("Sparse attention at scale")
    page.get_by_label("Abstract").fill("We make attention sparse.")
    page.get_by_label("Under review elsewhere").check()
    page.get_by_label("Where (venue and year)").fill("NeurIPS 2026")
    page.get_by_label("Paper (PDF)").set_input_files(str(pdf))
    page.screenshot(path=str(tmp_path / "submit.png"), full_page=True)
    page.get_by_role("button", name="Submit").click()
    assert list(Paper.objects.filter(number=8).values_list("elsewhere", "elsewhere_venue")) == [
        ("under_review", "NeurIPS 2026")
    ]

    page.context.clear_cookies()
    log_in(page, "organizer@example.org", factories.PASSWORD)
    page.goto("/organize/sllm-2025/")
    page.get_by_role("link", name="Under review or published elsewhere").click()
    assert page.locator("td.elsewhere").all_inner_texts() == ["Under review elsewhere: NeurIPS 2026"]
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
