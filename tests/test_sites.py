"""Promises that hold on every page of every site: crawl all ten built sites."""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath

import pytest

from conftest import ROOT, build_into, soup
from zonelib import zonefile
from zonelib.facts import is_confirmed
from zonelib.problems import ProblemsError

SITES = [(site.zone, site.lang, site.domain) for site in zonefile.load(ROOT / "zones.yaml").sites()]


def tel(phone: str) -> str:
    return "tel:" + phone.replace(" ", "")


def confirmed_email(record: dict, lang: str) -> str | None:
    """The address a site shows: its language's if confirmed, else a confirmed one of another language."""
    emails = [record["email"][lang], *(e for code, e in record["email"].items() if code != lang)]
    return next((email for email in emails if is_confirmed(email)), None)


def page_url(built, domain: str, relative) -> str:
    """The URL of a built file, the way the site links to it."""
    path = PurePosixPath(relative.as_posix())
    tail = "" if path.name == "index.html" and path.parent == PurePosixPath(".") else (
        f"{path.parent}/" if path.name == "index.html" else str(path))
    return built.site_url(domain) + tail


def file_of(built, url: str):
    """The built file a site URL points to, or None when it points outside the ten sites."""
    for site in built.zones.sites():
        prefix = built.site_url(site.domain)
        if url.startswith(prefix):
            rest = url[len(prefix):].split("#")[0]
            target = built.output / site.domain / rest
            return target / "index.html" if rest == "" or rest.endswith("/") else target
    return None


def test_ten_web_roots_and_a_portal(dev, zones):
    domains = sorted(site.domain for site in zones.sites())
    assert len(domains) == 10 and len(set(domains)) == 10
    for domain in domains:
        assert (dev.output / domain / "index.html").is_file()
        assert (dev.output / domain / "theme" / "css" / "site.css").is_file()
    portal = soup(dev.output / "index.html")
    assert sorted(a["href"] for a in portal.select("main a")) == sorted(f"/{d}/" for d in domains)
    assert not (dev.output / ".staging").exists()


@pytest.mark.parametrize(("zone", "lang", "domain"), SITES)
def test_every_page_has_lang_switch_and_its_twin_links_back(dev, zone, lang, domain):
    other = next(code for code in dev.zones.languages if code != lang)
    pages = list(dev.pages(domain))
    assert len(pages) >= 9
    for relative, page in pages:
        here = page_url(dev, domain, relative)
        assert page.html["lang"] == lang, relative
        switch = page.select(".lang-switch a")
        assert len(switch) == 1, relative
        link = switch[0]
        assert link["hreflang"] == other and link["lang"] == other, relative
        target = file_of(dev, link["href"])
        assert target is not None and target.is_file(), f"{relative}: dead switch link {link['href']}"
        assert target.is_relative_to(dev.output / dev.zones.zone(zone)["domain"][other]), relative
        back = soup(target).select_one(f'.lang-switch a[hreflang="{lang}"]')
        assert back["href"] == here, f"{relative}: its twin {link['href']} does not link back"
        assert page.select_one('link[rel="canonical"]')["href"] == here, relative
        alternates = {tag["hreflang"]: tag["href"] for tag in page.select('link[rel="alternate"][hreflang]')}
        assert alternates == {lang: here, other: link["href"]}, relative


@pytest.mark.parametrize(("zone", "lang", "domain"), SITES)
def test_every_page_has_its_own_zones_contact_in_its_language(dev, zone, lang, domain):
    record, ateliers = dev.zones.zone(zone), dev.zones.data["region"]["ateliers"]
    email, helpdesk = confirmed_email(record, lang), record["helpdesk"]["phone"]
    for relative, page in dev.pages(domain):
        card = page.select_one("footer .contact-card")
        hrefs = {a["href"] for a in card.select("a[href]")}
        if is_confirmed(record["phone"]):
            assert tel(record["phone"]) in hrefs, relative
        else:  # the regional line, said to be one, instead of a number passed off as the zone's
            line = card.find("a", href=tel(ateliers["phone"])).parent
            assert ateliers["name"][lang] in line.get_text(), relative
        if email:
            assert f"mailto:{email}" in hrefs, relative
        assert not {a["href"] for a in card.select('a[href^="mailto:"]')} - {f"mailto:{email}"}, relative
        if is_confirmed(helpdesk):
            assert tel(helpdesk) in hrefs, relative
            assert record["helpdesk"]["purpose"][lang] in card.get_text(" ", strip=True), relative
        else:
            assert record["helpdesk"]["purpose"][lang] not in card.get_text(" ", strip=True), relative


