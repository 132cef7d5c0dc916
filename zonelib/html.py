"""Rewrite the text of a finished HTML page, never its markup: what the French typography and the
glossary do to every page, whatever template, catalog, data file or Markdown the text came from.

`rewrite(html, change)` passes each text node to change(text, lang, tags) — its language (from the
`lang` attributes around it) and the names of the elements it is in — and puts back what it returns.
Attributes, comments, scripts and styles (JSON-LD included), code (`code`, `pre`, `kbd`, `samp`) and
text that is only white space are never passed. `text_filter(env, name, start)` makes every template
of a Jinja environment pass the text of its output through such a change; the changes of all plugins
run in one pass.
"""

from __future__ import annotations

import re

TOKEN = re.compile(r"<!--.*?-->|<![^>]*>|<(/?)([a-zA-Z][\w-]*)((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>|[^<]+|<", re.S)
LANG = re.compile(r"""\slang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
RAW = {"script", "style"}  # their content is not text: up to their closing tag, left as it is
CODE = {"code", "pre", "kbd", "samp"}  # text, but not prose: left as it is
KEPT = 100_000  # results of pure changes kept per environment; past that they start again (a server's
#                 environment lives as long as it does)


def rewrite(html: str, change) -> str:
    """Return html with every prose text node replaced by change(text, lang, tags)."""
    out, stack, names = [], [], []  # stack: (tag, lang) of the open elements; names: their tags
    append, match_at = out.append, TOKEN.match
    position, size, lang, lowered = 0, len(html), "", None
    tags, code = (), 0  # the names of the open elements (made when a text needs them), how many are code
    while position < size:
        match = match_at(html, position)
        token, position = match.group(0), match.end()
        tag = match.group(2)
        if tag is None:  # text (or a comment, a doctype, a stray "<")
            if code or token[0] == "<" or token.isspace():
                append(token)
            else:
                if tags is None:
                    tags = tuple(names)
                append(change(token, lang, tags))
            continue
        append(token)
        tag = tag.lower()
        if match.group(1):  # a closing tag; a stray one closes nothing
            if tag in names:
                while stack:
                    name, lang = stack.pop()
                    names.pop()
                    if name in CODE:
                        code -= 1
                    if name == tag:
                        break
                tags = None
            continue
        if tag in RAW:
            lowered = html.lower() if lowered is None else lowered
            end = lowered.find(f"</{tag}", position)
            end = size if end < 0 else end
            append(html[position:end])
            position = end
            continue
        attributes = match.group(3)
        if tag in VOID or attributes.endswith("/") or attributes.rstrip().endswith("/"):
            continue
        stack.append((tag, lang))
        names.append(tag)
        tags = None
        if tag in CODE:
            code += 1
        if attributes and (found := LANG.search(attributes)):
            lang = next(value for value in found.groups() if value is not None).lower()
    return "".join(out)


def primary(lang: str) -> str:
    """Return the language of a lang attribute without its region: "fr-BE" -> "fr"."""
    return lang.split("-")[0].split("_")[0]


def text_filter(env, name: str, start, markup: bool = False, pure: bool = False) -> None:
    """Make every template of env pass the text of its output through the change that start()
    returns (called once per page, so that a change may keep what it saw earlier in the page). All
    the changes of env run in one pass of rewrite, in the order of their names, those that write
    markup (markup=True) after those that write text only, so that none sees another's markup: the
    order in which plugins add them changes nothing. A `pure` change keeps nothing between calls and
    depends on nothing but its arguments: what it returns is kept for the environment's next pages
    (their header, menu and footer repeat the same text)."""
    filters = getattr(env, "text_filters", None)
    if filters is None:
        env.text_filters = filters = {}
        memo = {}

        class Filtered(env.template_class):
            def render(self, *args, **kwargs):
                return changed(super().render(*args, **kwargs), self.environment.text_filters, memo)

        env.template_class = Filtered
    filters[name] = (markup, start, pure)


def changed(html: str, filters: dict, memo: dict | None = None) -> str:
    """Return html with the text changes of filters (text_filter) made in one pass; `memo` keeps
    what pure changes returned, by change and arguments."""
    changes = [(start(), pure) for _, _, start, pure in
               sorted((markup, name, start, pure) for name, (markup, start, pure) in filters.items())]
    memo = {} if memo is None else memo

    def change(text: str, lang: str, tags: tuple) -> str:
        for each, pure in changes:
            if not pure:
                text = each(text, lang, tags)
                continue
            key = (each, text, lang, tags)
            found = memo.get(key)
            if found is None:
                if len(memo) >= KEPT:
                    memo.clear()
                found = memo[key] = each(text, lang, tags)
            text = found
        return text

    return rewrite(html, change) if changes else html
