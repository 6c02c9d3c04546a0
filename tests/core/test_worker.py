import pytest
from django.core.files.base import ContentFile

from sllm.submissions.models import PaperFile
from tasks.core import recheck_paper_file
from tests import factories
from tests.pdfs import simple_paper_bytes

pytestmark = pytest.mark.worker


def test_real_worker_rechecks_a_stored_pdf_and_writes_the_result(celery_worker_process, tmp_path):
    paper = factories.PaperFactory()
    stored = PaperFile(
        paper=paper,
        kind="submission",
        sha256="0" * 64,
        size=1,
        pages=1,
        main_pages=1,
        page_limit=5,
        within_limit=True,
        page_size="other",
    )
    # Seven body pages then references on page 8: over the main track's five.
    stored.file.save("x.pdf", ContentFile(simple_paper_bytes(body_pages=7)), save=True)

    result = recheck_paper_file.apply_async(args=[stored.pk], queue=celery_worker_process).get(timeout=60)

    stored.refresh_from_db()
    paper.refresh_from_db()
    assert result["main_pages"] == 7
    assert (stored.pages, stored.main_pages, stored.within_limit, stored.references_start_page) == (8, 7, False, 8)
    assert paper.over_page_limit is True
