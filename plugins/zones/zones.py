"""Make one Pelican run build one zone's site in one language, from zones.yaml.

Choose the site with two settings, `ZONES_ZONE` (a zone id) and `DEFAULT_LANG` (a language of
zones.yaml): `pelican content -s pelicanconf.py -e ZONES_ZONE='"sud"' DEFAULT_LANG='"fr"' -o …`.
When the run starts, this plugin reads and checks ZONES_FILE and fills the settings of the site:
SITEURL (from ZONES_SITEURL and the zone's domain), SITENAME, PAGE_PATHS (content/region/<type>/ and
content/<zone>/<type>/ for each type folder of ZONES_CONTENT), ZONES_DATA (the checked zones.yaml),
and, for the plugins that work with it, BILINGUAL_SITEURLS and I18N_LOCALE.

Settings:
  ZONES_FILE      zones.yaml
  ZONES_ZONE      the id of the zone this site belongs to
  ZONES_SITEURL   how a domain becomes a site URL: "/{domain}" to preview, "https://{domain}" to publish
  ZONES_CONTENT   the content type folders read under content/region/ and content/<zone>/

Template context: `zone` (this zone, texts in the site's language, with its `url`, `name_in_text`
for sentences, "bassin Sud", and `confirmed_email`, its confirmed address in this language or else in
another, or None), `zones` (every zone, the same way), `region`, `languages` (each language of this
zone's site: code, name, locale, url, current), `menu` (the pages with `menu:`, in order), `page_for`
({"pages/legal": page, …}); the `tel` filter; the tests `confirmed` and `unconfirmed`.

Facts: a fact of zones.yaml that says it is not confirmed is an Unconfirmed value (zonelib.facts),
which no template can write out without testing it first; each one of the region and of this zone is
logged for the staff (or stops the build when FACTS_REFUSE_UNCONFIRMED is true).

Output: css/zone.css and favicon.svg in the zone's accent colour.

Content: a zone page with the same name as a regional one replaces it, in every language, on that
zone's site, and links to the regional file lead to the zone's page there.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from zonelib import facts
from zonelib import problems as findings
from zonelib import zonefile
from zonelib.messages import say
from zonelib.content import is_draft, visible
from zonelib.problems import Problem, ProblemsError, did_you_mean
from zonelib.settings import (BILINGUAL_SITEURLS, I18N_LOCALE, ZONES_CONTENT, ZONES_DATA, ZONES_FILE,
                              ZONES_SITEURL, ZONES_ZONE, project_path)
from zonelib.signals import read_once
from zonelib.zonefile import REGION_DIR, in_text, localize, site_url

logger = logging.getLogger(__name__)


def tel_href(phone: str) -> str:
    """Return the tel: link of a phone number written '+32 2 880 29 87'."""
    return "tel:" + re.sub(r"[^\d+]", "", phone)


def zone_view(zone: dict, lang: str, languages: list[str], url_format: str) -> dict:
    """Return the zone with texts in lang and the URL of its site in lang."""
    view = localize(zone, lang, languages)
    view["url"] = site_url(url_format, zone["domain"][lang])
    view["name_in_text"] = in_text(view["name"])
    emails = [zone["email"][lang], *(zone["email"][code] for code in languages if code != lang)]
    view["confirmed_email"] = next((email for email in emails if facts.is_confirmed(email)), None)
    return view


def site_problems(zones: zonefile.Zones, zone_id, lang) -> list[str]:
    """Return what is wrong with the choice of the site to build."""
    problems = []
    if zone_id not in zones.ids:
        problems.append(say("set %(setting)s to the id of a zone%(suggestion)s (one of %(zones)s), e.g. "
                            "-e %(setting)s='\"%(example)s\"'", setting=ZONES_ZONE, zones=", ".join(zones.ids),
                            suggestion=did_you_mean(zone_id or "", zones.ids), example=zones.ids[0]))
    if lang not in zones.languages:
        problems.append(say("set DEFAULT_LANG to a language of %(file)s (one of %(languages)s), e.g. "
                            "-e DEFAULT_LANG='\"%(example)s\"'", file=zones.path,
                            languages=", ".join(zones.languages), example=zones.languages[0]))
    return problems


def site_settings(zones: zonefile.Zones, zone_id: str, lang: str, url_format: str, types: list[str]) -> dict:
    """Return the settings that make a run build the site of zone_id in lang."""
    zone = zones.zone(zone_id)
    return {
        "SITEURL": site_url(url_format, zone["domain"][lang]),
        "SITENAME": zone["name"][lang],
        "PAGE_PATHS": [f"{scope}/{kind}" for scope in (REGION_DIR, zone_id) for kind in types],
        ZONES_DATA: zones.data,
        BILINGUAL_SITEURLS: {code: site_url(url_format, zone["domain"][code]) for code in zones.languages},
        I18N_LOCALE: zones.data["languages"][lang]["locale"],
    }


def configure(pelican) -> None:
    """Read zones.yaml and fill the settings of the site chosen by ZONES_ZONE and DEFAULT_LANG."""
    settings = pelican.settings
    try:
        file, root = project_path(settings, settings[ZONES_FILE]), Path(settings["PATH"]).parent
        zones = read_once(settings, f"zones {root}", file, lambda: zonefile.load(file, root))
    except ProblemsError as error:
        for problem in error.problems:
            findings.log(logger, problem)
        raise
    lang = settings["DEFAULT_LANG"]
    if problems := site_problems(zones, settings.get(ZONES_ZONE), lang):
        error = ProblemsError([Problem("(settings)", 0, problem) for problem in problems])
        for problem in error.problems:
            findings.log(logger, problem)
        raise error
    settings.update(site_settings(zones, settings[ZONES_ZONE], lang, settings[ZONES_SITEURL],
                                  settings[ZONES_CONTENT]))
    for fact in facts.unconfirmed_in([zones.data["region"], zones.zone(settings[ZONES_ZONE])]):
        facts.report(logger, settings, zones.path, fact.line, fact.fact, fact.why)


def template_context(settings: dict) -> dict:
    """Return what every template of the site may show of the zones."""
    data, lang, fmt = settings[ZONES_DATA], settings["DEFAULT_LANG"], settings[ZONES_SITEURL]
    languages = list(data["languages"])
    zone = next(z for z in data["zones"] if z["id"] == settings[ZONES_ZONE])
    return {
        "zone": zone_view(zone, lang, languages, fmt),
        "zones": [zone_view(z, lang, languages, fmt) for z in data["zones"]],
        "region": localize(data["region"], lang, languages),
        "languages": [{"code": code, **info, "url": site_url(fmt, zone["domain"][code]), "current": code == lang}
                      for code, info in data["languages"].items()],
    }


def add_to_templates(generator) -> None:
    """Give the generator's templates the zone's data (made once per run: generators share their
    context) and the `tel` filter."""
    if "zone" not in generator.context:
        generator.context.update(template_context(generator.settings))
    generator.env.filters["tel"] = tel_href
    generator.env.tests["confirmed"] = facts.is_confirmed
    generator.env.tests["unconfirmed"] = lambda value: not facts.is_confirmed(value)


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
    for page in [*generator.pages, *generator.hidden_pages]:
        for item in (page, *page.translations):
            if item.scope != REGION_DIR:
                generated.setdefault(f"{REGION_DIR}/{item.translation_key}.{item.lang}.md", item)


def index_pages(generator) -> None:
    """Give templates the menu and the pages by name, computed once per site instead of per page."""
    pages = generator.pages
    generator.context["menu"] = sorted((page for page in pages if hasattr(page, "menu")), key=lambda p: p.menu)
    generator.context["page_for"] = {page.translation_key: page for page in pages}


class ZoneStyleGenerator(Generator):
    """Write css/zone.css (the zone's colour as a CSS variable, so no page needs inline style; the
    site's own links, whose address is not printed) and favicon.svg (a dot in that colour), next to
    the theme's files."""

    def generate_output(self, writer) -> None:
        accent = self.context["zone"]["accent"]
        folder = Path(self.output_path, self.settings["THEME_STATIC_DIR"])
        (folder / "css").mkdir(parents=True, exist_ok=True)
        # Printed links show their address (site.css), but for the links within this site.
        own = self.settings["SITEURL"].replace('"', "%22")
        (folder / "css" / "zone.css").write_text(
            f":root {{ --accent: {accent}; }}\n"
            f'@media print {{ main a[href^="{own}/"]::after {{ content: none; }} }}\n', encoding="utf-8")
        (folder / "favicon.svg").write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
            f'<circle cx="16" cy="16" r="15" fill="{accent}"/><circle cx="16" cy="16" r="6" fill="#fff"/></svg>\n',
            encoding="utf-8")


def add_generator(pelican) -> type[Generator]:
    return ZoneStyleGenerator


def register() -> None:
    signals.initialized.connect(configure)
    signals.get_generators.connect(add_generator)
    signals.generator_init.connect(add_to_templates)
    signals.page_generator_context.connect(skip_overridden)
    signals.page_generator_finalized.connect(alias_overridden)
    signals.page_generator_finalized.connect(index_pages)
