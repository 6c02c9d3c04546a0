"""What every part of the stand-in's store shares: limits, the API's error, query-parameter parsing."""

KINDS = ("groups", "invitations", "notes", "edges", "profiles", "users")
MAX_LIMIT = 1000
NOTE_SORT_FIELDS = {"number", "cdate", "tcdate", "tmdate", "mdate", "ddate", "replyCount", "id"}


class ApiError(Exception):
    def __init__(self, status: int, name: str, message: str, details: dict | None = None):
        super().__init__(message)
        self.status = status
        self.name = name
        self.message = message
        self.details = details or {}

    def body(self, req_id: str) -> dict:
        return {
            "name": self.name,
            "message": self.message,
            "status": self.status,
            "details": {**self.details, "reqId": req_id},
        }


def _true(value) -> bool:
    return str(value).lower() == "true"


def _int_param(params: dict, name: str) -> int | None:
    raw = params.get(name)
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except ValueError:
        raise ApiError(
            400, "ValidationError", f"{name} must be an integer", {"path": name, "invalidValue": raw}
        ) from None


def _project(entity: dict, select: str | None) -> dict:
    """Keeps only the selected fields (`id`, `content.venueid`, ...)."""
    if not select:
        return entity
    out: dict = {}
    for path in (part.strip() for part in select.split(",") if part.strip()):
        head, _, rest = path.partition(".")
        if head not in entity:
            continue
        if rest and isinstance(entity[head], dict):
            inner = _project(entity[head], rest)
            out.setdefault(head, {}).update(inner)
        else:
            out[head] = entity[head]
    return out


class _Desc:
    """Inverts the ordering of any comparable value, so one key function serves both directions."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __lt__(self, other):
        return other.value < self.value

    def __eq__(self, other):
        return self.value == other.value


def _as_param(value) -> str:
    """How a content value reads in a query string: booleans as true/false, the rest as str."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
