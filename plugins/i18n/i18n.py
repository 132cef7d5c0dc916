"""Translate the theme's interface strings with Babel catalogs; format dates with Babel's CLDR data.

Templates write whole sentences with named placeholders, `{{ _('Call %(phone)s', phone=…) }}`,
plurals with `ngettext`, dates with `{{ day | format_date }}`, times with `format_time` and numbers with
`{{ count | format_number }}` (never the machine's locale). Dates and times are written as Brussels
readers write them: "jeudi 1er février 2024", "12 h 30" in French; "12.30" in Dutch (the sentences add "uur").
The catalog of the site's language is read from its .po file and compiled in memory, once per run;
an entry without translation or marked fuzzy is a problem, with its line (nothing is compiled to
disk, so no compiled catalog can be out of date).

Settings:
  I18N_LOCALE     Babel locale of the site, like fr_BE (filled by the zones plugin)
  I18N_CATALOGS   folder holding <language>/LC_MESSAGES/messages.po (relative to the project)
"""

from __future__ import annotations

import logging
import re
from functools import partial

from pathlib import Path

from babel import Locale, dates, numbers, units
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from babel.support import Translations
from pelican import signals

from zonelib import problems as findings
from zonelib.messages import compile_catalog, say
from zonelib.problems import Problem, ProblemsError, shown
from zonelib.settings import I18N_CATALOGS, I18N_LOCALE, project_path
from zonelib.signals import read_once

logger = logging.getLogger(__name__)

DOMAIN = "messages"
CATALOG = "i18n_translations"  # the run's compiled catalog, kept in the context the generators share


# How times are written, by language: (on the hour, with minutes); other languages: CLDR's short form.
TIME_PATTERNS = {"fr": ("H\u00a0'h'", "H\u00a0'h'\u00a0mm"), "nl": ("H.mm", "H.mm")}
DAY = re.compile(r"(?<![d'])d(?![d'])")  # the day of the month in a CLDR pattern


def format_date(value, format: str = "long", *, locale: str) -> str:  # noqa: A002 (Babel's name)
    """Return a date as a reader of locale writes it (in French, the first of the month is "1er")."""
    if locale.startswith("fr") and value.day == 1 and format in ("full", "long", "medium"):
        format = DAY.sub("d'er'", dates.get_date_format(format, locale).pattern)  # noqa: A001
    return dates.format_date(value, format=format, locale=locale)


def format_time(value, *, locale: str) -> str:
    """Return a time of day as a reader of locale writes it: "12 h 30", "9 h" (fr); "12.30" (nl)."""
    patterns = TIME_PATTERNS.get(locale.split("_")[0])
    if patterns is None:
        return dates.format_time(value, format="short", locale=locale)
    return dates.format_time(value, format=patterns[bool(value.minute)], locale=locale)


def language_name(code: str, *, locale: str) -> str:
    """Return the name of language `code` in the site's language ("néerlandais", "Frans")."""
    return Locale.parse(code).get_display_name(locale)


def format_size(size: int, *, locale: str) -> str:
    """Return a file size the way readers of locale write it ("245 ko", "1,4 MB")."""
    if size < 1_000_000:
        return units.format_unit(max(1, round(size / 1000)), "digital-kilobyte", "short", locale=locale)
    return units.format_unit(round(size / 1_000_000, 1), "digital-megabyte", "short", locale=locale)


def catalog_problems(catalog: Catalog, name: str) -> list[Problem]:
    """Return the entries of a catalog that are not translated or marked fuzzy, with their lines."""
    problems = []
    for message in catalog:
        if not message.id:
            continue
        line = getattr(message, "lineno", None) or 1
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        if message.fuzzy:
            problems.append(Problem(name, line, say("the translation of '%(text)s' is marked fuzzy; check it "
                                                    "and remove the '#, fuzzy' line", text=msgid)))
        elif not message.string or (isinstance(message.string, tuple) and not all(message.string)):
            problems.append(Problem(name, line, say("'%(text)s' has no translation; fill in its msgstr",
                                                    text=msgid)))
    return problems


def catalog_file(folder: Path, locale: str) -> Path:
    """Return the .po file of a locale: <folder>/fr_BE/… if there is one, else <folder>/fr/…."""
    files = [folder / code / "LC_MESSAGES" / f"{DOMAIN}.po" for code in (locale, locale.split("_")[0])]
    return next((file for file in files if file.is_file()), files[-1])


def translations_of(settings: dict) -> Translations:
    """Read, check and compile the catalog of the site's locale; log its problems."""
    file = catalog_file(project_path(settings, settings[I18N_CATALOGS]), settings[I18N_LOCALE])
    name = shown(file, Path(settings["PATH"]).parent)
    try:
        with file.open("rb") as handle:
            catalog = read_po(handle)
    except OSError as error:
        problems = [Problem(name, 0, say("cannot read the catalog: %(why)s", why=error.strerror))]
    else:
        problems = catalog_problems(catalog, name)
    for problem in problems:
        findings.log(logger, problem)
    if problems:
        raise ProblemsError(problems)
    return compile_catalog(catalog, DOMAIN)


def install(generator) -> None:
    """Give the generator's templates the site language's catalog (compiled once per run: generators
    share their context) and Babel filters."""
    locale = generator.settings[I18N_LOCALE]
    if CATALOG not in generator.context:
        file = catalog_file(project_path(generator.settings, generator.settings[I18N_CATALOGS]), locale)
        generator.context[CATALOG] = read_once(generator.settings, "catalog", file,
                                               lambda: translations_of(generator.settings))
    translations = generator.context[CATALOG]
    env = generator.env
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(translations, newstyle=True)
    env.filters["format_date"] = partial(format_date, locale=locale)
    env.filters["format_time"] = partial(format_time, locale=locale)
    env.filters["format_percent"] = partial(numbers.format_percent, locale=locale)
    env.filters["format_number"] = partial(numbers.format_decimal, locale=locale)
    env.filters["format_size"] = partial(format_size, locale=locale)
    env.filters["language_name"] = partial(language_name, locale=locale)


def register() -> None:
    signals.generator_init.connect(install)
