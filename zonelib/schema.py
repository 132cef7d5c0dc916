"""Check YAML data against a JSON Schema and say what is wrong in plain words, with lines."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

import jsonschema

from .content import AGENDA
from .messages import say, say_n
from .problems import Problem, did_you_mean
from .yamlines import line_of

TYPE_WORDS = {
    "string": say("text (put it in quotes if it looks like a number or a date)"),
    "integer": say("a whole number"),
    "number": say("a number"),
    "boolean": say("yes or no (true/false)"),
    "array": say("a list (lines starting with '- ')"),
    "object": say("a block of 'key: value' lines"),
    "null": say("empty"),
    "date": say("a date written like 2024-02-22"),
    "datetime": say("a date and time written like 2024-02-22 12:30"),
    "when": say("a date (2024-03-14) or a date and time in quotes (\"2024-03-14 12:30\")"),
}
WHEN_FORMAT = "%Y-%m-%d %H:%M"
NAME_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"  # slugs, zone ids, file names of events


def labelled(schema: dict, label: str, hint: str | None = None, choices: dict | None = None, **more) -> dict:
    """Return a copy of schema with what the browser editor shows for the field (zonesites.editor):
    its label, a hint under it, and a label for each allowed value (`choices`), each a sentence
    for the staff (say()); `more` adds other x- keys: x-long (a paragraph, not a line), x-refers (the
    type folder whose items the value names, in the same scope), x-file ("image" or "file": the name
    of a file kept next to the item), x-regional (only content/region/ has it)."""
    extra = {"x-label": label, **({"x-hint": hint} if hint else {}), **({"x-choices": choices} if choices else {})}
    return {**schema, **extra, **{f"x-{key.replace('_', '-')}": value for key, value in more.items()}}


SLUG = labelled({"type": "string", "pattern": NAME_PATTERN,
                 "x-expected": say("lowercase letters and digits joined by '-' (like mentions-legales)")},
                say("Web address"), say("The end of the address in this language, like mentions-legales or "
                                        "wettelijke-vermeldingen; left empty, it is the file name."))
# true: published before its twin, with a notice on the other site
UNTRANSLATED = labelled({"type": "boolean"}, say("Published before its translation"),
                        say("Publishes this language before the other one is written: visitors of the other "
                            "language see a notice with a link to this page."))
DRAFT_CHOICE = {"draft": say("Draft (not on the sites)")}
STATUS = labelled({"enum": ["published", "draft"]}, say("Status"), say("A draft stays off the sites."),
                  {"published": say("Published"), **DRAFT_CHOICE})
EVENT_NAME = labelled({"type": "string", "pattern": NAME_PATTERN,
                       "x-expected": say("the file name of an agenda event without its language (like "
                                         "2024-02-22-atelier)")},
                      say("Event"), say("Chosen among the events of the same agenda (this zone's, or every zone's)."),
                      refers=AGENDA)


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
    """Name a place in the data the way a person would: 'phone', 'communes' item 3."""
    names = list(location)
    if not names:
        return say("this file")
    if isinstance(names[-1], int):
        parent = next((n for n in reversed(names) if not isinstance(n, int)), "list")
        return say("'%(list)s' item %(number)d", list=parent, number=names[-1] + 1)
    return f"'{names[-1]}'"


def dotted(location) -> str:
    """Name a place below a block the way staff read it: helpdesk.phone, 'communes' item 6."""
    text = ""
    for step in location:
        if isinstance(step, int):
            text = say("%(list)s item %(number)d", list=text or "list", number=step + 1)
        else:
            text = f"{text}.{step}" if text else str(step)
    return text


def _describe(value) -> str:
    if value is None:
        return say("empty")
    if isinstance(value, bool):
        return say("yes/no")
    if isinstance(value, (int, float)):
        return say("the number %(number)s", number=value)
    if isinstance(value, (list, tuple)):
        return say("a list")
    if isinstance(value, dict):
        return say("a block of keys")
    return f"'{value}'"


def _either(words: list[str]) -> str:
    """Return 'a or b or c' in the staff's language."""
    text = words[0]
    for word in words[1:]:
        text = say("%(first)s or %(second)s", first=text, second=word)
    return text


