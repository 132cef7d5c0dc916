"""Tell search engines every page of the site and its twins on the other languages' domains:
`sitemap.xml` and a `robots.txt` that names it.

Each page of the site (Pelican's, and those plugins write themselves: zonelib.settings.GENERATED_PAGES;
but notices for a missing translation and pages whose template is in
SITEMAPS_SKIP, which say `noindex`) is a `<url>` with its address and, from the bilingual plugin's
translation map (page.hreflang), an `xhtml:link rel="alternate"` for each language it exists in
(itself included, the twin on the other domain too) and one `hreflang="x-default"`: the page in
SITEMAPS_X_DEFAULT, the first language of zones.yaml unless set (else the page itself, while its
twin is missing). The twin's own sitemap lists the same links: they are reciprocal. A page's
`updated` date becomes `lastmod`. In a production build every address is absolute.

Settings (defaults in DEFAULTS):
  SITEMAPS_FILE       where the sitemap is written
  SITEMAPS_ROBOTS     where robots.txt is written
  SITEMAPS_SKIP       templates of pages left out
  SITEMAPS_X_DEFAULT  the language of x-default ("": the first language of zones.yaml)
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from pelican import signals
from pelican.generators import Generator

from zonelib.settings import GENERATED_PAGES, ZONES_DATA

FILE, ROBOTS, SKIP, X_DEFAULT = "SITEMAPS_FILE", "SITEMAPS_ROBOTS", "SITEMAPS_SKIP", "SITEMAPS_X_DEFAULT"
DEFAULTS = {FILE: "sitemap.xml", ROBOTS: "robots.txt", SKIP: ["not_found"], X_DEFAULT: ""}
NAMESPACES = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml"'


def listed(page, skipped: set[str]) -> bool:
    return not getattr(page, "fallback", False) and page.template not in skipped


def alternates(hreflang: list[dict], default_lang: str) -> list[tuple[str, str]]:
    """Return (hreflang, URL) of a page's language versions, then x-default."""
    links = [(link["lang"], link["url"]) for link in hreflang]
    default = next((url for lang, url in links if lang == default_lang), links[0][1])
    return [*links, ("x-default", default)]


def sitemap(entries: list[tuple[str, list[tuple[str, str]], str]]) -> str:
    """Return the sitemap of entries (address, alternates, lastmod or "")."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f"<urlset {NAMESPACES}>"]
    for loc, links, lastmod in entries:
        lines += ["<url>", f"  <loc>{escape(loc)}</loc>"]
        if lastmod:
            lines.append(f"  <lastmod>{lastmod}</lastmod>")
        lines += [f'  <xhtml:link rel="alternate" hreflang="{lang}" href={quoteattr(url)}/>' for lang, url in links]
        lines.append("</url>")
    return "\n".join([*lines, "</urlset>"]) + "\n"


def robots(sitemap_url: str) -> str:
    """Return a robots.txt that lets every crawler in and names the sitemap."""
    return f"User-agent: *\nDisallow:\n\nSitemap: {sitemap_url}\n"


def configure(pelican) -> None:
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)


class SitemapGenerator(Generator):
    """Write sitemap.xml and robots.txt from the pages of the context and their translation map."""

    def generate_output(self, writer) -> None:
        settings = self.settings
        default_lang = settings[X_DEFAULT] or next(iter(settings[ZONES_DATA]["languages"]))
        skipped = set(settings[SKIP])
        pages = sorted((page for name in ("pages", "hidden_pages", GENERATED_PAGES) for page in self.context.get(name, [])
                        if listed(page, skipped)), key=lambda page: page.url)
        entries = [(page.canonical_url, alternates(page.hreflang, default_lang),
                    page.updated.isoformat() if getattr(page, "updated", None) else "") for page in pages]
        Path(self.output_path, settings[FILE]).write_text(sitemap(entries), encoding="utf-8")
        Path(self.output_path, settings[ROBOTS]).write_text(robots(f"{settings['SITEURL']}/{settings[FILE]}"),
                                                           encoding="utf-8")


def add_generator(pelican) -> type[Generator]:
    return SitemapGenerator


def register() -> None:
    signals.initialized.connect(configure)
    signals.get_generators.connect(add_generator)
