"""The organizers' exports page and the downloads: CSV streamed row by row, XLSX spooled to a temporary
file (write-only, so memory stays flat) and streamed from there."""

import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import render

from .permissions import access_export, exports_allowed
from .selectors import EXPORTS, export_table
from .tabular import csv_chunks, xlsx_write

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def exports_view(request, slug):
    edition, allowed = exports_allowed(user=request.user, slug=slug)
    exports = [(kind, EXPORTS[kind].label) for kind in allowed]
    return render(request, "exports/list.html", {"edition": edition, "exports": exports})


@login_required
def export_download_view(request, slug, kind, fmt):
    edition = access_export(user=request.user, slug=slug, kind=kind, fmt=fmt)
    table = export_table(edition=edition, user=request.user, kind=kind)
    filename = f"{edition.slug}-{kind}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(csv_chunks(table), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    else:
        spool = tempfile.TemporaryFile()
        xlsx_write(table, spool)
        spool.seek(0)
        response = FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
    # Personal data: never kept by a shared cache or the browser's.
    response["Cache-Control"] = "private, no-store"
    return response