def _home_of(key: str, schema: dict) -> str | None:
    """Return the block of schema whose own keys include key (an 'address' written under 'place'
    but indented one level too little), or None."""
    for name, child in schema.get("properties", {}).items():
        if key in child.get("properties", {}) or key in child.get("items", {}).get("properties", {}):
            return name
    return None


def _unknown_key(key: str, schema: dict) -> str:
    allowed = sorted(schema.get("properties", {}))
    if home := _home_of(key, schema):
        return say("'%(key)s' belongs in the '%(block)s' block: indent it under '%(block)s:' with two more "
                   "spaces", key=key, block=home)
    if "title" in schema:
        return say("unknown key '%(key)s'%(suggestion)s; the keys allowed in a %(what)s are: %(allowed)s",
                   key=key, suggestion=did_you_mean(key, allowed), what=schema["title"], allowed=", ".join(allowed))
    return say("unknown key '%(key)s'%(suggestion)s; the keys allowed here are: %(allowed)s",
               key=key, suggestion=did_you_mean(key, allowed), allowed=", ".join(allowed))


def _messages(error) -> list[tuple[list, str]]:
    """Turn one jsonschema error into (location, message) pairs in plain words."""
    where = list(error.absolute_path)
    kind, schema, value = error.validator, error.schema, error.instance
    what = schema.get("title", say("block"))
    if kind == "required":  # a misspelled key is one problem (its unknown key), not two
        unknown = [key for key in value if key not in schema.get("properties", {})]
        return [(where, say("'%(key)s' is missing (every %(what)s needs one); add it", key=name, what=what))
                for name in error.validator_value if name not in value and not did_you_mean(name, unknown)]
    if kind == "additionalProperties":
        return [(where + [key], _unknown_key(key, schema))
                for key in value if key not in schema.get("properties", {})]
    if kind == "type":
        kinds = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        return [(where, say("%(place)s should be %(expected)s, not %(value)s", place=_label(where),
                            expected=_either([TYPE_WORDS.get(k, k) for k in kinds]), value=_describe(value)))]
    if kind in ("pattern", "format"):
        expected = schema.get("x-expected", say("in the expected form"))
        return [(where, say("%(place)s is %(value)s, which is not %(expected)s", place=_label(where),
                            value=_describe(value), expected=expected))]
    if kind == "enum":
        choices = [str(c) for c in error.validator_value]
        return [(where, say("%(place)s is %(value)s%(suggestion)s; it must be one of: %(choices)s",
                            place=_label(where), value=_describe(value),
                            suggestion=did_you_mean(value, choices), choices=", ".join(choices)))]
    if kind == "minItems":
        return [(where, say_n("%(place)s must list at least %(count)d item",
                              "%(place)s must list at least %(count)d items", error.validator_value,
                              place=_label(where)))]
    if kind == "minLength":
        return [(where, say("%(place)s is empty; write something or remove the line", place=_label(where)))]
    if kind in ("minimum", "maximum"):
        bound = schema.get(kind)
        template = ("%(place)s is %(value)s, but it must be at least %(bound)s" if kind == "minimum"
                    else "%(place)s is %(value)s, but it must be at most %(bound)s")
        return [(where, say(template, place=_label(where), value=_describe(value), bound=bound))]
    return [(where, say("%(place)s: %(error)s", place=_label(where), error=error.message))]


def check(data, schema: dict, path: str) -> list[Problem]:
    """Return every problem of data against schema, each with the line it is on."""
    problems = []
    for error in Validator(schema).iter_errors(data):
        for where, message in _messages(error):
            problems.append(Problem(path, line_of(data, where), message))
    return sorted(set(problems))
