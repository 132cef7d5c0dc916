"""French typography, produced by the build: editors type ordinary spaces, or none.

On every page, the French text (the `lang` attributes say which) gets a narrow no-break space
(U+202F) before ; : ! ? and » and after «, in place of any space typed there, so that no line ever
starts with one of them; guillemets typed without spaces get them. Only text is touched, wherever it
comes from (templates, catalogs, zones.yaml, Markdown): never attributes, URLs, code, scripts or
JSON-LD (zonelib.html), and a colon typed without a space (12:30, https:) stays as it is.

Settings: none. The sites' other languages are left as they are.
"""

from __future__ import annotations

import re

from pelican import signals

from zonelib.html import output_filter, primary, rewrite

NARROW = "\u202f"  # narrow no-break space
SPACE = r"(?:[ \t\r\n\u00a0\u202f]|&nbsp;|&#160;|&#xa0;)"
BEFORE = re.compile(SPACE + r"+(?=[;:!?»]|&raquo;)")
OPENING = re.compile(r"(«|&laquo;)" + SPACE + "*")
CLOSING = re.compile(SPACE + r"*(»|&raquo;)")


def french(text: str) -> str:
    """Return French text with the narrow no-break spaces of French typography."""
    text = BEFORE.sub(NARROW, text)
    text = OPENING.sub(lambda m: m[1] + NARROW, text)
    return CLOSING.sub(lambda m: NARROW + m[1], text)


def typeset(html: str) -> str:
    """Return a page with French typography in its French text."""
    return rewrite(html, lambda text, lang, tags: french(text) if primary(lang) == "fr" else text)


def install(generator) -> None:
    """Pass every page the generator renders through typeset."""
    output_filter(generator.env, "typography", typeset)


def register() -> None:
    signals.generator_init.connect(install)
