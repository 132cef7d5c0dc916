"""Write what the browser editor saves into a YAML file as it was: the editor sends plain data, which
would lose the file's comments (the documentation at the top of zones.yaml, the notes beside
values), its anchors (`&brussels` … `*brussels`), its quotes, its one-line blocks and its key order.

The new data is merged into the file's own document (ruamel.yaml's round trip): a value that did not
change keeps its node as it is, with its comments and style; a changed one is replaced in place, so
only its own line changes. A value shared through an anchor and changed at one place gets a copy
there, the others keep sharing it. New list items and keys
take the layout of their neighbours. Empty values the editor writes for fields left blank ('' or
no item, an unticked box) are left out, unless the file had them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import json
import re

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

FENCE = "---\n"
DATE_LIKE = re.compile(r"^\d{4}-\d{2}(-\d{2})?( \d{2}:\d{2})?$")  # a date, a cycle, a time: text YAML could misread


def _yaml() -> YAML:
    document = YAML()  # round trip
    document.preserve_quotes = True
    document.width = 4096  # never fold a long line
    document.indent(mapping=2, sequence=4, offset=2)
    return document


def _empty(value) -> bool:
    return value is None or value is False or (isinstance(value, (str, list, dict)) and not value)


def _key(value) -> str:
    """Return a comparable text for any value (list items are aligned by it)."""
    return json.dumps(value, sort_keys=True, default=str)


def _same(old, new) -> bool:
    """Return whether a value of the file and one from the editor say the same (a date written as text
    is the same date; True is not 1)."""
    if isinstance(old, dict) and isinstance(new, dict):
        return old.keys() == new.keys() and all(_same(old[key], new[key]) for key in old)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(_same(a, b) for a, b in zip(old, new))
    if isinstance(old, dt.date) and isinstance(new, str):
        return old.isoformat() == new or (isinstance(old, dt.datetime) and old.strftime("%Y-%m-%d %H:%M") == new)
    if isinstance(old, bool) or isinstance(new, bool):
        return isinstance(old, bool) and isinstance(new, bool) and old == new
    if isinstance(old, str) != isinstance(new, str):
        return False
    return old == new


def cleaned(new, old):
    """Return the editor's data without the empty values of fields left blank (those the file had stay)."""
    if isinstance(new, dict):
        kept = {}
        for key, value in new.items():
            before = old.get(key) if isinstance(old, dict) else None
            value = cleaned(value, before)
            if not _empty(value) or (isinstance(old, dict) and key in old):
                kept[key] = value
        return kept
    if isinstance(new, list):  # an item as the file has it stays whole; in any other, blanks go
        olds = old if isinstance(old, list) else []
        return [item if any(_same(before, item) for before in olds) else cleaned(item, None) for item in new]
    return new


def _node(value, like=None):
    """Return plain data as a node of the document, laid out like `like` (a neighbour) when given."""
    if isinstance(value, dict):
        node = CommentedMap()
        for key, item in value.items():
            node[key] = _node(item, like.get(key) if isinstance(like, dict) else None)
        if isinstance(like, CommentedMap) and like.fa.flow_style():
            node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        node = CommentedSeq(_node(item, like[0] if isinstance(like, list) and like else None) for item in value)
        if isinstance(like, CommentedSeq) and like.fa.flow_style():
            node.fa.set_flow_style()
        return node
    if isinstance(value, str) and isinstance(like, (DoubleQuotedScalarString, SingleQuotedScalarString)):
        return type(like)(value)
    if isinstance(value, str) and DATE_LIKE.match(value):  # "2024-03-14 12:30": in quotes, as the README shows
        return DoubleQuotedScalarString(value)
    return value


def _shared(document) -> set[int]:
    """Return the ids of the blocks and lists of the document that more than one place holds (anchors)."""
    seen, shared = set(), set()

    def walk(node) -> None:
        if not isinstance(node, (dict, list)):
            return
        if id(node) in seen:
            shared.add(id(node))
            return
        seen.add(id(node))
        for child in node.values() if isinstance(node, dict) else node:
            walk(child)

    walk(document)
    return shared


