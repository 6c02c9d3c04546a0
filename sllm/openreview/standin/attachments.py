"""Files attached to notes (a submission's PDF), served like the API's GET /attachment?id=&name=.

Kept apart from the store and the server so they can move as one piece: fixtures keep the files in
`attachments/` beside the JSON, named by the last part of the path in the note's field
(`/pdf/<hex>.pdf` -> `attachments/<hex>.pdf`); a test replaces one through POST /__standin__/attachments.
"""

import base64
from pathlib import Path

from .store.common import ApiError


def load_attachments(directory: str | Path) -> dict[str, bytes]:
    folder = Path(directory) / "attachments"
    if not folder.is_dir():
        return {}
    return {f"/{file.suffix.lstrip('.') or 'file'}/{file.name}": file.read_bytes() for file in folder.iterdir()}


def write_attachments(directory: str | Path, files: dict[str, bytes]) -> None:
    folder = Path(directory) / "attachments"
    folder.mkdir(parents=True, exist_ok=True)
    for path, data in files.items():
        (folder / path.rsplit("/", 1)[-1]).write_bytes(data)


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
