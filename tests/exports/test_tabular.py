import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from sllm.exports.tabular import Table, csv_chunks, neutralise, xlsx_write


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+49 30 1234", "'+49 30 1234"),
        ("-2+3", "'-2+3"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("a=1", "a=1"),
        ("", ""),
        (None, ""),
        (-3, -3),
        (2.5, 2.5),
        (True, "yes"),
        (False, "no"),
        (dt.date(2026, 4, 27), "2026-04-27"),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def _table(rows):
    return Table("Sheet with a title longer than thirty-one characters", ["name", "n"], rows)


def test_csv_chunks_stream_every_row_once_with_a_bom():
    rows = [[f"=row {i}", i] for i in range(450)]
    chunks = list(csv_chunks(_table(iter(rows)), rows_per_chunk=200))
    assert len(chunks) == 3
    text = b"".join(chunks).decode("utf-8")
    assert text.startswith("\ufeffname,n\r\n")
    parsed = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert parsed[0] == ["name", "n"]
    assert parsed[1:] == [[f"'=row {i}", str(i)] for i in range(450)]


def test_csv_chunks_of_an_empty_table_hold_the_header():
    assert b"".join(csv_chunks(_table([]))) == "\ufeffname,n\r\n".encode()


def test_xlsx_keeps_hostile_text_as_text_and_numbers_as_numbers():
    out = io.BytesIO()
    xlsx_write(_table([["=cmd|' /C calc'!A0", -4], ["plain", 2.5], [None, None]]), out)
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    assert sheet.title == "Sheet with a title longer than "
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["name", "n"],
        ["'=cmd|' /C calc'!A0", -4],
        ["plain", 2.5],
        [None, None],
    ]
    assert [sheet["A2"].data_type, sheet["B2"].data_type] == ["s", "n"]


def test_xlsx_cuts_text_at_excels_cell_limit():
    out = io.BytesIO()
    xlsx_write(_table([["x" * 40_000, 1]]), out)
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    assert len(sheet["A2"].value) == 32_767
