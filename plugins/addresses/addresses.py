"""Addresses and titles: every page of a site has its own, and its URL is computed once.

Once every generator has finished reading, two pages written to the same address are reported,
naming both files (Pelican would write one over the other), and so are two pages of one site with
the same title (a visitor could not tell them apart in a menu, a tab or a search result; case and
spaces do not make titles different). Each page's URL is then kept as it is: Pelican computes a URL
again on every use, and templates use it many times per page (menus, language links, lists).

Settings: none.
"""

from __future__ import annotations

import logging

from pelican import signals

from zonelib import problems as findings
from zonelib.messages import say
from zonelib.problems import Problem

logger = logging.getLogger(__name__)

LISTS = ("pages", "hidden_pages", "draft_pages")  # a page generator's lists of content


def contents(generators) -> list:
    """Return every content object of the generators, with the twins each one carries."""
    return [item for generator in generators for name in LISTS for page in getattr(generator, name, [])
            for item in (page, *getattr(page, "translations", []))]


def site_pages(generators) -> list:
    """Return the pages each generator writes (hidden ones included), in order."""
    return [page for generator in generators
            for page in [*getattr(generator, "pages", []), *getattr(generator, "hidden_pages", [])]]


def twice(pages, key):
    """Yield (page, first) for each page whose key(page) an earlier page already had."""
    seen = {}
    for page in pages:
        first = seen.setdefault(key(page), page)
        if first is not page:
            yield page, first


def unique_addresses(generators) -> None:
    """Report two pages written to the same address of a site, naming both files."""
    for page, first in twice(site_pages(generators), lambda page: page.save_as):
        findings.log(logger, Problem(page.source, page.field_lines.get("slug", 1),
                                     say("this page has the same address (%(url)s) as %(first)s; give one of "
                                         "them another 'slug'", url=page.url or "/", first=first.source)))


def title_key(title: str) -> str:
    """Return what makes two titles the same to a reader: their words, whatever the case and spaces."""
    return " ".join(title.split()).casefold()


def unique_titles(generators) -> None:
    """Report two pages of a site with the same title, naming both files (a notice standing in for a
    missing translation is titled by its template, not by the page)."""
    pages = [page for page in site_pages(generators) if not getattr(page, "fallback", False)]
    for page, first in twice(pages, lambda page: title_key(page.title)):
        findings.log(logger, Problem(page.source, page.field_lines.get("title", 1),
                                     say("this page has the same title (%(title)s) as %(first)s on the same "
                                         "site; give one of them another title", title=page.title,
                                         first=first.source)))


def freeze_urls(generators) -> None:
    """Keep each page's URL once computed."""
    for page in contents(generators):
        page.override_url = page.url


def register() -> None:
    signals.all_generators_finalized.connect(unique_addresses)
    signals.all_generators_finalized.connect(unique_titles)
    signals.all_generators_finalized.connect(freeze_urls)