def _neighbour(siblings: list, value):
    """Return the value among a block's a new key's value takes its layout from: the first block or
    list, or for text the first quoted text (a source added beside a quoted note is quoted too)."""
    if isinstance(value, (dict, list)):
        return next(iter(siblings), None)
    if isinstance(value, str):
        return next((item for item in siblings
                     if isinstance(item, (DoubleQuotedScalarString, SingleQuotedScalarString))), None)
    return None


def _merge(old, new, shared: set[int]):
    """Return the node that holds `new` where `old` was."""
    if _same(old, new):
        return old
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        if id(old) in shared:
            return _node(new, like=old)
        siblings = list(old.values())
        for key in [key for key in old if key not in new]:
            del old[key]
        for index, (key, value) in enumerate(new.items()):
            if key in old:
                if not _same(old[key], value):
                    old[key] = _merge(old[key], value, shared)
            else:
                after = [k for k in list(new)[:index] if k in old]
                position = list(old).index(after[-1]) + 1 if after else 0
                old.insert(position, key, _node(value, like=_neighbour(siblings, value)))
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        if id(old) in shared:
            return _node(new, like=old)
        like = old[-1] if old else None
        matcher = difflib.SequenceMatcher(a=[_key(item) for item in old], b=[_key(item) for item in new],
                                          autojunk=False)
        result = []
        for operation, a, b, c, d in matcher.get_opcodes():
            if operation == "equal":
                result += old[a:b]
                continue
            pairs = min(b - a, d - c)
            result += [_merge(old[a + i], new[c + i], shared) for i in range(pairs)]
            result += [_node(item, like) for item in new[c + pairs:d]]
        del old[len(result):]
        for index, item in enumerate(result):
            if index < len(old):
                if old[index] is not item:
                    old[index] = item
            else:
                old.append(item)
        return old
    return _node(new, like=old)


def _part(schema: dict, key: str) -> dict | None:
    """Return the schema of one key of a block."""
    extra = schema.get("additionalProperties")
    return schema.get("properties", {}).get(key) or (extra if isinstance(extra, dict) else None)


def ordered(data, schema: dict | None):
    """Return data with the keys of each block in the order of its JSON Schema's properties (the
    editor writes a new list item's keys in the order they were filled in)."""
    if not schema:
        return data
    if isinstance(data, dict):
        rank = {key: index for index, key in enumerate(schema.get("properties", {}))}
        return {key: ordered(data[key], _part(schema, key)) for key in sorted(data, key=lambda k: rank.get(k, len(rank)))}
    if isinstance(data, list):
        return [ordered(item, schema.get("items")) for item in data]
    return data


def merge_yaml(old_text: str | None, new_data, schema: dict | None = None) -> str:
    """Return the text of a YAML file holding new_data, written into old_text (None for a new file);
    new keys take the order of schema's properties."""
    document = _yaml()
    old = document.load(old_text) if old_text and old_text.strip() else None
    new = ordered(cleaned(new_data, old), schema)
    merged = _merge(old, new, _shared(old)) if old is not None else _node(new)
    out = io.StringIO()
    document.dump(merged, out)
    return out.getvalue()


def split_front_matter(text: str) -> tuple[str, str]:
    """Return (front matter, body) of a Markdown file with a front-matter block ('' when it has none)."""
    if not text.startswith(FENCE):
        return "", text
    front, fence, body = text[len(FENCE):].partition("\n" + FENCE)
    if not fence:
        front, fence, body = text[len(FENCE):].partition(FENCE)
        return (front, body) if fence else ("", text)
    return front + "\n", body


def merge_markdown(old_text: str | None, new_text: str, schema: dict | None = None) -> str:
    """Return the Markdown file the editor saved (new_text), with the front matter written into the
    file's own (old_text, None for a new file); the text under it is the editor's."""
    front, body = split_front_matter(new_text)
    old_front = split_front_matter(old_text)[0] if old_text else None
    data = yaml.safe_load(front) if front.strip() else {}
    merged = merge_yaml(old_front, data or {}, schema)
    body = body.lstrip("\n")
    return f"{FENCE}{merged}{FENCE}{body if body.endswith(chr(10)) or not body else body + chr(10)}"


def merge_data(old_text: str | None, new_text: str, schema: dict | None = None) -> str:
    """Return a YAML data file the editor saved (new_text), written into the file's own text."""
    return merge_yaml(old_text, yaml.safe_load(new_text) or {}, schema)
