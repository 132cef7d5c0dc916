"""Make one Pelican run build one zone's site: its content, its data, its helpers for templates.

Settings (filled per site by the build tool from zones.yaml):
  ZONES_DATA      the validated content of zones.yaml
  ZONES_ZONE      the id of the zone this site belongs to
  ZONES_SITEURL   how a domain becomes a site URL: "/{domain}" to preview, "https://{domain}" to publish
  ZONES_CONTENT   the content type folders read under content/region/ and content/<zone>/

Template context: `zone` (this zone, texts in the site's language, with its `url`), `zones` (every
zone, the same way), `region`, `languages` (each language of this zone's site: code, name, locale,
url, current), `menu` (the pages with `menu:`, in order), `page_for` ({"pages/legal": page, …});
the `tel` filter.

Output: css/zone.css and favicon.svg in the zone's accent colour.

Content: a site shows content/region/<type>/ and content/<zone>/<type>/ for each type folder of
ZONES_CONTENT. A zone page with the same name as a regional one replaces it, in every language, on
that zone's site,
and links to the regional file lead to the zone's page there.
"""

from __future__ import annotations

import re
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from zonesites.content import is_draft, visible
from zonesites.settings import ZONES_CONTENT, ZONES_DATA, ZONES_SITEURL, ZONES_ZONE
from zonesites.zonefile import REGION_DIR, localize, site_url

CONTEXT = "ZONES_TEMPLATE_CONTEXT"  # derived once per run, copied into every generator's context


def tel_href(phone: str) -> str:
    """Return the tel: link of a phone number written '+32 2 880 29 87'."""
    return "tel:" + re.sub(r"[^\d+]", "", phone)


def zone_view(zone: dict, lang: str, languages: list[str], url_format: str) -> dict:
    """Return the zone with texts in lang and the URL of its site in lang."""
    view = localize(zone, lang, languages)
    view["url"] = site_url(url_format, zone["domain"][lang])
    return view


def derive(settings: dict) -> None:
    """Set the per-site values that templates read, and the content folders to read."""
    data, zone_id, lang = settings[ZONES_DATA], settings[ZONES_ZONE], settings["DEFAULT_LANG"]
    languages = list(data["languages"])
    fmt = settings[ZONES_SITEURL]
    zone = next(z for z in data["zones"] if z["id"] == zone_id)
    settings["PAGE_PATHS"] = [f"{scope}/{kind}" for scope in (REGION_DIR, zone_id) for kind in settings[ZONES_CONTENT]]
    settings["SITENAME"] = zone["name"][lang]
    settings[CONTEXT] = {
        "zone": zone_view(zone, lang, languages, fmt),
        "zones": [zone_view(z, lang, languages, fmt) for z in data["zones"]],
        "region": localize(data["region"], lang, languages),
        "languages": [{"code": code, **info, "url": site_url(fmt, zone["domain"][code]), "current": code == lang}
                      for code, info in data["languages"].items()],
    }


def on_initialized(pelican) -> None:
    derive(pelican.settings)


def zone_keys(generator) -> set[str]:
    """Return the names (type/name, without language) of the zone's own published content, read once
    per run (a draft does not replace anything yet)."""
    if not hasattr(generator, "zone_keys"):
        zone_dir = Path(generator.path, generator.settings[ZONES_ZONE])
        generator.zone_keys = {path.relative_to(zone_dir).as_posix().split(".")[0]
                               for path in visible(zone_dir.glob("*/**/*.md")) if not is_draft(path)}
    return generator.zone_keys


def skip_overridden(generator, metadata: dict) -> None:
    """Skip a regional page, in every language, when the zone has its own page of that name."""
    if metadata.get("scope") == REGION_DIR and metadata["translation_key"] in zone_keys(generator):
        metadata["status"] = "skip"


def alias_overridden(generator) -> None:
    """Let links to a replaced regional file lead to the zone's page that replaces it."""
    generated = generator.context["generated_content"]
    for page in [*generator.pages, *generator.hidden_pages, *generator.translations]:
        if page.scope != REGION_DIR:
            generated.setdefault(f"{REGION_DIR}/{page.translation_key}.{page.lang}.md", page)


def index_pages(generator) -> None:
    """Give templates the menu and the pages by name, computed once per site instead of per page."""
    pages = generator.pages
    generator.context["menu"] = sorted((page for page in pages if hasattr(page, "menu")), key=lambda p: p.menu)
    generator.context["page_for"] = {page.translation_key: page for page in pages}


def add_to_templates(generator) -> None:
    """Give the generator's templates the zone's data and the `tel` filter."""
    generator.context.update(generator.settings[CONTEXT])
    generator.env.filters["tel"] = tel_href


class ZoneStyleGenerator(Generator):
    """Write css/zone.css (the zone's colour as a CSS variable, so no page needs inline style) and
    favicon.svg (a dot in that colour), next to the theme's files."""

    def generate_output(self, writer) -> None:
        accent = self.context["zone"]["accent"]
        folder = Path(self.output_path, self.settings["THEME_STATIC_DIR"])
        (folder / "css").mkdir(parents=True, exist_ok=True)
        (folder / "css" / "zone.css").write_text(f":root {{ --accent: {accent}; }}\n", encoding="utf-8")
        (folder / "favicon.svg").write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
            f'<circle cx="16" cy="16" r="15" fill="{accent}"/><circle cx="16" cy="16" r="6" fill="#fff"/></svg>\n',
            encoding="utf-8")


def add_generator(pelican) -> type[Generator]:
    return ZoneStyleGenerator


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.get_generators.connect(add_generator)
    signals.generator_init.connect(add_to_templates)
    signals.page_generator_context.connect(skip_overridden)
    signals.page_generator_finalized.connect(alias_overridden)
    signals.page_generator_finalized.connect(index_pages)
