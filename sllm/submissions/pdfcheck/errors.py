"""The one exception the PDF check raises for a file it refuses."""

REJECTION_CODES = frozenset({"empty", "not_pdf", "invalid_pdf", "encrypted", "active_content", "too_large"})


class PdfRejected(Exception):
    """A file that must not be stored or processed, with a stable machine code for APIs and the CLI."""

    def __init__(self, code: str, message: str):
        if code not in REJECTION_CODES:
            raise ValueError(f"unknown rejection code {code!r}")
        super().__init__(message)
        self.code = code
        self.message = message

    def as_dict(self) -> dict:
        return {"error": self.code, "message": self.message}
