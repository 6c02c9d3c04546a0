"""Remove what names the authors from a PDF's metadata, for double-blind storage."""

import os
import tempfile
from pathlib import Path

import pikepdf

# The title stays: reviewers see it anyway, and the proceedings need it.
IDENTIFYING_INFO_KEYS = ("/Author", "/Creator", "/Producer")


def strip_identifying_metadata(path: str | Path) -> None:
    """Rewrite the file in place without author, creator and producer, and without its XMP packet.

    The new file is written beside the old one and swapped in, so a failure leaves the original intact.
    """
    path = Path(path)
    with pikepdf.open(path) as pdf:
        info = pdf.trailer.get("/Info")
        if isinstance(info, pikepdf.Dictionary):
            for key in IDENTIFYING_INFO_KEYS:
                if key in info:
                    del info[key]
        # XMP repeats the authors (dc:creator) and the tools; it is optional, so it goes entirely.
        if "/Metadata" in pdf.Root:
            del pdf.Root["/Metadata"]
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.close(handle)
        try:
            pdf.save(temporary)
        except BaseException:
            os.unlink(temporary)
            raise
    os.replace(temporary, path)
