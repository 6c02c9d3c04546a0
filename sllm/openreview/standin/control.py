"""The stand-in's test-control routes under /__standin__/: faults, clock, seeding, budgets, logs, files."""

import time

from .attachments import put_attachment
from .state import CONTROL, Fault
from .store import ApiError


class ControlRoutes:
    """Mixed into the handler: tests change the stand-in's state only through these routes."""

    def _control(self, method: str, path: str, params: dict):  # noqa: C901 -- one dispatch table of test-control routes, read top to bottom
        state = self.state
        body = self._body() if method == "POST" else None
        if path == "/faults" and method == "POST":
            with state.lock:
                state.faults = [f for f in state.faults if f.count > 0]
                for item in body if isinstance(body, list) else [body or {}]:
                    state.faults.append(
                        Fault(
                            route=item.get("route", "*"),
                            kind=str(item["kind"]),
                            count=int(item.get("count", 1)),
                            retry_after=int(item.get("retry_after", 1)),
                            delay=float(item.get("delay", 0)),
                            method=item.get("method"),
                        )
                    )
            return self._send(200, {"faults": len(state.faults)})
        if path == "/faults" and method == "GET":
            return self._send(200, {"faults": [vars(f) for f in state.faults if f.count > 0]})
        if path == "/clock":
            if method == "POST":
                body = body or {}
                if "now" in body:
                    state.store.clock_offset_ms = int(body["now"]) - int(time.time() * 1000)
                state.store.clock_offset_ms += int(float(body.get("advance", 0)) * 1000)
            return self._send(200, {"now": state.store.now_ms()})
        if path == "/seed" and method == "POST":
            counts = {}
            for kind, entities in (body or {}).items():
                if kind == "delete":
                    for del_kind, del_ids in entities.items():
                        for entity_id in del_ids:
                            state.store.soft_delete(del_kind, entity_id)
                    continue
                for entity in entities:
                    state.store.upsert(kind, entity)
                counts[kind] = len(entities)
            return self._send(200, {"seeded": counts})
        if path == "/config" and method == "POST":
            body = body or {}
            if "anonymous" in body:
                state.settings.anonymous = body["anonymous"]
            if "budgets" in body:
                state.settings.budgets.update(body["budgets"])
                state.usage.clear()
            if "window_s" in body:
                state.settings.window_s = int(body["window_s"])
            return self._send(200, {"anonymous": state.settings.anonymous, "budgets": state.settings.budgets})
        if path == "/messages":
            if method == "POST":
                state.messages.clear()
            return self._send(200, {"messages": state.messages.list()})
        if path == "/attachments" and method == "POST":
            return self._send(200, put_attachment(state.attachments, body or {}))
        if path == "/requests":
            if method == "POST":
                state.requests.clear()
            return self._send(200, {"requests": list(state.requests)})
        raise ApiError(404, "NotFoundError", f"The path {CONTROL}{path} was not found")
