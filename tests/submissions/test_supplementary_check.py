"""The content check of supplementary material: a PDF or a zip by its bytes, a zip opened but never
unpacked, each refusal with its code and a sentence."""

import io
import stat
import zipfile

import pytest

from sllm.submissions.supplementary import SupplementaryRejected, inspect_supplementary
from tests.pdfs import simple_paper_bytes

MAX = 200_000


def zip_bytes(members: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED, tweak=None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compression) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = compression
            if tweak:
                tweak(info)
            archive.writestr(info, data)
    return out.getvalue()


def check(tmp_path, data: bytes):
    path = tmp_path / "upload.bin"
    path.write_bytes(data)
    return inspect_supplementary(path, max_bytes=MAX)


def refusal(tmp_path, data: bytes) -> tuple[str, str]:
    with pytest.raises(SupplementaryRejected) as caught:
        check(tmp_path, data)
    return caught.value.code, caught.value.message


def test_a_pdf_is_checked_like_a_submission_without_a_page_limit(tmp_path):
    found, report = check(tmp_path, simple_paper_bytes(body_pages=7))

    assert (found, report.pages, report.main_pages, report.limit, report.within_limit) == ("pdf", 8, 0, None, True)


def test_a_sound_zip_passes_whatever_its_name(tmp_path):
    found, report = check(tmp_path, zip_bytes({"code/train.py": b"print('sparse')\n", "README.md": b"# Appendix\n"}))

    assert (found, report.pages, report.within_limit, report.page_size) == ("zip", 0, True, "")


def _symlink(info):
    info.external_attr = (stat.S_IFLNK | 0o777) << 16


def _encrypted() -> bytes:
    # zipfile writes no encrypted member: set the flag in the local header and the central directory.
    data = bytearray(zip_bytes({"secret.txt": b"x"}))
    data[6] |= 0x1
    data[data.find(b"PK\x01\x02") + 8] |= 0x1
    return bytes(data)


def _damaged() -> bytes:
    sound = zip_bytes({"data.txt": b"A" * 64}, compression=zipfile.ZIP_STORED)
    return sound.replace(b"A" * 64, b"A" * 63 + b"B", 1)


@pytest.mark.parametrize(
    ("data", "code", "message"),
    [
        (b"", "empty", "The file is empty."),
        (b"x" * (MAX + 1), "too_large", f"The file has {MAX + 1} bytes; at most {MAX}."),
        (b"\x7fELF binary", "unknown_format", "Supplementary material is a PDF or a zip file."),
        (b"%PDF-1.7 broken", "invalid_pdf", "The file is truncated (no end-of-file marker)."),
        (
            zip_bytes({"../../etc/cron.d/evil": b"x"}),
            "unsafe_zip",
            "../../etc/cron.d/evil points outside the zip's folder.",
        ),
        (zip_bytes({"/etc/passwd": b"x"}), "unsafe_zip", "/etc/passwd points outside the zip's folder."),
        (
            zip_bytes({"C:/Windows/evil.dll": b"x"}),
            "unsafe_zip",
            "C:/Windows/evil.dll points outside the zip's folder.",
        ),
        (zip_bytes({"link": b"/etc/passwd"}, tweak=_symlink), "unsafe_zip", "link is a link."),
        (_encrypted(), "encrypted", "secret.txt is encrypted."),
        (
            zip_bytes({"zeros.bin": bytes(10 * MAX + 1)}),
            "too_large",
            f"The zip unpacks to {10 * MAX + 1} bytes; at most {10 * MAX}.",
        ),
        (_damaged(), "invalid_zip", "data.txt is damaged (its checksum is wrong)."),
        (b"PK\x03\x04 and then nothing", "invalid_zip", "The zip cannot be read (File is not a zip file)."),
    ],
    ids=[
        "empty",
        "too-large",
        "unknown",
        "broken-pdf",
        "climbing-path",
        "absolute-path",
        "drive-path",
        "symlink",
        "encrypted",
        "bomb",
        "bad-checksum",
        "not-a-zip",
    ],
)
def test_refusals_name_the_problem(tmp_path, data, code, message):
    assert refusal(tmp_path, data) == (code, message)


def test_a_zip_with_too_many_members_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("sllm.submissions.supplementary.MAX_MEMBERS", 3)

    assert refusal(tmp_path, zip_bytes({f"f{i}.txt": b"x" for i in range(4)})) == (
        "too_many_files",
        "The zip holds 4 files; at most 3.",
    )
