"""The volume's bookmarks from a stream of items: the tree's shape, and a deeper tree read back by pikepdf."""

import pikepdf
import pytest

from sllm.proceedings.pdf import OutlineNode
from sllm.proceedings.pdf.outline import NONE, outline_items, outline_shape
from sllm.proceedings.pdf.writer import VolumeWriter

TREE = [
    OutlineNode("Part I", 0, (OutlineNode("Paper 1", 0, (OutlineNode("Appendix", 1),)), OutlineNode("Paper 2", 2))),
    OutlineNode("Index", 3),
]


def test_items_come_in_reading_order_with_their_depth():
    assert list(outline_items(TREE)) == [
        (0, "Part I", 0),
        (1, "Paper 1", 0),
        (2, "Appendix", 1),
        (1, "Paper 2", 2),
        (0, "Index", 3),
    ]


def test_the_shape_names_parents_siblings_last_children_and_items_below():
    shape = outline_shape(outline_items(TREE))

    assert list(shape.parent) == [NONE, 0, 1, 0, NONE]
    assert list(shape.previous) == [NONE, NONE, NONE, 1, 0]
    assert list(shape.next) == [4, 3, NONE, NONE, NONE]
    assert list(shape.last_child) == [3, 2, NONE, NONE, NONE]
    assert list(shape.below) == [3, 1, 0, 0, 0]
    assert (shape.last_top, shape.size) == (4, 5)


def test_an_item_deeper_than_under_its_parent_is_refused():
    with pytest.raises(ValueError, match="bookmark 1 is 2 levels deep under 1"):
        outline_shape([(0, "Part", 0), (2, "Lost", 0)])


def test_a_deeper_tree_reads_back_as_written(tmp_path):
    with VolumeWriter(tmp_path / "volume.pdf") as writer:
        writer.front_pages = [writer.reserve() for _ in range(4)]
        for number in writer.front_pages:
            writer.write_object(number, b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 100 100] >>" % writer.page_tree)
        writer.finish(outline=lambda: outline_items(TREE), info={"Title": "Volume"})

    with pikepdf.open(tmp_path / "volume.pdf") as volume, volume.open_outline() as outline:
        pages = [page.obj.objgen for page in volume.pages]

        def read(items):
            return [(i.title, pages.index(i.destination[0].objgen), read(i.children)) for i in items]

        assert read(outline.root) == [
            ("Part I", 0, [("Paper 1", 0, [("Appendix", 1, [])]), ("Paper 2", 2, [])]),
            ("Index", 3, []),
        ]
        assert (volume.Root.Outlines.Count, volume.Root.Outlines.First.Count) == (5, 3)