@pytest.mark.parametrize(("zone", "lang", "domain"), SITES)
def test_every_page_is_semantic_and_self_contained(dev, zone, lang, domain):
    for relative, page in dev.pages(domain):
        assert len(page.find_all("h1")) == 1, relative
        for landmark in ("header", "nav", "main", "footer"):
            assert page.find(landmark), f"{relative}: no <{landmark}>"
        skip = page.select_one("a.skip-link")
        assert skip and page.find(id=skip["href"][1:]).name == "main", relative
        assert not page.find(style=True) and not page.find("style"), relative
        for script in page.find_all("script"):  # data, or a script file of the site itself
            assert (script.get("type") == "application/ld+json" and not script.get("src")) or (
                script.get("src", "").startswith(f"/{domain}/") and not script.string), relative
        loaded = [*page.select('link[rel="stylesheet"]'), *page.select("link[rel~=icon]")]
        loaded = [e["href"] for e in loaded] + [e["src"] for e in page.select("img[src], script[src], iframe[src]")]
        for url in loaded:
            assert url.startswith(f"/{domain}/"), f"{relative}: loads {url} from another site"
        ids = [element["id"] for element in page.find_all(id=True)]
        assert len(ids) == len(set(ids)), f"{relative}: duplicate ids"
        statement = page.select("footer a")[-1]["href"]
        assert statement in (f"/{domain}/accessibilite/", f"/{domain}/toegankelijkheid/"), relative
    statement = soup(dev.output / domain / statement.removeprefix(f"/{domain}/") / "index.html")
    for section in (("État de conformité", "Nalevingsstatus"), ("Procédure de mise en œuvre", "Handhavingsprocedure")):
        assert section[lang == "nl"] in [h.get_text() for h in statement.select("main h2")]
    # whom to tell: the zone's e-mail address, or the phone line the page gives while it is not published
    assert statement.select_one(".updated") and statement.select_one('main a[href^="mailto:"], main a[href^="tel:"]')
    not_found = soup(dev.output / domain / "404.html")
    assert not_found.html["lang"] == lang and not_found.select_one('meta[name="robots"]')["content"] == "noindex"
    assert not_found.h1.get_text() in ("Page introuvable", "Pagina niet gevonden")


def test_regional_pages_appear_on_every_zone_in_both_languages(dev, zones):
    regional = sorted(p.name.split(".")[0] for p in (ROOT / "content/region/pages").glob("*.fr.md"))
    assert {"index", "helpdesk", "team", "contact", "legal", "what-is-a-zone", "brusano", "zones"} <= set(regional)
    for site in zones.sites():
        titles = {page.h1.get_text(strip=True).replace("\u202f", " ") for _, page in dev.pages(site.domain)}
        for name in regional:
            if name == "index":
                continue
            source = (ROOT / "content/region/pages" / f"{name}.{site.lang}.md").read_text(encoding="utf-8")
            title = re.search(r"^title: (.+)$", source, re.M).group(1).strip().strip("'\"")
            assert title in titles, f"{site.domain}: regional page {name} is missing"


def first_paragraph(path) -> str:
    return next(line for line in path.read_text("utf-8").split("---", 2)[2].splitlines() if line.strip())


def test_a_zone_page_replaces_the_regional_one(dev, zones):
    regional = first_paragraph(ROOT / "content/region/pages/about.fr.md")[:40]
    for zone in zones.ids:
        page = soup(dev.output / zones.zone(zone)["domain"]["fr"] / "a-propos/index.html")
        text = page.main.get_text(" ")
        own = ROOT / f"content/{zone}/pages/about.fr.md"
        if own.exists():
            assert first_paragraph(own)[:40] in text and regional not in text
        else:
            assert regional in text


def test_links_to_a_replaced_regional_page_lead_to_the_zones_page(project, tmp_path):
    legal = project / "content/region/pages/legal.fr.md"
    legal.write_text(legal.read_text("utf-8") + "\n[À propos]({filename}/region/pages/about.fr.md)\n", "utf-8")
    (project / "content/sud/pages/about.fr.md").unlink()
    (project / "content/sud/pages/about.nl.md").unlink()
    built = build_into(tmp_path / "out", project / "pelicanconf.py", lang="fr")
    for site in built.zones.sites(lang="fr"):
        page = soup(built.output / site.domain / "mentions-legales/index.html")
        href = page.select_one('main a[href$="/a-propos/"]')["href"]
        assert href == f"/{site.domain}/a-propos/"
        assert (built.output / site.domain / "a-propos/index.html").is_file()


