"""`manage.py anonymize_pdf FILE --out OUT [--authors "Name <email>" ...]`: what every upload applies, offline.

Success writes OUT and prints {"removed": [{"kind", "key", "count"}...], "names_in_text": [...]} on stdout,
exit 0. A refused or missing file prints {"error": CODE, "message": ...} on stderr, nothing on stdout,
writes nothing, and exits 2.
"""

import json
import logging
from pathlib import Path

import pymupdf
from django.core.management.base import BaseCommand

# stdout and stderr carry the JSON alone (see check_pdf).
pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)
logging.getLogger("pikepdf").setLevel(logging.WARNING)

from sllm.submissions.pdfcheck import Author, PdfRejected, anonymize_pdf  # noqa: E402 -- after the PDF libraries are quietened above

EXIT_REJECTED = 2


class Command(BaseCommand):
    help = "Remove what names the authors from a PDF's metadata (as uploads do) and report names in its text."
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the PDF to anonymize")
        parser.add_argument("--out", required=True, help="where to write the anonymized PDF (may be FILE)")
        parser.add_argument(
            "--authors", nargs="*", default=[], metavar="AUTHOR", help='the paper\'s authors, each "Name <email>"'
        )

    def handle(self, *args, **options):
        path, out = Path(options["file"]), Path(options["out"])
        if not path.is_file():
            self._fail("not_found", f"No such file: {path}")
        if not out.parent.is_dir():
            self._fail("not_found", f"No such folder for --out: {out.parent}")
        try:
            authors = [Author.parse(spec) for spec in options["authors"]]
        except ValueError as error:
            self._fail("bad_author", str(error))
        try:
            result = anonymize_pdf(path, out, authors=authors)
        except PdfRejected as rejection:
            self._fail(rejection.code, rejection.message)
        self.stdout.write(json.dumps(result.as_dict()))

    def _fail(self, code: str, message: str) -> None:
        self.stderr.write(json.dumps({"error": code, "message": message}), style_func=lambda text: text)
        raise SystemExit(EXIT_REJECTED)
