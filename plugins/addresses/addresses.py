"""Addresses: every page of a site has its own, computed once.

Once every generator has finished reading, two pages written to the same address are reported,
naming both files (Pelican would write one over the other), and each page's URL is kept as it is
then: Pelican computes a URL again on every use, and templates use it many times per page (menus,
language links, lists).

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


def unique_addresses(generators) -> None:
    """Report two pages written to the same address of a site, naming both files."""
    seen = {}
    for generator in generators:
        for page in [*getattr(generator, "pages", []), *getattr(generator, "hidden_pages", [])]:
            if page.save_as in seen:
                first = seen[page.save_as]
                findings.log(logger, Problem(page.source, page.field_lines.get("slug", 1),
                                             say("this page has the same address (%(url)s) as %(first)s; give "
                                                 "one of them another 'slug'", url=page.url or "/",
                                                 first=first.source)))
            else:
                seen[page.save_as] = page


def freeze_urls(generators) -> None:
    """Keep each page's URL once computed."""
    for page in contents(generators):
        page.override_url = page.url


def register() -> None:
    signals.all_generators_finalized.connect(unique_addresses)
    signals.all_generators_finalized.connect(freeze_urls)
