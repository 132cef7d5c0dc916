"""Translate the theme's interface strings with Babel catalogs; format dates with Babel's CLDR data.

Templates write whole sentences with named placeholders, `{{ _('Call %(phone)s', phone=…) }}`, and
dates with `{{ day | format_date }}` (never the machine's locale).

Settings:
  I18N_LOCALE     Babel locale of the site, like fr_BE (filled by the build tool)
  I18N_CATALOGS   folder holding <language>/LC_MESSAGES/messages.mo
"""

from __future__ import annotations

import logging
from functools import partial

from babel import Locale, dates, numbers, units
from babel.support import Translations
from zonesites.settings import I18N_CATALOGS, I18N_LOCALE
from pelican import signals

logger = logging.getLogger(__name__)

DOMAIN = "messages"


def format_date(value, format: str = "long", *, locale: str) -> str:  # noqa: A002 (Babel's name)
    """Return a date as a reader of locale writes it."""
    return dates.format_date(value, format=format, locale=locale)


def language_name(code: str, *, locale: str) -> str:
    """Return the name of language `code` in the site's language ("néerlandais", "Frans")."""
    return Locale.parse(code).get_display_name(locale)


def format_size(size: int, *, locale: str) -> str:
    """Return a file size the way readers of locale write it ("245 ko", "1,4 MB")."""
    if size < 1_000_000:
        return units.format_unit(max(1, round(size / 1000)), "digital-kilobyte", "short", locale=locale)
    return units.format_unit(round(size / 1_000_000, 1), "digital-megabyte", "short", locale=locale)


def install(generator) -> None:
    """Give the generator's templates the site language's catalog and Babel filters."""
    locale = generator.settings[I18N_LOCALE]
    translations = Translations.load(generator.settings[I18N_CATALOGS], [locale], DOMAIN)
    if not isinstance(translations, Translations):
        raise FileNotFoundError(f"no compiled catalog for {locale} in {generator.settings[I18N_CATALOGS]}; "
                                "run `make catalogs`")
    env = generator.env
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(translations, newstyle=True)
    env.filters["format_date"] = partial(format_date, locale=locale)
    env.filters["format_time"] = partial(dates.format_time, format="short", locale=locale)
    env.filters["format_percent"] = partial(numbers.format_percent, locale=locale)
    env.filters["format_size"] = partial(format_size, locale=locale)
    env.filters["language_name"] = partial(language_name, locale=locale)


def register() -> None:
    signals.generator_init.connect(install)
