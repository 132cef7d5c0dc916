"""Search on each site: a search page, and a Pagefind index of the site's pages in its language.

The search page is the page whose template is SEARCH_TEMPLATE (content/region/pages/search.<lang>.md,
at /recherche/ and /zoeken/); every page's header sends its search form there (GET, `q`). Once the
pages are written, Pagefind (PyPI `pagefind[bin]`, run offline) indexes the `<main
data-pagefind-body>` of every page marked `searchable` into <web root>/SEARCH_BUNDLE/: one index per
site, in the language of its `<html lang>`, with that language's stemming. The search page loads
Pagefind's Default UI from that folder (never from elsewhere) and starts it with theme/js/search.js;
without JavaScript it lists every page of the site from A to Z. Pagefind compiles WebAssembly: the
sites' content security policy allows `'wasm-unsafe-eval'` (zonelib/hosting.py).

Settings (defaults in DEFAULTS):
  SEARCH_TEMPLATE   the template of the search page
  SEARCH_BUNDLE     the folder of the index and UI under the web root
  SEARCH_SKIP       templates of pages left out of the index and of the A-Z list (besides notices
                    for missing translations)
  SEARCH_UNUSED     files of the bundle no page loads (Pagefind's other UIs), removed after indexing
  SEARCH_TIMEOUT    seconds Pagefind may take for one site
  SEARCH_LATER      True (the build tool sets it for the preview server): when the previous output
                    has an index, link it as it is and ask the tool to index the site once it is
                    shown (zonelib.problems.later, zonelib.search.index); default False

Template context: `search` = {page, bundle (URL of the bundle folder, ending with "/"), pages (the
A-Z list)} when the site has a search page. On each page: `searchable`.
"""

from __future__ import annotations

import hashlib
import logging
import unicodedata
from pathlib import Path

import blinker
from pelican import signals
from pelican.generators import Generator

from zonelib import problems as findings
from zonelib import search
from zonelib.content import files_under, link_file
from zonelib.settings import GENERATED_PAGES
from zonelib.settings import INCREMENTAL_PREVIOUS as PREVIOUS
from zonelib.settings import SEARCH_LATER as LATER

logger = logging.getLogger(__name__)

AFTER_OUTPUT = "sitemap"  # pelican-granular-signals' first signal after `finalized` (listed in PLUGINS)
TEMPLATE, BUNDLE, SKIP, UNUSED, TIMEOUT = ("SEARCH_TEMPLATE", "SEARCH_BUNDLE", "SEARCH_SKIP", "SEARCH_UNUSED",
                                           "SEARCH_TIMEOUT")
DEFAULTS = {
    TEMPLATE: "search", BUNDLE: "pagefind", SKIP: ["search", "not_found"],
    UNUSED: ["pagefind-component-ui.css", "pagefind-component-ui.js", "pagefind-modular-ui.css",
             "pagefind-modular-ui.js", "pagefind-highlight.js"],
    TIMEOUT: 120, LATER: False,
}


def sort_key(title: str) -> tuple[str, str]:
    """Return the A-Z order of a title: letters without accents or case, leading quotes and signs
    ignored ("« Melting Papot' »" goes under M), then the title itself to break ties."""
    plain = "".join(char for char in unicodedata.normalize("NFKD", title) if not unicodedata.combining(char))
    return plain.casefold().lstrip("«»\"'“”‘’ ([¿¡-–—"), title


def configure(pelican) -> None:
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)


def prepare(generators) -> None:
    """Mark the pages to index and give templates the search page and the A-Z list, once every page
    knows whether it is a notice for a missing translation (bilingual plugin)."""
    for generator in generators:
        if not hasattr(generator, "pages"):
            continue
        settings, skipped = generator.settings, set(generator.settings[SKIP])
        pages = [*generator.pages, *generator.hidden_pages, *generator.context.get(GENERATED_PAGES, [])]
        for page in pages:
            page.searchable = not getattr(page, "fallback", False) and page.template not in skipped
        search = next((page for page in pages if page.template == settings[TEMPLATE]), None)
        if search is None:
            continue
        bundle = f"{settings['SITEURL']}/{settings[BUNDLE]}/"
        generator.context["search"] = {
            "page": search, "bundle": bundle,
            "pages": sorted((page for page in pages if page.searchable), key=lambda page: sort_key(page.title)),
        }


def pages_digest(site: Path, bundle: str) -> str:
    """Return a hash of every page Pagefind reads from a site's folder (their names and bytes)."""
    digest = hashlib.sha256()
    for name in files_under(site):
        if name.endswith(".html") and not name.startswith(f"{bundle}/"):
            digest.update(f"{name}\0".encode() + (site / name).read_bytes() + b"\0")
    return digest.hexdigest()


class SearchIndexGenerator(Generator):
    """Index the written pages with Pagefind, then remove the parts of the bundle no page loads.

    Several generators write pages (the pages generator, and plugins' own, like the postcodes'):
    the index is made once all of them have written, on pelican-granular-signals' AFTER_OUTPUT
    signal, which comes after Pelican's `finalized` and before the files are compressed.

    When the site's pages are byte for byte those the previous build indexed, the previous index is
    linked instead (the incremental plugin's `writer.unchanged_together`, keyed by the pages' bytes). With
    SEARCH_LATER, when they are not, the previous index is linked all the same and the build tool
    indexes the site once it is shown (zonelib.search.index_later)."""

    def generate_output(self, writer) -> None:
        if "search" in self.context:
            self.writer = writer
            blinker.signal(AFTER_OUTPUT).connect(self.index)

    def index(self, pelican) -> None:
        blinker.signal(AFTER_OUTPUT).disconnect(self.index)  # once, for this run's site
        if Path(pelican.output_path).resolve() != Path(self.output_path).resolve():
            return
        site, name = Path(self.output_path), self.settings[BUNDLE]
        incremental = hasattr(self.writer, "unchanged_together")
        pages = pages_digest(site, name) if incremental else ""
        before = [file for file in getattr(self.writer, "previous", {}) if file.startswith(f"{name}/")]
        if incremental and self.writer.unchanged_together(self.context, before, pages):
            return
        arguments = {"bundle": name, "unused": self.settings[UNUSED], "timeout": self.settings[TIMEOUT]}
        if self.settings[LATER] and self.link_previous(site, name):
            fingerprint = self.writer.fingerprint(self.context) if incremental else None
            findings.later(logger, search.index_later, **arguments, fingerprint=fingerprint, pages=pages)
            return
        problems = search.index(site, **arguments)
        for problem in problems:
            findings.log(logger, problem)
        if incremental and not problems:  # recorded for the next build
            for file in files_under(site / name):
                self.writer.record(f"{name}/{file}", pages, context=self.context)

    def link_previous(self, site: Path, name: str) -> bool:
        """Link the previous output's bundle into the site, as it is; return whether there was one."""
        folder = self.settings.get(PREVIOUS)  # the incremental plugin's: the site's previous output
        previous = Path(folder or "", name)
        if not folder or not (previous / "pagefind-ui.js").is_file():
            return False
        for file in files_under(previous):
            (site / name / file).parent.mkdir(parents=True, exist_ok=True)
            link_file(previous / file, site / name / file)
        return True


def add_generator(pelican) -> type[Generator]:
    return SearchIndexGenerator


def register() -> None:
    signals.initialized.connect(configure)
    signals.all_generators_finalized.connect(prepare)
    signals.get_generators.connect(add_generator)
