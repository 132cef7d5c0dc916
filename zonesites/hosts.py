"""Write the host configuration of each built site beside the web roots: <output>/hosts/<domain>/."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po
from jinja2 import Environment, FileSystemLoader, select_autoescape

from zonelib import gallery, hosting, zonefile
from zonelib.messages import compile_catalog
from zonelib.settings import I18N_CATALOGS, ZONES_SITEURL

HOSTS = "hosts"  # <output>/hosts/<domain>/: never uploaded as part of a web root
REDIRECTS_FILE = "redirects.yaml"


def policy_of(base: dict) -> dict:
    """Return the security headers of the sites: HEADERS_POLICY when set, else the default policy."""
    return base.get(hosting.POLICY_SETTING) or hosting.POLICY


def load_redirects(root: Path, zones: zonefile.Zones) -> list[hosting.Redirect]:
    return hosting.load_redirects(root / REDIRECTS_FILE, root, [site.domain for site in zones.sites()])


def _moved_page(base: dict, root: Path, lang: str):
    """Return the template of the page left at an old address, speaking lang."""
    env = Environment(loader=FileSystemLoader(Path(base["THEME"]) / "templates"), autoescape=select_autoescape(),
                      extensions=["jinja2.ext.i18n"])
    with (root / base[I18N_CATALOGS] / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        env.install_gettext_translations(compile_catalog(read_po(handle), "messages"), newstyle=True)
    return env.get_template("moved.html")


def write_hosts(folder: Path, root: Path, base: dict, zones: zonefile.Zones, sites: list[zonefile.Site],
                redirects: list[hosting.Redirect]) -> None:
    """Write hosts/<domain>/ for each site into folder: every kind of host's files, and the pages a
    plain host shows at old addresses (hosts/<domain>/fallback/)."""
    policy = policy_of(base)
    pages = {}
    for site in sites:
        own = [r for r in redirects if r.domain == site.domain]
        target = folder / HOSTS / site.domain
        target.mkdir(parents=True, exist_ok=True)
        form_pages = gallery.form_pages(Path(base["PATH"]), site.zone, zones.languages)
        for name, text in hosting.host_files(site.domain, policy, own, form_pages).items():
            (target / name).write_text(text, encoding="utf-8")
        url = zonefile.site_url(base[ZONES_SITEURL], site.domain)
        for redirect in own:
            if redirect.as_page:
                if site.lang not in pages:
                    pages[site.lang] = _moved_page(base, root, site.lang)
                page = target / hosting.FALLBACK / redirect.as_page
                page.parent.mkdir(parents=True, exist_ok=True)
                page.write_text(pages[site.lang].render(lang=site.lang, url=url + redirect.new,
                                                        site=zones.zone(site.zone)["name"][site.lang]), "utf-8")
