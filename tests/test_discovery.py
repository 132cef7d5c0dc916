"""How visitors and machines find the pages, on the ten sites as published: sitemaps with reciprocal
alternates, robots.txt, the Atom feed, links to the feeds, link previews, JSON-LD, the search index,
its A-Z page and form, and what the security headers allow for it."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

import feedparser
import pytest
import yaml

from conftest import ROOT, soup
from search.search import sort_key
from sitemaps.sitemaps import alternates
from zonelib.hosting import POLICY
from zonelib.tables import wrap_tables

SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
ATOM = {"a": "http://www.w3.org/2005/Atom"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TYPESET = str.maketrans({"\u202f": " "})  # French typography sets text nodes; attributes and feeds as typed
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def noindex(page) -> bool:
    robots = page.select_one('meta[name="robots"]')
    return bool(robots and "noindex" in robots["content"])


def sitemap_of(built, domain: str) -> dict[str, dict[str, str]]:
    """Return {address: {hreflang: address}} of a site's sitemap.xml (parsed as XML)."""
    root = ET.parse(built.output / domain / "sitemap.xml").getroot()
    assert root.tag == f"{{{SITEMAP['s']}}}urlset"
    entries = {}
    for url in root.findall("s:url", SITEMAP):
        loc = url.findtext("s:loc", namespaces=SITEMAP)
        links = [(link.get("hreflang"), link.get("href")) for link in url.findall("x:link", SITEMAP)]
        assert all(link.get("rel") == "alternate" for link in url.findall("x:link", SITEMAP))
        assert len(dict(links)) == len(links), f"{domain}: {loc} lists a language twice"
        assert loc not in entries, f"{domain}: {loc} is listed twice"
        entries[loc] = dict(links)
    return entries


def test_sitemaps_list_every_page_with_reciprocal_alternates_and_x_default(published, zones):
    maps = {site.domain: sitemap_of(published, site.domain) for site in zones.sites()}
    first = zones.languages[0]
    for site in zones.sites():
        entries = maps[site.domain]
        for loc, links in entries.items():
            assert loc.startswith(published.site_url(site.domain)), loc
            page = soup(published.file(site.domain, loc))
            assert page.select_one('link[rel="canonical"]')["href"] == loc and not noindex(page), loc
            assert links[site.lang] == loc and "x-default" in links, (loc, links)
            assert links["x-default"] == links.get(first, loc), (loc, links)
            for lang, href in links.items():
                if lang == "x-default":
                    continue
                twin_domain = urlparse(href).netloc
                assert published.file(twin_domain, href).is_file(), f"{loc}: alternate {href} does not resolve"
                assert maps[twin_domain].get(href) == links, f"{loc}: {href} does not list the same alternates back"
        listed = {page.select_one('link[rel="canonical"]')["href"] for _, page in published.pages(site.domain)
                  if not noindex(page)}
        assert listed == set(entries), (site.domain, sorted(listed ^ set(entries)))
        assert len(entries) >= 20


def test_robots_txt_names_the_sitemap(published, zones):
    for site in zones.sites():
        lines = (published.output / site.domain / "robots.txt").read_text("utf-8").splitlines()
        assert "User-agent: *" in lines and "Disallow:" in lines
        assert f"Sitemap: {published.url(site.domain, 'sitemap.xml')}" in lines


