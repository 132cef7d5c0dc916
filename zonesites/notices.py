"""Notices of the preview: what the staff should know about the page they are looking at (its
translation pending or possibly out of date, a photo not listed, a word to check), added to the
page as the preview server sends it, like the reload script: never written to output/.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from pathlib import Path

from zonelib.messages import Voice, say

MAIN = re.compile(rb"<main\b[^>]*>")


def by_source(report, more: dict[str, list] | None = None) -> dict[str, list]:
    """Return what to say about each source file (a Message, or a Problem with its line)."""
    said: dict[str, list] = defaultdict(list)
    for item in report.missing:
        said[item.source].append(say("Translation pending: %(missing)s. The other site shows a notice meanwhile; "
                                     "`make publish` refuses the page until its twin exists.", missing=item.message)
                                 if item.pending else item.message)
    for item in report.translations.behind if report.translations else []:
        said[item.path].append(item.notice)
        said[item.twin].append(item.twin_notice)
    for warning in report.warnings:
        said[warning.path].append(warning)
    for source, items in (more or {}).items():
        said[source] += items
    return said


def notices(report, more: dict[str, list] | None = None) -> dict[str, dict[Path, bytes]]:
    """Return, for each site of the report, the notice of each of its pages that has one, by the
    page's file (resolved), in the language of the site."""
    said = by_source(report, more)
    found: dict[str, dict[Path, bytes]] = {}
    for site in report.sites:
        speak, pages = Voice(site.lang), found.setdefault(site.domain, {})
        for source, save_as in site.placed:
            if said.get(source):
                file = (report.folder(site.domain) / save_as).resolve()
                pages[file] = box(site.lang, source, [line(speak, item) for item in said[source]], speak)
    return found


def line(speak: Voice, item) -> str:
    """Return one thing said, in the site's language (a problem with its line: the box names the file)."""
    if isinstance(item, str):
        return speak(item)
    return speak(say("line %(line)d: %(message)s", line=item.line, message=item.message) if item.line else item.message)


def box(lang: str, source: str, lines: list[str], speak: Voice) -> bytes:
    """Return the notice's HTML."""
    items = "".join(f"<li>{html.escape(text)}</li>" for text in lines)
    title = html.escape(speak(say("Preview only: to finish in %(file)s", file=source)))
    return (f'<div class="wrap"><aside class="notice" id="preview-notice" lang="{lang}" aria-labelledby="preview-notice-'
            f'title"><p id="preview-notice-title"><strong>{title}</strong></p><ul>{items}</ul></aside></div>').encode()


def add_notice(page: bytes, notice: bytes | None) -> bytes:
    """Return the page with its notice at the start of its main content."""
    if not notice:
        return page
    found = MAIN.search(page)
    return page[:found.end()] + notice + page[found.end():] if found else page.replace(b"<body>", b"<body>" + notice, 1)
