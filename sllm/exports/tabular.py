"""Tables as CSV or XLSX: a header row and rows of plain values, written without holding them all.

Spreadsheet programs run a cell that starts with `=`, `+`, `-` or `@` as a formula (and tab or carriage
return let one through in some), so a paper title like `=HYPERLINK(...)` would run on an organizer's
machine. Every text cell that starts with one of those gets a leading apostrophe, in both formats; numbers
stay numbers.
"""

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel's own limit: longer text is cut there rather than refused (the CSV keeps the whole text).
XLSX_MAX_CELL = 32_767


@dataclass(frozen=True)
class Table:
    title: str
    headers: list[str]
    rows: Iterable[list]


def neutralise(value):
    """The value as it may enter a spreadsheet: text that a program could take for a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Line:
    """A file-like sink for csv.writer that hands back what one row wrote."""

    def __init__(self):
        self.text = ""

    def write(self, text: str) -> None:
        self.text = text


def csv_chunks(table: Table, *, rows_per_chunk: int = 200) -> Iterator[bytes]:
    """The table as UTF-8 CSV (with a byte-order mark, so Excel reads accents right), a few rows per chunk."""
    line = _Line()
    writer = csv.writer(line)
    writer.writerow(table.headers)
    buffer = ["\ufeff" + line.text]
    for row in table.rows:
        writer.writerow([neutralise(value) for value in row])
        buffer.append(line.text)
        if len(buffer) >= rows_per_chunk:
            yield "".join(buffer).encode()
            buffer = []
    if buffer:
        yield "".join(buffer).encode()


def xlsx_write(table: Table, out: IO[bytes]) -> None:
    """The table as one XLSX sheet, written row by row (openpyxl's write-only mode keeps no rows in memory)."""
    # openpyxl, and NumPy which it imports where installed, load with the first XLSX export, not with a web worker.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=table.title[:31])
    sheet.freeze_panes = "A2"
    sheet.append(table.headers)
    for row in table.rows:
        sheet.append([_xlsx_cell(sheet, value, WriteOnlyCell) for value in row])
    workbook.save(out)


def _xlsx_cell(sheet, value, cell_type):
    value = neutralise(value)
    if isinstance(value, str):
        # A text cell, always: openpyxl would otherwise store any "=..." text as a formula.
        cell = cell_type(sheet, value=value[:XLSX_MAX_CELL])
        cell.data_type = "s"
        return cell
    return value
