"""Rewrite the text of a finished HTML page, never its markup: what the French typography and the
glossary do to every page, whatever template, catalog, data file or Markdown the text came from.

`rewrite(html, change)` passes each text node to change(text, lang, tags) — its language (from the
`lang` attributes around it) and the names of the elements it is in — and puts back what it returns.
Attributes, comments, scripts and styles (JSON-LD included) and code (`code`, `pre`, `kbd`, `samp`)
are never passed. `text_filter(env, name, start)` makes every template of a Jinja environment pass
the text of its output through such a change; the changes of all plugins run in one pass.
"""

from __future__ import annotations

import re

TOKEN = re.compile(r"<!--.*?-->|<![^>]*>|<(/?)([a-zA-Z][\w-]*)((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>|[^<]+|<", re.S)
LANG = re.compile(r"""\slang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
RAW = {"script", "style"}  # their content is not text: up to their closing tag, left as it is
CODE = {"code", "pre", "kbd", "samp"}  # text, but not prose: left as it is


def rewrite(html: str, change) -> str:
    """Return html with every prose text node replaced by change(text, lang, tags)."""
    out, stack = [], []  # stack: (tag, lang) of the open elements
    position, lang, lowered = 0, "", None
    tags, in_code = (), False  # the names of the open elements, and whether one of them is code
    while position < len(html):
        match = TOKEN.match(html, position)
        token, position = match.group(0), match.end()
        closing, tag, attributes = match.group(1), (match.group(2) or "").lower(), match.group(3) or ""
        if not tag:
            out.append(change(token, lang, tags) if token[0] != "<" and not in_code else token)
            continue
        out.append(token)
        if closing:
            if tag in tags:  # a stray closing tag closes nothing
                while stack:
                    name, lang = stack.pop()
                    if name == tag:
                        break
                tags = tuple(name for name, _ in stack)
                in_code = any(name in CODE for name in tags)
            continue
        if tag in RAW:
            lowered = html.lower() if lowered is None else lowered
            end = lowered.find(f"</{tag}", position)
            end = len(html) if end < 0 else end
            out.append(html[position:end])
            position = end
            continue
        if tag in VOID or attributes.rstrip().endswith("/"):
            continue
        stack.append((tag, lang))
        tags, in_code = (*tags, tag), in_code or tag in CODE
        if found := LANG.search(attributes):
            lang = next(value for value in found.groups() if value is not None).lower()
    return "".join(out)


def primary(lang: str) -> str:
    """Return the language of a lang attribute without its region: "fr-BE" -> "fr"."""
    return lang.split("-")[0].split("_")[0]


def text_filter(env, name: str, start, markup: bool = False) -> None:
    """Make every template of env pass the text of its output through the change that start()
    returns (called once per page, so that a change may keep what it saw earlier in the page). All
    the changes of env run in one pass of rewrite, in the order of their names, those that write
    markup (markup=True) after those that write text only, so that none sees another's markup: the
    order in which plugins add them changes nothing."""
    filters = getattr(env, "text_filters", None)
    if filters is None:
        env.text_filters = filters = {}

        class Filtered(env.template_class):
            def render(self, *args, **kwargs):
                return changed(super().render(*args, **kwargs), self.environment.text_filters)

        env.template_class = Filtered
    filters[name] = (markup, start)


def changed(html: str, filters: dict) -> str:
    """Return html with the text changes of filters (text_filter) made in one pass."""
    changes = [start() for _, _, start in sorted((markup, name, start) for name, (markup, start) in filters.items())]

    def change(text: str, lang: str, tags: tuple) -> str:
        for each in changes:
            text = each(text, lang, tags)
        return text

    return rewrite(html, change) if changes else html
