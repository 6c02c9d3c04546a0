"""`manage.py check_pdf FILE --track main|tiny [--uncounted KIND,...]`: the upload page check, offline, as JSON.

--uncounted names the closing sections that do not count towards the limit when they follow the body
(acknowledgements, limitations, ethics, reproducibility, impact), as a track's setting does.

Success prints the report on stdout and exits 0. A refused or missing file prints
{"error": CODE, "message": ...} on stderr, nothing on stdout, and exits 2.
"""

import json
import logging
from pathlib import Path

import pymupdf
from django.core.management.base import BaseCommand

# stdout and stderr carry the JSON alone: MuPDF prints its complaints about sloppy content streams on
# stdout, and pikepdf announces its C++ log bridge at INFO on import, which the root logger would echo.
pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)
logging.getLogger("pikepdf").setLevel(logging.WARNING)

from sllm.submissions.pdfcheck import CLOSING_SECTIONS, DEFAULT_MAX_BYTES, PAGE_LIMITS, PdfRejected, inspect_pdf  # noqa: E402 -- after the PDF libraries are quietened above

EXIT_REJECTED = 2


class Command(BaseCommand):
    help = "Check a paper PDF (structure, active content, page limit) and print the report as JSON."
    # Organizers run this on bare files, even where the database is down or not configured.
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the PDF to check")
        parser.add_argument(
            "--track", choices=sorted(PAGE_LIMITS), default="main", help="page limit to apply (default main)"
        )
        parser.add_argument(
            "--uncounted",
            default="",
            help=f"comma-separated closing sections that do not count ({', '.join(CLOSING_SECTIONS)}); default none",
        )
        parser.add_argument(
            "--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="largest accepted file (default 25 MiB)"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            self._fail("not_found", f"No such file: {path}")
        uncounted = [kind.strip() for kind in options["uncounted"].split(",") if kind.strip()]
        unknown = sorted(set(uncounted) - set(CLOSING_SECTIONS))
        if unknown:
            self._fail("bad_option", f"Unknown --uncounted kind(s): {', '.join(unknown)}.")
        try:
            report = inspect_pdf(
                path,
                limit=PAGE_LIMITS[options["track"]],
                max_bytes=options["max_bytes"],
                uncounted_sections=uncounted,
            )
        except PdfRejected as rejection:
            self._fail(rejection.code, rejection.message)
        self.stdout.write(json.dumps(report.as_dict()))

    def _fail(self, code: str, message: str) -> None:
        # Plain JSON, uncoloured even on a terminal, so scripts can parse stderr.
        self.stderr.write(json.dumps({"error": code, "message": message}), style_func=lambda text: text)
        # SystemExit, not CommandError: Django would print "CommandError: ..." around the JSON.
        raise SystemExit(EXIT_REJECTED)
