"""A file stored inside a transaction is kept only if it commits (sllm/core/storage.py)."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import IntegrityError

from sllm.core.storage import atomic_with_files, file_stored
from sllm.workshops.models import Edition
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def storage(tmp_path):
    return FileSystemStorage(location=tmp_path / "files")


def _store(storage, name, replaces=None):
    stored = storage.save(name, ContentFile(b"%PDF-1.7"))
    file_stored(storage=storage, name=stored, replaces=replaces)
    return stored


def _names(storage):
    return sorted(storage.listdir("")[1]) if storage.exists("") else []


def test_a_commit_keeps_the_new_file_and_only_then_deletes_the_replaced_one(storage):
    old = storage.save("old.pdf", ContentFile(b"old"))
    with atomic_with_files():
        _store(storage, "new.pdf", replaces=old)
        assert _names(storage) == ["new.pdf", "old.pdf"]
    assert _names(storage) == ["new.pdf"]


def test_a_write_failing_after_the_file_was_stored_deletes_it_and_keeps_the_replaced_one(storage):
    old = storage.save("old.pdf", ContentFile(b"old"))
    taken = factories.EditionFactory(slug="taken")
    same_slug = {f.attname: getattr(taken, f.attname) for f in Edition._meta.concrete_fields if not f.primary_key}
    with pytest.raises(IntegrityError), atomic_with_files():
        _store(storage, "new.pdf", replaces=old)
        Edition.objects.create(**same_slug)
    assert (_names(storage), Edition.objects.count()) == (["old.pdf"], 1)


def test_an_inner_block_that_committed_loses_its_file_when_the_outer_one_rolls_back(storage):
    with pytest.raises(RuntimeError, match="outer failed"), atomic_with_files():
        with atomic_with_files():
            _store(storage, "inner.pdf")
        _store(storage, "outer.pdf")
        raise RuntimeError("outer failed")
    assert _names(storage) == []


def test_an_inner_block_that_rolled_back_takes_only_its_own_file(storage):
    with atomic_with_files():
        _store(storage, "kept.pdf")
        with pytest.raises(ValueError), atomic_with_files():
            _store(storage, "dropped.pdf")
            raise ValueError
    assert _names(storage) == ["kept.pdf"]


def test_storing_outside_the_block_is_refused_and_leaves_no_file(storage):
    with pytest.raises(RuntimeError, match="atomic_with_files"):
        _store(storage, "stray.pdf")
    assert _names(storage) == []
