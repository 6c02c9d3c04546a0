"""Writes of a volume's settings."""

from django.db import transaction

from sllm.core.errors import ApplicationError
from sllm.core.sitecache import site_cache_bump
from sllm.workshops.models import Edition

from ..models import VolumeSettings


def volume_settings_save(
    *,
    edition: Edition,
    title: str,
    editors: str,
    preface: str,
    publication_terms: str,
    page_size: str,
    is_published: bool,
    archival: bool = True,
    non_archival_entry: str = VolumeSettings.NonArchivalEntry.NOTE,
) -> VolumeSettings:
    errors = {}
    if not title.strip():
        errors["title"] = "A title is required."
    if not publication_terms.strip():
        errors["publication_terms"] = "Authors must have terms to accept."
    if page_size not in VolumeSettings.PageSize.values:
        errors["page_size"] = f"Page size must be one of {', '.join(VolumeSettings.PageSize.values)}."
    if non_archival_entry not in VolumeSettings.NonArchivalEntry.values:
        errors["non_archival_entry"] = "The BibTeX of a non-archival volume is a note or @misc."
    if errors:
        raise ApplicationError(
            "The settings have errors: " + " ".join(errors.values()), code="invalid", extra={"fields": errors}
        )
    with transaction.atomic():
        saved, _ = VolumeSettings.objects.update_or_create(
            edition=edition,
            defaults={
                "title": title.strip(),
                "editors": editors.strip(),
                "preface": preface.strip(),
                "publication_terms": publication_terms.strip(),
                "page_size": page_size,
                "is_published": is_published,
                "archival": archival,
                "non_archival_entry": non_archival_entry,
            },
        )
        transaction.on_commit(lambda: site_cache_bump(edition))
    return saved
