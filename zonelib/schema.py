"""Check YAML data against a JSON Schema and say what is wrong in plain words, with lines."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

import jsonschema

from .problems import Problem, did_you_mean
from .yamlines import line_of

TYPE_WORDS = {
    "string": "text (put it in quotes if it looks like a number or a date)",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "yes or no (true/false)",
    "array": "a list (lines starting with '- ')",
    "object": "a block of 'key: value' lines",
    "null": "empty",
    "date": "a date written like 2024-02-22",
    "datetime": "a date and time written like 2024-02-22 12:30",
    "when": "a date (2024-03-14) or a date and time in quotes (\"2024-03-14 12:30\")",
}
WHEN_FORMAT = "%Y-%m-%d %H:%M"
NAME_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"  # slugs, zone ids, file names of events
SLUG = {"type": "string", "pattern": NAME_PATTERN,
        "x-expected": "lowercase letters and digits joined by '-' (like mentions-legales)"}
UNTRANSLATED = {"type": "boolean"}  # true: published before its twin, with a notice on the other site
EVENT_NAME = {"type": "string", "pattern": NAME_PATTERN,
              "x-expected": "the file name of an agenda event without its language (like 2024-02-22-atelier)"}


def slugify(text: str) -> str:
    """Return text as a name that a web address keeps: "À propos du bassin" -> "a-propos-du-bassin"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", plain.lower()))


def parse_when(value) -> date | datetime | None:
    """Return a date (all day) or a naive datetime from a YAML value (a date, or text such as
    "2024-03-14" or "2024-03-14 12:30"), or None if it is neither."""
    if isinstance(value, (date, datetime)):
        return value
    if not isinstance(value, str):
        return None
    for parse in (lambda text: datetime.strptime(text, WHEN_FORMAT), date.fromisoformat):
        try:
            return parse(value.strip())
        except ValueError:
            continue
    return None


# YAML reads dates as real dates; JSON Schema only knows strings, so teach it "date" and "datetime".
_TYPES = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine_many({
    "date": lambda _, value: isinstance(value, date) and not isinstance(value, datetime),
    "datetime": lambda _, value: isinstance(value, datetime),
    "when": lambda _, value: parse_when(value) is not None,
})
Validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, type_checker=_TYPES)


def _label(location) -> str:
    """Name a place in the data the way a person would: 'phone', 'communes item 3'."""
    names = list(location)
    if not names:
        return "this file"
    if isinstance(names[-1], int):
        parent = next((n for n in reversed(names) if not isinstance(n, int)), "list")
        return f"'{parent}' item {names[-1] + 1}"
    return f"'{names[-1]}'"


def _describe(value) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a block of keys"
    return f"'{value}'"


def _messages(error) -> list[tuple[list, str]]:
    """Turn one jsonschema error into (location, message) pairs in plain words."""
    where = list(error.absolute_path)
    kind, schema, value = error.validator, error.schema, error.instance
    what = schema.get("title", "block")
    if kind == "required":
        return [(where, f"'{name}' is missing (every {what} needs one); add it")
                for name in error.validator_value if name not in value]
    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        return [(where + [key], f"unknown key '{key}'{did_you_mean(key, allowed)}; "
                                f"the keys allowed in a {what} are: {', '.join(allowed)}")
                for key in value if key not in allowed]
    if kind == "type":
        kinds = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        return [(where, f"{_label(where)} should be {' or '.join(TYPE_WORDS.get(k, k) for k in kinds)}, "
                        f"not {_describe(value)}")]
    if kind in ("pattern", "format"):
        expected = schema.get("x-expected", "in the expected form")
        return [(where, f"{_label(where)} is {_describe(value)}, which is not {expected}")]
    if kind == "enum":
        choices = [str(c) for c in error.validator_value]
        return [(where, f"{_label(where)} is {_describe(value)}{did_you_mean(value, choices)}; "
                        f"it must be one of: {', '.join(choices)}")]
    if kind == "minItems":
        return [(where, f"{_label(where)} must list at least {error.validator_value} item(s)")]
    if kind == "minLength":
        return [(where, f"{_label(where)} is empty; write something or remove the line")]
    if kind in ("minimum", "maximum"):
        return [(where, f"{_label(where)} is {_describe(value)}, outside the allowed range ({error.message})")]
    return [(where, f"{_label(where)}: {error.message}")]


def check(data, schema: dict, path: str) -> list[Problem]:
    """Return every problem of data against schema, each with the line it is on."""
    problems = []
    for error in Validator(schema).iter_errors(data):
        for where, message in _messages(error):
            problems.append(Problem(path, line_of(data, where), message))
    return sorted(set(problems))
