"""A page without its twin: listed at build time, and the visitor gets a notice with a link."""

from __future__ import annotations

from conftest import soup

FR_ONLY = """---
title: Journée d'échange
slug: journee-d-echange
untranslated: true
---
Une page que l'équipe n'a pas encore traduite.
"""
NL_ONLY = """---
title: Buurtwandeling
slug: buurtwandeling
untranslated: true
---
Een pagina die enkel in het Nederlands bestaat.
"""


def test_missing_twins_are_reported_once_and_shown_as_notices(site):
    site.write("content/region/pages/exchange.fr.md", FR_ONLY)
    site.write("content/sud/pages/walk.nl.md", NL_ONLY)
    built = site.build_all()

    missing = {(item.source, item.lang) for item in built.report.missing}
    assert missing == {("content/region/pages/exchange.fr.md", "nl"), ("content/sud/pages/walk.nl.md", "fr")}
    assert len(built.report.missing) == 2  # the regional page is listed once, not once per zone

    for zone in built.zones.data["zones"]:
        fr_domain, nl_domain = zone["domain"]["fr"], zone["domain"]["nl"]
        original = soup(built.output / fr_domain / "journee-d-echange/index.html")
        switch = original.select_one('.lang-switch a[hreflang="nl"]')["href"]
        assert switch == built.url(nl_domain, "journee-d-echange/")
        assert not original.select('link[rel="alternate"][hreflang="nl"]')  # no twin to announce

        notice = soup(built.output / nl_domain / "journee-d-echange/index.html")
        assert notice.html["lang"] == "nl"
        assert notice.select_one('meta[name="robots"]')["content"] == "noindex"
        assert notice.h1.get_text(strip=True) == "Deze pagina bestaat nog niet in het Nederlands"
        link = notice.select_one(".notice a")
        assert link["href"] == built.url(fr_domain, "journee-d-echange/")
        assert link["hreflang"] == "fr" and link["lang"] == "fr" and link.get_text() == "Journée d'échange"
        assert notice.select_one('link[rel="canonical"]')["href"] == built.url(fr_domain, "journee-d-echange/")
        back = notice.select_one('.lang-switch a[hreflang="fr"]')["href"]
        assert back == built.url(fr_domain, "journee-d-echange/")
        assert "Une page que" not in notice.get_text()  # the French text is not passed off as Dutch

        walk_fr = built.output / fr_domain / "buurtwandeling/index.html"
        assert walk_fr.exists() == (zone["id"] == "sud")
    notice = soup(built.output / "bassin-sud.brussels/buurtwandeling/index.html")
    assert notice.h1.get_text(strip=True) == "Cette page n'existe pas encore en français"
    assert notice.select_one(".notice a")["href"] == built.url("zorgzone-zuid.brussels", "buurtwandeling/")


def test_each_language_may_have_its_own_slug(dev):
    page = soup(dev.file("bassin-nord.brussels", dev.url("bassin-nord.brussels", "mentions-legales/")))
    assert page.select_one(".lang-switch a")["href"] == dev.url("zorgzone-noord.brussels", "wettelijke-vermeldingen/")


def test_a_page_without_twin_stops_a_production_build_unless_it_says_untranslated(site):
    site.write("content/region/pages/exchange.fr.md", FR_ONLY.replace("untranslated: true\n", ""))
    assert site.build(lang="nl", publish=True).problems == [
        "content/region/pages/exchange.fr.md:1: no 'nl' translation yet "
        "(write exchange.nl.md); or add 'untranslated: true' to publish it meanwhile, with a notice and a link "
        "on the other site"]
    assert site.build(lang="fr").problems == []  # the page itself is fine on its own site
