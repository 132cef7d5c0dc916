"""Postcode finder: every Brussels postcode answers with its zone, or says honestly that it depends.

The finder is a page of the content (`template: postcodes`, content/region/pages/postcodes.*.md):
it lists every postcode of Statbel's table (zonelib.territory) with its communes and zone. This
plugin adds, at the finder's address in each language, one page per postcode (`<finder>/1000/`,
twins of the same postcode on the other language's site) and `<finder>/postcodes.json`, the same
answers for the script that makes the finder instant (theme/js/postcodes.js). Without JavaScript
the list and the pages are the finder.

Settings:
  POSTCODES_TEMPLATE   the template of the finder page (postcodes); a postcode's page uses POSTCODES_PAGE
  POSTCODES_PAGE       the template of a postcode's page (postcode)
  POSTCODES_JSON       the file name of the answers, beside the finder (postcodes.json)

Template context: `finder` = {page (the finder, once the site has one), rows (an answer per postcode:
postcode, url, communes, kind 'zone' or 'depends', known, zones, areas), json_url, source}; on a
postcode's page, `page.answer` is its row.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from zonelib import territory
from zonelib.facts import confirmed_value as confirmed
from zonelib.settings import GENERATED_PAGES, ZONES_DATA
from zonelib.zonefile import localize

TEMPLATE, PAGE, JSON = "POSTCODES_TEMPLATE", "POSTCODES_PAGE", "POSTCODES_JSON"
DEFAULTS = {TEMPLATE: "postcodes", PAGE: "postcode", JSON: "postcodes.json"}


def folded(text: str) -> str:
    """Return text lowercased without accents, as a visitor may type it ("Etterbeek", "etterbeek")."""
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))


def rows(data: dict, lang: str, zones: list[dict]) -> list[dict]:
    """Return the answer for every Brussels postcode, in the site's language, with the zones' views."""
    languages = list(data["languages"])
    by_id = {zone["id"]: zone for zone in zones}
    found, _ = territory.claims(data)
    official, names = territory.communes(), territory.names_as_written(found)
    result = []
    for postcode, answer in territory.answers(found).items():
        areas = [{"commune": names[area.nis][lang], "part": localize(area.part, lang, languages),
                  "note": localize(area.note, lang, languages), "zone": by_id.get(area.zone),
                  "unconfirmed": area.unconfirmed}
                 for area in answer.areas]
        texts = [text for nis in answer.communes for each in (official, names) for text in each[nis].values()]
        texts += [text for area in answer.areas if area.part for text in area.part.values()]
        result.append({"postcode": postcode, "communes": [names[nis][lang] for nis in answer.communes],
                       "kind": answer.kind, "known": answer.known, "zones": [by_id[z] for z in answer.zones],
                       "areas": areas, "keys": sorted({postcode, *map(folded, texts)})})
    return result


@dataclass
class PostcodePage:
    """A postcode's page: what the page templates read of a page, and its answer."""

    answer: dict
    title: str
    url: str
    save_as: str
    lang: str
    source_path: str  # the finder's file: a postcode's page changes with it (incremental builds)
    canonical_url: str
    alternates: list = field(default_factory=list)
    hreflang: list = field(default_factory=list)
    summary: str = ""
    content: str = ""
    template: str = ""


def postcode_pages(finder, answers: list[dict], template: str) -> list[PostcodePage]:
    """Return a page per postcode under the finder's address, tied to its twins on the other sites."""
    pages = []
    for row in answers:
        tail = f"{row['postcode']}/"
        pages.append(PostcodePage(
            answer=row, title=f"{row['postcode']} {' – '.join(row['communes'])}", url=finder.url + tail,
            save_as=finder.url + tail + "index.html", lang=finder.lang, source_path=finder.source_path,
            canonical_url=finder.canonical_url + tail, template=template,
            alternates=[{**alternate, "url": alternate["url"] + tail} for alternate in finder.alternates],
            hreflang=[{**link, "url": link["url"] + tail} for link in finder.hreflang]))
    return pages


def answers_json(answers: list[dict], siteurl: str, finder_url: str) -> str:
    """Return the answers for the finder's script: each postcode's keys, page and zones."""
    def zone(view: dict) -> dict:  # numbers zones.yaml does not confirm are left out (None)
        return {"name": view["name"], "url": f"{view['url']}/", "phone": confirmed(view["phone"]),
                "helpdesk": confirmed(view["helpdesk"]["phone"])}

    return json.dumps({"postcodes": [
        {"postcode": row["postcode"], "label": f"{row['postcode']} {' – '.join(row['communes'])}",
         "url": f"{siteurl}/{finder_url}{row['postcode']}/", "keys": row["keys"], "kind": row["kind"],
         "zones": [zone(view) for view in row["zones"]]} for row in answers]},
        ensure_ascii=False, separators=(",", ":"), sort_keys=True)


class PostcodesGenerator(Generator):
    """Give templates the finder's rows; write a page per postcode and the answers' JSON."""

    def generate_context(self) -> None:
        settings = self.settings
        pages = self.context.get("pages", [])
        finder = next((page for page in pages if getattr(page, "template", "") == settings[TEMPLATE]), None)
        answers = rows(settings[ZONES_DATA], settings["DEFAULT_LANG"], self.context["zones"])
        self.finder = finder
        self.postcode_pages = postcode_pages(finder, answers, settings[PAGE]) if finder and not finder.fallback else []
        self.context.setdefault(GENERATED_PAGES, []).extend(self.postcode_pages)  # for the sitemap and the search
        self.context["finder"] = {
            "page": finder, "rows": [{**row, "url": f"{finder.url}{row['postcode']}/"} for row in answers]
            if finder else answers, "json_url": f"{finder.url}{settings[JSON]}" if finder else None,
            "source": territory.source()}

    def generate_output(self, writer) -> None:
        if not self.postcode_pages:
            return
        template = self.get_template(self.settings[PAGE])
        for page in self.postcode_pages:
            writer.write_file(page.save_as, template, self.context, page=page, url=page.url)
        target = Path(self.output_path, self.context["finder"]["json_url"])
        target.write_text(answers_json(self.context["finder"]["rows"], self.settings["SITEURL"], self.finder.url),
                          encoding="utf-8")


def configure(pelican) -> None:
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)


def add_generator(pelican) -> type[Generator]:
    return PostcodesGenerator


def register() -> None:
    signals.initialized.connect(configure)
    signals.get_generators.connect(add_generator)
