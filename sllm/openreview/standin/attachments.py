"""Files attached to notes (a submission's PDF, its supplementary material), served like the API's
GET /attachment?id=&name=.

Kept apart from the store and the server so they can move as one piece: fixtures keep the files in
`attachments/` beside the JSON, by the path in the note's field (`/pdf/<hex>.pdf` ->
`attachments/pdf/<hex>.pdf`, `/attachment/<hex>.zip` -> `attachments/attachment/<hex>.zip`); a test
replaces one through POST /__standin__/attachments.
"""

import base64
from pathlib import Path

from .store.common import ApiError


def load_attachments(directory: str | Path) -> dict[str, bytes]:
    folder = Path(directory) / "attachments"
    if not folder.is_dir():
        return {}
    return {
        "/" + file.relative_to(folder).as_posix(): file.read_bytes() for file in folder.rglob("*") if file.is_file()
    }


def write_attachments(directory: str | Path, files: dict[str, bytes]) -> None:
    folder = Path(directory) / "attachments"
    folder.mkdir(parents=True, exist_ok=True)
    for path, data in files.items():
        parts = [part for part in path.split("/") if part not in ("", ".", "..")]
        target = folder.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def attachment_bytes(store, files: dict[str, bytes], params: dict, caller: set[str]) -> bytes:
    """The file in the note's field, for a caller who may read the note (the note's readers rule)."""
    name = params.get("name")
    if not params.get("id") or not name:
        raise ApiError(400, "ValidationError", "id and name are required")
    note = store.get_notes({"id": params["id"]}, caller)["notes"][0]
    field = (note.get("content") or {}).get(name) or {}
    path = field.get("value") if isinstance(field, dict) else None
    if not isinstance(path, str) or path not in files:
        raise ApiError(404, "NotFoundError", f"The attachment {name} of {params['id']} was not found")
    return files[path]


def put_attachment(files: dict[str, bytes], body: dict) -> dict:
    """POST /__standin__/attachments {"path": "/pdf/x.pdf", "base64": "..."}: adds or replaces a file."""
    files[str(body["path"])] = base64.b64decode(body["base64"])
    return {"attachments": len(files)}