def test_each_site_has_a_valid_atom_feed_of_its_events_and_reports_newest_first(published, zones):
    for site in zones.sites():
        path = published.output / site.domain / "feed.atom"
        feed = ET.parse(path).getroot()  # well-formed XML
        assert feed.tag == f"{{{ATOM['a']}}}feed" and feed.get(XML_LANG) == site.lang
        for name in ("id", "title", "updated"):  # RFC 4287, 4.1.1: exactly one of each
            assert len(feed.findall(f"a:{name}", ATOM)) == 1, (site.domain, name)
        assert feed.findtext("a:author/a:name", namespaces=ATOM)  # no entry has its own author
        self_link = feed.find('a:link[@rel="self"]', ATOM).get("href")
        assert self_link == feed.findtext("a:id", namespaces=ATOM) == published.url(site.domain, "feed.atom")
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (site.domain, parsed.get("bozo_exception"))
        assert parsed.version == "atom10" and parsed.feed.language == site.lang
        entries = feed.findall("a:entry", ATOM)
        updated = []
        for entry in entries:
            for name in ("id", "title", "updated"):
                assert len(entry.findall(f"a:{name}", ATOM)) == 1, (site.domain, name)
            stamp = entry.findtext("a:updated", namespaces=ATOM)
            assert RFC3339.match(stamp), stamp
            updated.append(dt.datetime.fromisoformat(stamp))
            href = entry.find('a:link[@rel="alternate"]', ATOM).get("href")
            assert href == entry.findtext("a:id", namespaces=ATOM) and href.startswith(published.site_url(site.domain))
            page = soup(published.file(site.domain, href))
            assert page.h1.get_text().translate(TYPESET) == entry.findtext("a:title", namespaces=ATOM)
        assert updated == sorted(updated, reverse=True), f"{site.domain}: entries are not newest first"
        assert dt.datetime.fromisoformat(feed.findtext("a:updated", namespaces=ATOM)) == max(updated)
        ids = [entry.findtext("a:id", namespaces=ATOM) for entry in entries]
        own = {page.select_one('link[rel="canonical"]')["href"] for relative, page in published.pages(site.domain)
               if relative.parts[0] in ("agenda", "ateliers") and len(relative.parts) == 3 and not noindex(page)}
        assert len(ids) == len(set(ids)) and set(ids) == own, site.domain
        assert len(ids) >= 5


def test_every_page_advertises_both_feeds_and_gives_a_link_preview(published, zones):
    locales = {code: info["locale"] for code, info in zones.data["languages"].items()}
    for site in zones.sites():
        home = soup(published.output / site.domain / "index.html")
        hero = home.select_one(".hero-photo img")
        for relative, page in published.pages(site.domain):
            feeds = {link["type"]: link["href"] for link in page.select('link[rel="alternate"][type]')}
            assert feeds == {"application/atom+xml": published.url(site.domain, "feed.atom"),
                             "text/calendar": published.url(site.domain, "agenda.ics")}, relative
            meta = {tag.get("property") or tag.get("name"): tag["content"] for tag in page.select("meta[content]")}
            assert meta["og:title"] == page.title.get_text().translate(TYPESET) == meta["twitter:title"], relative
            assert meta["og:description"] and meta["og:site_name"], relative
            assert meta["og:url"] == page.select_one('link[rel="canonical"]')["href"], relative
            assert meta["og:locale"] == locales[site.lang], relative
            assert [tag["content"] for tag in page.select('meta[property="og:locale:alternate"]')] == [
                locales[code] for code in zones.languages if code != site.lang], relative
            if hero is None:
                assert "og:image" not in meta and meta["twitter:card"] == "summary", relative
                continue
            assert meta["twitter:card"] == "summary_large_image", relative
            assert meta["og:image"] == meta["twitter:image"] and meta["og:image"].startswith("https://"), relative
            assert published.file(site.domain, meta["og:image"]).is_file(), relative
            assert meta["og:image:alt"] == meta["twitter:image:alt"] == hero["alt"], relative
    heroes = [site.domain for site in zones.sites()
              if "og:image:alt" in (published.output / site.domain / "index.html").read_text("utf-8")]
    real = [path for path in ROOT.glob("content/*/galleries/*/gallery.yaml")
            if not yaml.safe_load(path.read_text("utf-8")).get("example")]
    assert bool(heroes) == bool(real)  # example photos never illustrate a published site (publishconf.py)


def urls_in(data, key=""):
    """Yield (key, value) of every web address in a JSON-LD document."""
    if isinstance(data, dict):
        for name, value in data.items():
            yield from urls_in(value, name)
    elif isinstance(data, list):
        for value in data:
            yield from urls_in(value, key)
    elif isinstance(data, str) and (key in ("url", "hasMap", "@id", "image", "logo", "sameAs")
                                    or data.startswith(("/", "http:", "https:"))):
        yield key, data


def test_json_ld_urls_are_absolute_and_every_event_has_a_location(published, zones):
    events = 0
    for site in zones.sites():
        for relative, page in published.pages(site.domain):
            for block in page.select('script[type="application/ld+json"]'):
                data = json.loads(block.string)
                for key, url in urls_in(data):
                    assert url.startswith("https://"), f"{site.domain}/{relative}: {key} {url} is not absolute"
                if data["@type"] == "Event":
                    events += 1
                    location = data["location"]
                    assert location["@type"] == "Place" and location["name"] and location["address"], relative
                    address = location["address"]
                    assert isinstance(address, str) or address["addressCountry"] == "BE", relative
    assert events >= 40


