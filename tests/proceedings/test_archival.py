"""A non-archival edition: the volume and its BibTeX say so, and an author's opt-out leaves the paper out of
the built volume while it stays on the website."""

import re

import bibtexparser
import pymupdf
import pytest
from django.urls import reverse

from sllm.core.errors import ApplicationError
from sllm.proceedings import services
from sllm.proceedings.models import CameraReady, VolumeSettings

from .conftest import submit_camera_ready
from .pdfs import camera_ready_upload

pytestmark = pytest.mark.django_db


def non_archival(edition, entry="misc"):
    VolumeSettings.objects.update_or_create(
        edition=edition,
        defaults={
            "title": "Proceedings of the SLLM 2025",
            "publication_terms": "CC BY 4.0",
            "archival": False,
            "non_archival_entry": entry,
            "is_published": True,
        },
    )


def opt_out(paper, user):
    return services.camera_ready_submit(
        paper=paper,
        user=user,
        title=paper.title,
        authors=[{"name": a.name, "institution": a.institution} for a in paper.authorships.all()],
        pdf_upload=camera_ready_upload(title=paper.title, body_pages=4),
        accept_terms=True,
        in_volume=False,
    )


def test_an_opted_out_paper_is_not_in_the_built_volume_but_stays_on_the_website(
    client, edition, accepted, author, tmp_path
):
    non_archival(edition)
    first, tiny, third = accepted
    submit_camera_ready(first, author, body_pages=4)
    submit_camera_ready(tiny, author, body_pages=2)
    opt_out(third, author)

    manifest = services.volume_build(edition=edition, target=tmp_path / "out")

    assert [(p["number"], p["first_page"], p["last_page"]) for p in manifest["papers"]] == [(1, 1, 5), (2, 6, 8)]
    assert manifest["skipped"] == []
    assert sorted(p.name for p in (tmp_path / "out" / "papers").iterdir()) == [
        "paper-1.bib",
        "paper-1.pdf",
        "paper-2.bib",
        "paper-2.pdf",
    ]
    parsed = bibtexparser.loads((tmp_path / "out" / "volume.bib").read_text())
    assert [(e["ENTRYTYPE"], e["ID"], e["howpublished"], e["note"]) for e in parsed.entries] == [
        ("misc", "sllm2025-1", "Proceedings of the SLLM 2025", "Non-archival"),
        ("misc", "sllm2025-2", "Proceedings of the SLLM 2025", "Non-archival"),
    ]
    assert all("booktitle" not in e for e in parsed.entries)
    with pymupdf.open(tmp_path / "out" / "volume.pdf") as volume:
        text = " ".join(" ".join(page.get_text().split()) for page in volume)
    assert "Non-archival: the papers in this volume may appear at other venues." in text
    assert "Kernels for 2:4 & more" not in text
    assert client.get(reverse("website:paper", args=[edition.slug, third.number])).status_code == 200


def test_a_non_archival_note_keeps_inproceedings(edition, accepted, author, tmp_path):
    non_archival(edition, entry="note")
    for paper in accepted:
        submit_camera_ready(paper, author, body_pages=2)
    services.volume_build(edition=edition, target=tmp_path / "out")
    parsed = bibtexparser.loads((tmp_path / "out" / "volume.bib").read_text())
    assert {(e["ENTRYTYPE"], e["booktitle"], e["note"]) for e in parsed.entries} == {
        ("inproceedings", "Proceedings of the SLLM 2025", "Non-archival")
    }


def test_an_archival_edition_refuses_the_opt_out_and_stores_nothing(edition, accepted, author):
    with pytest.raises(ApplicationError) as refused:
        opt_out(accepted[0], author)
    assert refused.value.message == "This edition's proceedings are archival: every accepted paper is in the volume."
    assert CameraReady.objects.count() == 0


def test_the_opt_out_is_offered_only_in_a_non_archival_edition(client_for, edition, accepted, author):
    url = reverse("proceedings:camera-ready", args=[edition.slug, accepted[0].number])
    assert "in_volume" not in client_for(author).get(url).context["form"].fields
    non_archival(edition)
    page = client_for(author).get(url)
    assert page.context["form"].fields["in_volume"].initial is True
    boxes = re.findall(r'<input type="checkbox" name="in_volume"[^>]*>', page.content.decode())
    assert len(boxes) == 1
    assert boxes[0].endswith(" checked>")


def test_the_paper_pages_bibtex_says_non_archival(client, edition, accepted, django_capture_on_commit_callbacks):
    url = reverse("website:paper", args=[edition.slug, accepted[0].number])
    archival = client.get(url).context["bibtex"]
    assert archival.splitlines()[0] == "@inproceedings{sllm2025-1,"
    # Saved through the service, as the settings page does: it bumps the public pages' cache after commit.
    with django_capture_on_commit_callbacks(execute=True):
        services.volume_settings_save(
            edition=edition,
            title="Proceedings of the SLLM 2025",
            editors="",
            preface="",
            publication_terms="CC BY 4.0",
            page_size="Letter",
            is_published=False,
            archival=False,
            non_archival_entry="misc",
        )
    entry = bibtexparser.loads(client.get(url).context["bibtex"]).entries[0]
    assert (entry["ENTRYTYPE"], entry["howpublished"], entry["note"]) == (
        "misc",
        "SLLM 2025",
        "Main track; Non-archival",
    )


def test_the_settings_page_makes_an_edition_non_archival(client_for, edition, organizer):
    data = {"title": "P", "publication_terms": "T", "page_size": "A4", "non_archival_entry": "misc"}
    response = client_for(organizer).post(reverse("proceedings:settings", args=[edition.slug]), data)
    assert response.status_code == 302
    assert list(VolumeSettings.objects.values_list("archival", "non_archival_entry")) == [(False, "misc")]


def test_a_bad_bibtex_choice_is_refused_and_nothing_stored(client_for, edition, organizer):
    data = {
        "title": "P",
        "publication_terms": "T",
        "page_size": "A4",
        "archival": "on",
        "non_archival_entry": "article",
    }
    response = client_for(organizer).post(reverse("proceedings:settings", args=[edition.slug]), data)
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "non_archival_entry": ["Select a valid choice. article is not one of the available choices."]
    }
    assert VolumeSettings.objects.count() == 0