@pytest.mark.parametrize(("zone", "lang", "domain"), SITES)
def test_team_and_support_group_come_from_zones_yaml_dated_newest_first(dev, zone, lang, domain):
    record = dev.zones.zone(zone)
    team_page = next(page for relative, page in dev.pages(domain) if page.select_one("#support-group"))
    lists = [found for key in ("team", "support_group")
             for found in sorted((one for one in record[key] if is_confirmed(one)), key=lambda one: one["date"],
                                 reverse=True)]
    members = [member for found in lists for member in found["members"]]
    assert [li.contents[0].strip() for li in team_page.select("ul.people li")] == [m["name"] for m in members]
    roles = [span.get_text() for span in team_page.select("ul.people .role")]
    assert roles == [m["role"][lang] for m in members if "role" in m]
    dates = [p.get_text() for p in team_page.select("p.list-date")]
    assert len(dates) == len(lists) and all(found["occasion"][lang] in text for found, text in zip(lists, dates))
    if not any(is_confirmed(one) for one in record["team"]):  # a list nobody published is not shown as the team
        assert team_page.select_one("#team + p.unconfirmed")


@pytest.mark.parametrize(("zone", "lang", "domain"), SITES)
def test_home_page_has_missions_communes_contact_and_json_ld(dev, zone, lang, domain):
    record = dev.zones.zone(zone)
    page = soup(dev.output / domain / "index.html")
    assert page.h1.get_text(strip=True) == record["name"][lang]
    assert page.select_one("div.hero, figure.hero-photo")  # the winning photo, or a neutral band
    assert len(page.select("main h2")) >= 3
    communes = page.select_one("ul.communes").get_text(" ")
    for commune in record["communes"]:
        assert commune["postcode"] in communes and commune["name"][lang] in communes
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "Organization" and data["name"] == record["name"][lang]
    assert data["url"] == f"/{domain}/" and data.get("email") == confirmed_email(record, lang)
    confirmed = [phone for phone in (record["phone"], record["helpdesk"]["phone"]) if is_confirmed(phone)]
    assert data.get("telephone") == (record["phone"] if is_confirmed(record["phone"]) else None)
    points = data.get("contactPoint", [])
    assert {point.get("telephone") for point in points} - {None} == set(confirmed)
    assert all(point["@type"] == "ContactPoint" for point in points)
    assert data["areaServed"] == [c["name"][lang] for c in record["communes"] if is_confirmed(c)]


@pytest.mark.parametrize(("zone", "lang", "domain"), SITES)
def test_other_zones_are_linked_in_the_same_language(dev, zone, lang, domain):
    page = next(page for _, page in dev.pages(domain) if page.select_one("main ul.people a[href]")
                and not page.select_one("#support-group"))
    links = {a["href"] for a in page.select("main ul.people a")}
    others = {f"/{z['domain'][lang]}/" for z in dev.zones.data["zones"] if z["id"] != zone}
    assert links == others
    for href in links:
        assert file_of(dev, href).is_file()


def test_accent_colour_comes_from_zones_yaml(dev, zones):
    for site in zones.sites():
        css = (dev.output / site.domain / "theme/css/zone.css").read_text()
        assert zones.zone(site.zone)["accent"] in css


def test_a_draft_zone_page_does_not_hide_the_regional_one(project, tmp_path):
    for lang in ("fr", "nl"):
        (project / f"content/sud/pages/helpdesk.{lang}.md").write_text(
            "---\ntitle: Brouillon\nstatus: draft\n---\nPas encore.\n", "utf-8")
    built = build_into(tmp_path / "out", project / "pelicanconf.py", zone="sud")
    page = soup(built.output / "bassin-sud.brussels/helpdesk/index.html")
    assert page.h1.get_text() == "Helpdesk" and "Pas encore" not in page.get_text()


@pytest.mark.parametrize(("zone", "lang", "domain"), SITES)
def test_every_page_of_a_site_has_its_own_title(dev, zone, lang, domain):
    titles = {}
    for relative, page in dev.pages(domain):
        title = " ".join(page.title.get_text().split()).casefold()
        assert title not in titles, f"{relative} and {titles[title]} are both titled {page.title.get_text()!r}"
        titles[title] = relative


def test_two_pages_with_one_title_stop_the_build_naming_both(project, tmp_path):
    for lang, title in (("fr", "Contact"), ("nl", "Contact")):
        (project / f"content/sud/pages/extra.{lang}.md").write_text(f"---\ntitle: {title}\n---\nTexte.\n", "utf-8")
    with pytest.raises(ProblemsError) as error:
        build_into(tmp_path / "out", project / "pelicanconf.py", zone="sud", lang="fr")
    problems = [str(p) for p in error.value.problems]
    assert any(p.startswith(("content/sud/pages/extra.fr.md:2: ", "content/region/pages/contact.fr.md:")) and
               "same title (Contact)" in p and "extra.fr.md" in p and "contact.fr.md" in p for p in problems), problems
