"""Acronyms: written out where a page first uses them, from glossary.yaml; a glossary page lists them.

Where a page (its body: the title bar is left alone) first uses an acronym of the glossary that has an
expansion in the page's language, the build writes it `<abbr title="what it stands for">ZOGAB</abbr>`;
later uses stay as typed, and so does an acronym an editor has already put in an <abbr>. Text in
another language than the page's (a `lang` attribute) is left alone. An expansion the glossary does
not confirm is never shown, and each one is listed for the staff with its line (it never stops a
build, even with FACTS_REFUSE_UNCONFIRMED: an acronym left unexpanded states nothing false).

Settings:
  GLOSSARY_FILE   the glossary (default glossary.yaml, beside the content folder)

Template context: `glossary`, the terms expanded in the site's language, [{term, spellings,
expansion}] in alphabetical order (the `glossary` template lists them).
"""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path

from pelican import signals

from zonelib import facts
from zonelib import glossary as terms_file
from zonelib import problems as findings
from zonelib.html import primary, text_filter
from zonelib.problems import ProblemsError, shown
from zonelib.settings import ZONES_DATA, project_path
from zonelib.signals import read_once

logger = logging.getLogger(__name__)

FILE = "GLOSSARY_FILE"
DEFAULTS = {FILE: "glossary.yaml"}
CONTEXT = "glossary"


def expander(entries: list[dict], lang: str):
    """Return what starts, for each page, the change (zonelib.html.text_filter) that writes out the
    first use of each term of entries (expanded in lang) in its text."""
    by_spelling = {spelling: entry for entry in entries for spelling in entry["spellings"]}
    if not by_spelling:
        return lambda: lambda text, text_lang, tags: text
    alternatives = "|".join(re.escape(spelling) for spelling in sorted(by_spelling, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)({alternatives})(?!\w)")

    def start():
        done = set()

        def write_out(match) -> str:
            entry = by_spelling[match[1]]
            if entry["term"] in done:
                return match[0]
            done.add(entry["term"])
            return f'<abbr title="{html.escape(entry["expansion"])}">{match[1]}</abbr>'

        def change(text: str, text_lang: str, tags: tuple) -> str:
            if "head" in tags or primary(text_lang) != lang:
                return text
            if "abbr" in tags:  # written out by hand: that is its first use
                done.update(by_spelling[found]["term"] for found in pattern.findall(text))
                return text
            return pattern.sub(write_out, text)

        return change

    return start


def read(settings: dict) -> list:
    """Return the checked terms of the glossary; log its problems and its unconfirmed expansions."""
    root = Path(settings["PATH"]).parent
    file = project_path(settings, settings[FILE])
    try:
        languages = list(settings[ZONES_DATA]["languages"])
        terms = read_once(settings, f"glossary {languages} {root}", file,
                          lambda: terms_file.load(file, languages, root))
    except ProblemsError as error:
        for problem in error.problems:
            findings.log(logger, problem)
        raise
    for fact in facts.unconfirmed_in(terms):
        findings.log(logger, facts.not_confirmed(shown(file, root), fact.line, fact.fact, fact.why))
    return terms


def configure(pelican) -> None:
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)


def install(generator) -> None:
    """Give the generator's templates the glossary of the site's language (read once per run:
    generators share their context), and write out the first use of each term in every page."""
    if CONTEXT not in generator.context:
        lang = generator.settings["DEFAULT_LANG"]
        generator.context[CONTEXT] = terms_file.expansions(read(generator.settings), lang)
    text_filter(generator.env, "glossary", expander(generator.context[CONTEXT], generator.settings["DEFAULT_LANG"]),
                markup=True)


def register() -> None:
    signals.initialized.connect(configure)
    signals.generator_init.connect(install)
