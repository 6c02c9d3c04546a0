"""Organizers' mail templates: plain text with `{{ placeholder }}` fields and nothing else.

No template tags, filters or HTML run here: a template is checked against the placeholders its notification
offers, and rendered by substituting plain values, so an organizer's text can never reach an object's
method, another template or a recipient's browser. Pure functions; the mail services call them.
"""

import re
from collections.abc import Iterable, Mapping

PLACEHOLDER = re.compile(r"{{\s*(.*?)\s*}}", re.DOTALL)
NAME = re.compile(r"[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*")
SCRIPT = re.compile(r"<\s*/?\s*script\b", re.IGNORECASE)
TAGS = ("{%", "%}", "{#", "#}")


def placeholders_in(text: str) -> list[str]:
    return [match.group(1) for match in PLACEHOLDER.finditer(text)]


def template_problems(text: str, allowed: Iterable[str]) -> list[str]:
    """Every reason to refuse the text, each a sentence naming what is wrong; empty when it may be saved."""
    allowed = set(allowed)
    problems = []
    if SCRIPT.search(text):
        problems.append("Script tags are not allowed in an email.")
    if any(tag in text for tag in TAGS):
        problems.append("Template tags and comments ({% ... %}, {# ... #}) are not allowed; use placeholders.")
    unknown = []
    for name in placeholders_in(text):
        if not NAME.fullmatch(name) or name not in allowed:
            unknown.append(name)
    for name in dict.fromkeys(unknown):
        known = ", ".join(f"{{{{ {p} }}}}" for p in sorted(allowed))
        problems.append(f"Unknown placeholder {{{{ {name} }}}}; this email knows {known}.")
    rest = PLACEHOLDER.sub("", text)
    if "{{" in rest or "}}" in rest:
        problems.append("A placeholder is not closed: write it as {{ name }}.")
    return problems


def _resolve(context: Mapping, name: str) -> str:
    value = context
    for part in name.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return ""
        value = value[part]
    return "" if value is None else str(value)


def render(text: str, context: Mapping) -> str:
    """Substitutes each placeholder with its value (missing values become empty): the text is checked first."""
    return PLACEHOLDER.sub(lambda match: _resolve(context, match.group(1)), text)
