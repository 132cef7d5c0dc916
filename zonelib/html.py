"""Rewrite the text of a finished HTML page, never its markup: what the French typography and the
glossary do to every page, whatever template, catalog, data file or Markdown the text came from.

`rewrite(html, change)` passes each text node to change(text, lang, tags) — its language (from the
`lang` attributes around it) and the names of the elements it is in — and puts back what it returns.
Attributes, comments, scripts and styles (JSON-LD included) and code (`code`, `pre`, `kbd`, `samp`)
are never passed. `output_filter(env, name, function)` makes every template of a Jinja environment
pass its whole output through function; filters run in the order of their names, so that the order
in which plugins add them changes nothing.
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
    position, lang = 0, ""
    while position < len(html):
        match = TOKEN.match(html, position)
        token, position = match.group(0), match.end()
        closing, tag, attributes = match.group(1), (match.group(2) or "").lower(), match.group(3) or ""
        if not tag:
            prose = token[0] != "<" and not any(name in CODE for name, _ in stack)
            out.append(change(token, lang, tuple(name for name, _ in stack)) if prose else token)
            continue
        out.append(token)
        if closing:
            while any(name == tag for name, _ in stack):  # a stray closing tag closes nothing
                name, lang = stack.pop()
                if name == tag:
                    break
            continue
        if tag in RAW:
            end = html.lower().find(f"</{tag}", position)
            end = len(html) if end < 0 else end
            out.append(html[position:end])
            position = end
            continue
        if tag in VOID or attributes.rstrip().endswith("/"):
            continue
        stack.append((tag, lang))
        if found := LANG.search(attributes):
            lang = next(value for value in found.groups() if value is not None).lower()
    return "".join(out)


def primary(lang: str) -> str:
    """Return the language of a lang attribute without its region: "fr-BE" -> "fr"."""
    return lang.split("-")[0].split("_")[0]


def output_filter(env, name: str, function) -> None:
    """Make every template of env pass its output through function(html), once per name."""
    filters = getattr(env, "output_filters", None)
    if filters is None:
        env.output_filters = filters = {}

        class Filtered(env.template_class):
            def render(self, *args, **kwargs):
                output = super().render(*args, **kwargs)
                for _, each in sorted(self.environment.output_filters.items()):
                    output = each(output)
                return output

        env.template_class = Filtered
    filters[name] = function
