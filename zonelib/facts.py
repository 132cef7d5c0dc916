"""Facts that carry their confirmation: what the data says is not confirmed yet, and why.

In a data file (zones.yaml, glossary.yaml) a fact written plainly is confirmed:

    phone: "+32 2 880 29 87"

A fact may also be written as a block that names its source, or says that it is not confirmed and
why (then its value may be left out when it is not known at all):

    phone: {value: "+32 2 880 29 87", source: "seed 003"}
    phone: {value: "+32 2 880 29 88", unconfirmed: "seed 001 gives it for the team, not the helpdesk"}
    phone: {unconfirmed: "the zone's own number is not published"}

A block of its own (a commune, a list of members) takes `source:` or `unconfirmed:` among its keys.

Schemas mark where a fact may carry its confirmation with `fact(schema)` (one value) or
`fact_block(schema)` (a block of keys); `confirmations(data, schema)` then replaces each one by its
value, an Unconfirmed value or an UnconfirmedBlock. An Unconfirmed value cannot be shown by mistake:
writing it out (in a template, a sentence, a tel: link or JSON-LD) raises ShownAsConfirmed, so a
template must test it (`{% if zone.phone is confirmed %}`) and say what it is. A block marked
unconfirmed is still a block (a commune keeps its name and its note): templates test it the same way.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from . import problems as findings
from .messages import say
from .problems import NotConfirmed, Problem
from .schema import labelled
from .settings import FACTS_REFUSE_UNCONFIRMED
from .yamlines import Map, Seq

SOURCE, UNCONFIRMED, VALUE = "source", "unconfirmed", "value"
NOTE = {"type": "string", "minLength": 1}
CONFIRMATION = {  # the keys a block may add to its own, with what the browser editor shows for them
    SOURCE: labelled(NOTE, say("Source"), say("Where the fact comes from: a source document, the reference file, "
                                              "or 'given by the zone team on …'.")),
    UNCONFIRMED: labelled(NOTE, say("Not confirmed: why"), say("Visitors are told that it is not confirmed. "
                                                               "Empty this field once it is.")),
}
FACT = "x-fact"  # schema mark: "value" (a value or its block) or "block" (a block of keys)


class ShownAsConfirmed(Exception):
    """A template wrote out a value that the data says is not confirmed."""


@dataclass(frozen=True)
class Unconfirmed:
    """A value the data says is not confirmed: `value` (None when not known at all), `why`, and where
    it is written (`fact`, its name as staff read it, `line`: that of its `unconfirmed:`)."""

    value: object
    why: str
    fact: str
    line: int

    def _refuse(self, *_):
        raise ShownAsConfirmed(say("a template shows %(fact)s as a confirmed fact, but the data says it is not "
                                   "confirmed (line %(line)d: %(why)s); test it with 'is confirmed' and say "
                                   "what it is", fact=self.fact, line=self.line, why=self.why))

    __str__ = __html__ = __iter__ = __format__ = _refuse

    def __bool__(self) -> bool:
        return True

    def __getattr__(self, attribute):
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        return self._refuse()


class UnconfirmedBlock(dict):
    """A block of keys (a commune, a list of members) the data says is not confirmed; `why`, `fact`
    and `line` as for Unconfirmed (attributes that no key of a block may shadow in a template)."""

    def __init__(self, items, why: str, fact: str, line: int):
        super().__init__(items)
        self.why, self.fact, self.line = why, fact, line

    def __reduce__(self):
        return UnconfirmedBlock, (dict(self), self.why, self.fact, self.line)


def is_confirmed(value) -> bool:
    """Return whether a value of the data is confirmed (the Jinja test `confirmed`)."""
    return not isinstance(value, (Unconfirmed, UnconfirmedBlock))


def confirmed_value(value):
    """Return a value of the data if it is confirmed, else None (for data written as JSON)."""
    return value if is_confirmed(value) else None


def fact(schema: dict) -> dict:
    """Return the schema of a value that may also be written {value: …, source: …} or
    {value: …, unconfirmed: …} ({unconfirmed: …} alone when the value is not known)."""
    block = {"title": say("fact block"), "type": "object", "additionalProperties": False,
             "properties": {VALUE: schema, **CONFIRMATION},
             "if": {"not": {"required": [UNCONFIRMED]}},
             "then": {"title": say("fact block without 'unconfirmed'"), "required": [VALUE]}}
    return {FACT: VALUE, "if": {"type": "object"}, "then": block, "else": schema}


def fact_block(schema: dict) -> dict:
    """Return the schema of a block of keys that may also say `source:` or `unconfirmed:`."""
    return {**schema, FACT: "block", "properties": {**schema["properties"], **CONFIRMATION}}


def confirmations(data, schema: dict, name=lambda location: ".".join(map(str, location)), line: int = 1,
                  location: tuple = ()):
    """Return data (checked against schema) with every fact replaced by its value, or an Unconfirmed
    value or block; `name(location)` says which fact it is, for the staff."""
    kind = schema.get(FACT)
    if kind == VALUE:
        if not isinstance(data, dict):
            return data
        value = confirmations(data.get(VALUE), schema["then"]["properties"][VALUE], name,
                              data.lines.get(VALUE, line) if isinstance(data, Map) else line, location)
        if UNCONFIRMED in data:
            return Unconfirmed(value, data[UNCONFIRMED], name(location), _line_of(data, UNCONFIRMED, line))
        return value
    if isinstance(data, dict):
        result = Map() if isinstance(data, Map) else {}
        if isinstance(data, Map):
            result.line, result.lines = data.line, dict(data.lines)
        properties, other = schema.get("properties", {}), schema.get("additionalProperties")
        for key, item in data.items():
            if kind == "block" and key in CONFIRMATION:
                continue
            child = properties.get(key, other if isinstance(other, dict) else {})
            here = data.lines.get(key, line) if isinstance(data, Map) else line
            result[key] = confirmations(item, child, name, here, (*location, key))
        if kind == "block" and UNCONFIRMED in data:
            return UnconfirmedBlock(result, data[UNCONFIRMED], name(location), _line_of(data, UNCONFIRMED, line))
        return result
    if isinstance(data, list):
        items = schema.get("items", {})
        result = Seq()
        result.line = getattr(data, "line", line)
        for index, item in enumerate(data):
            here = data.lines[index] if isinstance(data, Seq) else line
            result.append(confirmations(item, items, name, here, (*location, index)))
            result.lines.append(here)
        return result
    return data


def _line_of(data, key: str, default: int) -> int:
    """Return the line of a key of a block read from YAML (where staff confirm the fact)."""
    return data.lines.get(key, default) if isinstance(data, Map) else default


def unconfirmed_in(data) -> list:
    """Return every Unconfirmed value and block in data, in the order they are written."""
    found = []
    if isinstance(data, (Unconfirmed, UnconfirmedBlock)):
        found.append(data)
    values = (data.value,) if isinstance(data, Unconfirmed) else (
        data.values() if isinstance(data, dict) else data if isinstance(data, list) else ())
    for value in values:
        found += unconfirmed_in(value)
    return found


def localized(value, pick):
    """Return value with `pick` applied inside, keeping what it says of its confirmation (zonefile.localize)."""
    if isinstance(value, Unconfirmed):
        return dataclasses.replace(value, value=pick(value.value))
    if isinstance(value, UnconfirmedBlock):
        return UnconfirmedBlock(pick(dict(value)), value.why, value.fact, value.line)
    return pick(value)


def report(logger, settings: dict, path: str, line: int, fact: str, why: str) -> None:
    """Log a fact that is not confirmed: listed for the staff after the build, or a problem that stops
    it when the setting FACTS_REFUSE_UNCONFIRMED is true (publishconf.py may set it)."""
    if settings.get(FACTS_REFUSE_UNCONFIRMED):
        findings.log(logger, Problem(path, line, say("%(fact)s is not confirmed (%(why)s); publishing refuses "
                                                     "unconfirmed facts (%(setting)s): confirm it, or leave it "
                                                     "out", fact=fact, why=why, setting=FACTS_REFUSE_UNCONFIRMED)))
    else:
        findings.log(logger, not_confirmed(path, line, fact, why))


def not_confirmed(path: str, line: int, fact: str, why: str) -> NotConfirmed:
    """Return the finding that lists a fact not confirmed yet for the staff (never a problem)."""
    return NotConfirmed(path, line, say("%(fact)s is not confirmed: %(why)s", fact=fact, why=why))
