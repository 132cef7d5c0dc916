"""YAML mistakes in plain words, on their line: what a new editor types wrong, and what they read."""

from __future__ import annotations

import pytest

from zonelib import schema, yamlines
from zonelib.problems import ProblemsError


@pytest.mark.parametrize(("text", "line", "message"), [
    ("title: X\nplace:\n\tname: Maison\n", 3, "there is a tab at the start of this line"),
    ("title: Réunion: bilan\n", 1, "this line has a second ':' in its text; put the text after the key in double "
                                   "quotes"),
    ("title: X\n  category: other\n", 2, "this line starts further right than the line above it"),
    ("place:\n  name: Maison\n   address: Rue X\n", 3, "this line starts further right than the line above it"),
    ('title: "Réunion" bilan\n', 1, "a text that starts with a quote must end with it"),
    ("title: 'Réunion' d'été\n", 1, "a text that starts with a quote must end with it"),
    ('title: "Réunion\ncategory: other\n', 1, "a text opened with a quote is never closed"),
    ("title: @équipe\n", 1, "a text cannot start with '@'; put the whole text in double quotes"),
    ("zones: [sud, nord\n", 1, "never closed on this line or the lines before; add the closing ']' or '}'"),
    ("title: *x\n", 1, "'*' names a block marked with '&' that does not exist"),
    ("title: X\n---\nslug: x\n", 2, "a second '---' line starts another block"),
    ("title: X\ntitle: Y\n", 2, "'title' is written twice in the same block (first on line 1)"),
])
def test_a_yaml_mistake_is_said_in_plain_words_on_its_line(text, line, message):
    with pytest.raises(ProblemsError) as error:
        yamlines.load(text, "x.fr.md", 1)
    assert [(p.line, message in p.message) for p in error.value.problems] == [(line, True)], error.value.problems


def test_a_key_one_level_too_far_left_is_told_to_go_under_its_block():
    event = {"type": "object", "additionalProperties": False, "properties": {
        "title": {"type": "string"},
        "place": {"type": "object", "additionalProperties": False,
                  "properties": {"name": {"type": "string"}, "address": {"type": "string"}}}}}
    data = yamlines.load("title: X\nplace:\n  name: Maison\naddress: Rue X 1\nsumary: x\n", "x", 2)
    assert [str(p) for p in schema.check(data, event, "x")] == [
        "x:5: 'address' belongs in the 'place' block: indent it under 'place:' with two more spaces",
        "x:6: unknown key 'sumary'; the keys allowed here are: place, title"]


@pytest.mark.parametrize(("line", "dropped"), [
    ("title: Atelier #3", True),
    ("  - title: Thème #2", True),
    ('title: "Atelier #3"', False),
    ("title: Atelier#3", False),  # no space before '#': YAML keeps it
    ("# summary: …", False),
    ("title: C# et F#", False),
])
def test_text_after_a_hash_is_not_dropped_silently(line, dropped):
    assert bool(yamlines.dropped_text(f"{line}\n", "x", 4)) == dropped
