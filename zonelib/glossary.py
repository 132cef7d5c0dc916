"""Load and validate glossary.yaml: the acronyms of the sites and what they stand for in each language."""

from __future__ import annotations

from pathlib import Path

from . import schema as schemas
from . import yamlines
from .facts import confirmations, fact, fact_block, is_confirmed
from .messages import say
from .problems import Problem, ProblemsError

TEXT = {"type": "string", "minLength": 1}


def glossary_schema(languages: list[str]) -> dict:
    """Return the JSON Schema of glossary.yaml for the given language codes."""
    entry = fact_block({
        "title": say("term"), "type": "object", "additionalProperties": False, "required": ["term"],
        "properties": {
            "term": TEXT,
            "variants": {"type": "array", "minItems": 1, "items": TEXT},
            "expansion": {"title": say("expansion"), "type": "object", "additionalProperties": False,
                          "minProperties": 1, "properties": {code: fact(TEXT) for code in languages}},
        },
        "if": {"not": {"required": ["unconfirmed"]}},
        "then": {"title": say("term without 'unconfirmed'"), "required": ["expansion"]},
    })
    return {"title": say("glossary.yaml file"), "type": "object", "additionalProperties": False,
            "required": ["terms"], "properties": {"terms": {"type": "array", "items": entry}}}


def _twice(terms: list, path: str) -> list[Problem]:
    """Report a spelling written for two terms (which of them would a page expand?)."""
    problems, seen = [], {}
    for index, entry in enumerate(terms):
        for spelling in [entry["term"], *entry.get("variants", [])]:
            line = yamlines.line_of(terms, [index])
            if spelling in seen:
                problems.append(Problem(path, line, say("'%(term)s' is already in the glossary (line %(first)d); "
                                                        "keep one of them", term=spelling, first=seen[spelling])))
            else:
                seen[spelling] = line
    return problems


def load(file: Path, languages: list[str], root: Path | None = None) -> list:
    """Read and check glossary.yaml; return its terms, each expansion its value or an Unconfirmed
    (zonelib.facts); raise ProblemsError listing every problem with its line."""
    path, data = yamlines.load_file(Path(file), root)
    schema = glossary_schema(languages)
    problems = schemas.check(data, schema, path) if isinstance(data, dict) else [
        Problem(path, 1, say("the file must be a block with one key, terms, listing the acronyms"))]
    if not problems:
        problems = _twice(data["terms"], path)
    if problems:
        raise ProblemsError(problems)

    def name(location: tuple) -> str:
        entry = data["terms"][location[1]]
        return say("%(fact)s of '%(term)s'", fact=schemas.dotted(location[2:]) or say("the expansion"),
                   term=entry["term"])

    return confirmations(data, schema, name)["terms"]


def expansions(terms: list, lang: str) -> list[dict]:
    """Return the terms that are expanded in lang, {term, spellings, expansion}, in alphabetical order."""
    found = []
    for entry in terms:
        expansion = entry.get("expansion", {}).get(lang) if is_confirmed(entry) else None
        if expansion is not None and is_confirmed(expansion):
            found.append({"term": entry["term"], "spellings": [entry["term"], *entry.get("variants", [])],
                          "expansion": expansion})
    return sorted(found, key=lambda item: item["term"].casefold())