def test_every_site_has_a_search_index_in_its_language_and_an_a_to_z_page(published, zones):
    for site in zones.sites():
        root = published.output / site.domain
        entry = json.loads((root / "pagefind/pagefind-entry.json").read_text("utf-8"))
        indexed = [relative for relative, page in published.pages(site.domain) if page.select_one("main[data-pagefind-body]")]
        assert list(entry["languages"]) == [site.lang] and entry["languages"][site.lang]["page_count"] == len(indexed)
        for name in ("pagefind-ui.js", "pagefind-ui.css", "pagefind.js", "pagefind-worker.js"):
            assert (root / "pagefind" / name).is_file(), name
        assert not (root / "pagefind/pagefind-component-ui.js").exists()  # Pagefind's other UIs are removed
        search_pages = [page for _, page in published.pages(site.domain) if page.select_one("#search[data-bundle]")]
        assert len(search_pages) == 1
        search = search_pages[0]
        search_url = search.select_one('link[rel="canonical"]')["href"]
        assert urlparse(search_url).path in ("/recherche/", "/zoeken/")
        listed = [a["href"] for a in search.select("ul.a-z > li > a")]
        titles = [a.get_text() for a in search.select("ul.a-z > li > a")]
        assert titles == sorted(titles, key=sort_key)
        wanted = {published.url(site.domain, "" if str(r) == "index.html" else str(r.parent) + "/") for r in indexed}
        assert sorted(listed) == sorted(wanted), site.domain
        assert search.select_one("noscript")  # says why only the list shows without JavaScript
        for src in [s["src"] for s in search.select("script[src]")] + [link["href"] for link in search.select(
                'link[rel="stylesheet"]')]:
            assert published.file(site.domain, src).is_file() and src.startswith(published.site_url(site.domain))
        for relative, page in published.pages(site.domain):
            form = page.select_one("header form[role=search]")
            if page is search or page.select_one("#search[data-bundle]"):
                assert form is None  # the page itself is the search
                continue
            assert form["action"] == search_url and form["method"] == "get", relative
            assert form.select_one('input[type="search"][name="q"]')["id"] == form.select_one("label")["for"]
            excluded = noindex(page) or relative.name == "404.html"
            assert bool(page.select_one("main[data-pagefind-body]")) == (not excluded), relative


def test_the_policy_lets_the_search_run_and_its_form_send_and_nothing_more():
    directives = {part.split()[0]: part.split()[1:] for part in POLICY["Content-Security-Policy"].split(";")}
    assert directives["script-src"] == ["'self'", "'wasm-unsafe-eval'"]  # Pagefind's WebAssembly, no eval
    assert directives["form-action"] == ["'self'"]  # the header's search form, a GET to the search page
    assert directives["default-src"] == directives["img-src"] == directives["style-src"] == ["'self'"]
    assert directives["object-src"] == directives["frame-ancestors"] == ["'none'"]


# Pure functions, without a build.

@pytest.mark.parametrize(("titles", "expected"), [
    (["Zoo", "école", "Agenda", "« Melting Papot' »", "Été"], ["Agenda", "école", "Été", "« Melting Papot' »", "Zoo"]),
    (["b", "a", "A"], ["A", "a", "b"]),
])
def test_a_to_z_order_ignores_accents_case_and_quotes(titles, expected):
    assert sorted(titles, key=sort_key) == expected


def test_sitemap_alternates_end_with_x_default_in_the_first_language_or_the_page_itself():
    both = [{"lang": "fr", "url": "https://a/x/"}, {"lang": "nl", "url": "https://b/y/"}]
    assert alternates(both, "fr")[-1] == ("x-default", "https://a/x/")
    assert alternates([{"lang": "nl", "url": "https://b/y/"}], "fr") == [("nl", "https://b/y/"),
                                                                       ("x-default", "https://b/y/")]


def test_tables_of_page_text_get_a_named_scroll_container():
    root = ET.fromstring('<div><h2 id="pop">Population</h2><p>x</p><table><tr><td>1</td></tr></table>'
                         "<table><tr><td>2</td></tr></table><blockquote><table/></blockquote></div>")
    wrap_tables(root)
    boxes = root.findall("div")
    assert [box.get("aria-labelledby") for box in boxes] == ["pop", "pop"]
    assert all(box.get("tabindex") == "0" and box.get("role") == "region" and box[0].tag == "table" for box in boxes)
    assert root.find("blockquote/div[@class='table-scroll']/table") is not None
    assert root.find("table") is None
