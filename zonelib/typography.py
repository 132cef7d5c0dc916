"""French typography, produced by the build: editors type ordinary spaces, or none.

In French text (the `lang` attributes say which), a narrow no-break space (U+202F) goes before
; : ! ? and » and after «, in place of any space typed there, so that no line ever starts with one of
them; guillemets typed without spaces get them. Only text is touched (zonelib.html.rewrite): never
attributes, URLs, code, scripts or JSON-LD, and a colon typed without a space (12:30, https:) stays.
Used on every page of the sites (plugins/typography) and of the ballot service (ballot/).
"""

from __future__ import annotations

import re

from .html import primary, rewrite, text_filter

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


def typeset_text(text: str, lang: str, tags: tuple = ()) -> str:
    """Return one text node of a page (rewrite) with French typography if it is French."""
    return french(text) if primary(lang) == "fr" else text


def install(env) -> None:
    """Give the French text of every page a Jinja environment renders its typography."""
    text_filter(env, "typography", lambda: typeset_text, pure=True)


def typeset(html: str) -> str:
    """Return a page with French typography in its French text."""
    return rewrite(html, typeset_text)
