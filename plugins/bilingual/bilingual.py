"""Tie each page to its twins in the other languages, which live on other domains.

`name.fr.md` and `name.nl.md` are one page; a page read from a data file with texts in every
language (metadata `multilingual`) is its own twin, at the same address on every site. On the site
of language L, every page gets:
  page.alternates     for each other language: {lang, url, twin}; url is the same page on that
                      language's site, or the notice shown there while the translation is missing
  page.hreflang       {lang, url} of the page and its real twins, for <link rel="alternate">
  page.canonical_url  the page's own URL; for a notice, the URL of the page it stands in for
  page.fallback       True when the page is shown on L's site because its L twin is missing (allowed
                      when the page says `untranslated: true`, or in a preview, where the twin is
                      "pending"; else the build stops): it is then rendered with the `fallback`
                      template (a notice and a link), never as a silent page in the wrong language

Each missing translation is logged (zonesites.problems.log) so the build can list them once.
OUTPUT_MODE (zonelib.settings.previewing) tells a preview from a production build.

Settings:
  BILINGUAL_SITEURLS   {language: URL of this zone's site in that language} (filled by the zones plugin)
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from pelican import signals

from zonelib.settings import BILINGUAL_SITEURLS, previewing
from zonelib import problems as findings
from zonelib.messages import say
from zonelib.content import is_draft
from zonelib.problems import MissingTranslation, Problem, shown

logger = logging.getLogger(__name__)

FALLBACK_TEMPLATE = "fallback"


def _shown_path(page) -> str:
    """Return the page's source path as staff see it: content/region/pages/x.fr.md."""
    return shown(page.source_path, Path(page.settings["PATH"]).resolve().parent)


def _join(siteurl: str, url: str) -> str:
    return f"{siteurl}/{url}"


def link_page(page, site_lang: str, siteurls: dict) -> MissingTranslation | Problem | None:
    """Set alternates, hreflang, canonical and fallback on one page; return what is missing: a
    problem, unless the page says `untranslated: true`."""
    group = ({lang: page for lang in siteurls} if getattr(page, "multilingual", False)
             else {item.lang: item for item in [page, *page.translations]})
    page.fallback = site_lang not in group
    page.alternates = [
        {"lang": lang, "url": _join(url, group.get(lang, page).url), "twin": lang in group}
        for lang, url in siteurls.items() if lang != site_lang]
    page.hreflang = [{"lang": lang, "url": _join(siteurls[lang], item.url)}
                     for lang, item in sorted(group.items())]
    page.canonical_url = _join(siteurls[page.lang], page.url)
    if not page.fallback:
        return None
    page.template = FALLBACK_TEMPLATE
    if not hasattr(page, "override_save_as"):  # twins are not written (PAGE_LANG_SAVE_AS is empty)
        page.override_save_as = page.settings["PAGE_SAVE_AS"].format(**page.url_format)
    twin = Path(page.source_path).with_name(Path(page.source_path).name.replace(f".{page.lang}.md", f".{site_lang}.md"))
    if twin.exists() and not is_draft(twin):
        return None  # the twin was refused for problems of its own, already reported with their lines
    missing = MissingTranslation(_shown_path(page), site_lang, twin.name, draft=twin.exists())
    if getattr(page, "untranslated", False):
        return missing
    if previewing(page.settings):
        return dataclasses.replace(missing, pending=True)
    return Problem(missing.source, 1, say("%(missing)s; or add 'untranslated: true' to publish it meanwhile, "
                                          "with a notice and a link on the other site", missing=missing.message))


def link_twins(generator) -> None:
    """Link every page of the site to its twins and turn lone other-language pages into notices."""
    siteurls = generator.settings[BILINGUAL_SITEURLS]
    site_lang = generator.settings["DEFAULT_LANG"]
    for page in [*generator.pages, *generator.hidden_pages]:  # the reader took only the sites' languages
        if finding := link_page(page, site_lang, siteurls):
            findings.log(logger, finding)
    # Twins are linked to, never written on this site.
    generator.translations, generator.hidden_translations = [], []


def register() -> None:
    signals.page_generator_finalized.connect(link_twins)
