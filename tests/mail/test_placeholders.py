import pytest

from sllm.mail.placeholders import placeholders_in, render, template_problems

ALLOWED = ["name", "paper.title", "deadline"]


def test_placeholders_are_found_with_or_without_spaces():
    assert placeholders_in("Dear {{name}}, {{ paper.title }} is due {{  deadline }}.") == [
        "name",
        "paper.title",
        "deadline",
    ]


def test_known_placeholders_pass():
    assert template_problems("Dear {{ name }}, {{ paper.title }} is due {{ deadline }}.", ALLOWED) == []


def test_unknown_placeholder_is_named_once_with_what_is_known():
    assert template_problems("{{ paper.titel }} and {{ paper.titel }}", ALLOWED) == [
        "Unknown placeholder {{ paper.titel }}; this email knows {{ deadline }}, {{ name }}, {{ paper.title }}."
    ]


@pytest.mark.parametrize(
    "text", ["{{ name|upper }}", "{{ name.__class__ }}", "{{ 'x' }}", "{{ }}", "{{ paper.title.delete }}"]
)
def test_filters_attributes_and_literals_are_unknown_placeholders(text):
    problems = template_problems(text, ALLOWED)
    assert len(problems) == 1
    assert problems[0].startswith("Unknown placeholder {{ ")


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "<SCRIPT src=x>", "< script>", "</script >"])
def test_script_tags_are_refused(text):
    assert template_problems(text, ALLOWED) == ["Script tags are not allowed in an email."]


@pytest.mark.parametrize("text", ['{% include "x" %}', "{% load static %}", "{# hidden #}"])
def test_template_tags_are_refused(text):
    assert template_problems(text, ALLOWED) == [
        "Template tags and comments ({% ... %}, {# ... #}) are not allowed; use placeholders."
    ]


@pytest.mark.parametrize("text", ["Dear {{ name", "Dear name }}", "{{ name }} {{"])
def test_unclosed_placeholders_are_refused(text):
    assert template_problems(text, ALLOWED) == ["A placeholder is not closed: write it as {{ name }}."]


def test_render_fills_values_and_leaves_nothing_of_missing_ones():
    text = 'Dear {{ name }}, "{{ paper.title }}" ({{ paper.number }}) is due {{deadline}}.'
    values = {"name": "Ada", "paper": {"title": "Sparse <b>"}, "deadline": None}
    assert render(text, values) == 'Dear Ada, "Sparse <b>" () is due .'


def test_render_never_reaches_attributes_of_objects():
    class Secret:
        title = "leaked"

    assert render("{{ paper.title }}", {"paper": Secret()}) == ""
