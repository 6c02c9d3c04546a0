import pytest

from sllm.submissions.models import Paper
from tests import factories
from tests.e2e.conftest import log_in
from tests.pdfs import simple_paper_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_author_logs_in_submits_a_paper_with_a_pdf_and_sees_it_listed(page, tmp_path):
    edition = factories.EditionFactory(slug="sllm-2025", short_name="SLLM 2025")
    factories.TrackFactory(edition=edition, kind="main")
    factories.UserFactory(email="ada@example.org", full_name="Ada Lovelace")
    pdf = tmp_path / "my-paper.pdf"
    pdf.write_bytes(simple_paper_bytes(body_pages=4))

    log_in(page, "ada@example.org", factories.PASSWORD)
    page.goto("/author/sllm-2025/submit/")
    page.get_by_label("Title").fill("Sparse attention at scale")
    page.get_by_label("Abstract").fill("We make attention sparse.")
    page.get_by_label("Sparsity in Attention").check()
    page.get_by_label("Author 1 is a student").check()
    page.get_by_label("Paper (PDF)").set_input_files(str(pdf))
    page.get_by_role("button", name="Submit").click()

    row = page.locator("tr.my-paper")
    assert row.count() == 1
    assert row.locator("td").nth(1).inner_text() == "Sparse attention at scale"
    assert row.locator("td").nth(4).inner_text() == "4 of 5 pages"
    page.screenshot(path=str(tmp_path / "my-papers.png"))
    paper = Paper.objects.get()
    assert (paper.title, paper.topics, paper.number) == ("Sparse attention at scale", ["Sparsity in Attention"], 1)
    assert [(a.name, a.is_student) for a in paper.authorships.all()] == [("Ada Lovelace", True)]
