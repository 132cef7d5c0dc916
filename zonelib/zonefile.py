"""Load and validate zones.yaml; derive the sites (zone x language) it describes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import babel

from . import schema as schemas
from . import territory
from .schema import labelled
from . import yamlines
from .content import REGION_DIR
from .facts import confirmations, fact, fact_block, is_confirmed, localized, unconfirmed_in
from .messages import say
from .problems import Problem, ProblemsError, did_you_mean


PHONE = {"type": "string", "pattern": r"^\+32( \d{1,3}){3,4}$",
         "x-expected": say("a Belgian phone number written like +32 2 880 29 87")}
EMAIL = {"type": "string", "pattern": r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$",
         "x-expected": say("an e-mail address like info@bassin-sud.brussels")}
DOMAIN = {"type": "string", "pattern": r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9-]+)+$",
          "x-expected": say("a domain name without https:// (like bassin-sud.brussels)")}
URL = {"type": "string", "pattern": r"^https://[^\s]+$", "x-expected": say("a web address starting with https://")}
ACCENT = {"type": "string", "pattern": r"^#[0-9a-f]{6}$", "x-expected": say("a colour written like #1f5f8b (lowercase)")}
LANGUAGES_SCHEMA = {
    "title": say("languages block"), "type": "object", "minProperties": 1,
    "propertyNames": {"pattern": "^[a-z]{2}$"},
    "x-label": say("Languages"), "x-hint": say("The languages of the sites, by two-letter code."),
    "additionalProperties": {
        "title": say("language"), "type": "object", "additionalProperties": False,
        "required": ["name", "locale"],
        "properties": {"name": labelled({"type": "string", "minLength": 1}, say("Name"),
                                        say("The language's name in itself, shown in the language switch.")),
                       "locale": labelled({"type": "string", "pattern": "^[a-z]{2}_[A-Z]{2}$",
                                           "x-expected": say("a locale like fr_BE")}, say("Locale"),
                                          say("How dates and numbers are written: fr_BE, nl_BE."))},
    },
}


def zones_schema(languages: list[str]) -> dict:
    """Return the JSON Schema of zones.yaml for the given language codes."""

    def per_language(value: dict, title: str) -> dict:
        return {"title": title, "type": "object", "additionalProperties": False,
                "required": languages, "properties": {code: value for code in languages}}

    text = per_language({"type": "string", "minLength": 1}, say("multilingual text"))

    def record(title: str, required: list[str], **properties) -> dict:
        return {"title": title, "type": "object", "additionalProperties": False,
                "required": required, "properties": properties}

    phone = labelled(fact(PHONE), say("Phone"))
    person = record(say("person"), ["name"], name=labelled({"type": "string", "minLength": 1}, say("First name")),
                    role=labelled(text, say("Role")))
    members = fact_block(record(say("list of members"), ["date", "occasion", "members"],
                                date=labelled({"type": "date"}, say("Date of the list")),
                                occasion=labelled(text, say("Where the list comes from"),
                                                  say("The meeting or document that gives it, like the inter-ZOGAB of March 2024.")),
                                members=labelled({"type": "array", "minItems": 1, "items": person}, say("Members"))))
    commune = fact_block(record(say("commune"), ["name", "postcode"], name=labelled(text, say("Name")),
                                postcode=labelled({"type": "string", "pattern": r"^1\d{3}$",
                                                   "x-expected": say("a Brussels postcode in quotes, like \"1070\"")},
                                                  say("Postcode")),
                                part_of=labelled(text, say("Part of"), say("When the area is part of a larger commune: that "
                                                                           "commune's name.")),
                                note=labelled(text, say("Note"), say("A short remark, e.g. when only part of it belongs here.")),
                                whole_postcode=labelled({"type": "boolean"}, say("The whole postcode"),
                                                        say("Every address of this postcode in that commune belongs to the "
                                                            "zone (Laeken, Haren)."))))
    helpdesk = record(say("helpdesk"), ["phone", "purpose"], phone=phone,
                      purpose=labelled(text, say("What it is for"), long=True),
                      hours=labelled(text, say("Hours"), say("When it answers; leave it empty while unknown.")))
    zone = record(
        say("zone"),
        ["id", "name", "short_name", "domain", "accent", "phone", "email", "helpdesk", "communes",
         "neighbourhoods", "team", "support_group"],
        id=labelled({"type": "string", "pattern": schemas.NAME_PATTERN,
                     "x-expected": say("lowercase words or numbers joined by '-' (like centre-ouest)")},
                    say("Identifier"), say("Also the name of the zone's folder, content/<identifier>/: do not "
                                           "change it.")),
        name=labelled(text, say("Name"), say("Like “Bassin Sud” / “Zorgzone Zuid”.")),
        short_name=labelled(text, say("Short name"), say("Like “Sud” / “Zuid”.")),
        domain=labelled(per_language(DOMAIN, say("domain in every language")), say("Domain"),
                        say("The domain of the site in each language, without https://.")),
        accent=labelled(ACCENT, say("Colour"), say("The zone's colour, dark enough for white text on it.")),
        phone=labelled(fact(PHONE), say("Phone"), say("The team's phone number.")),
        email=labelled(per_language(labelled(fact(EMAIL), say("E-mail")), say("e-mail in every language")),
                       say("E-mail"), say("The address shown on the site of each language.")),
        helpdesk=labelled(helpdesk, say("Helpdesk"), say("The phone line for professionals facing a complex "
                                                         "situation.")),
        communes=labelled({"type": "array", "minItems": 1, "items": commune}, say("Communes"),
                          say("The communes, or parts of communes, of the zone.")),
        neighbourhoods=labelled(fact({"type": "integer", "minimum": 0}), say("Neighbourhood groups"),
                                say("How many neighbourhood groups the zone has.")),
        team=labelled({"type": "array", "items": members}, say("Team"),
                      say("The zone's coordination team, list by list with its date: first names only, as "
                          "published.")),
        support_group=labelled({"type": "array", "items": members}, say("Support group"),
                               say("The members of the support group (ZOGAB), list by list with its date.")),
    )
    region = record(say("region block"), ["organisation", "website", "tagline", "ateliers"],
                    organisation=labelled({"type": "string", "minLength": 1}, say("Organisation"),
                                          say("The non-profit behind the zones.")),
                    website=labelled(fact(URL), say("Web site")),
                    tagline=labelled(text, say("Motto"), say("The line shown in the footer.")),
                    ateliers=labelled(record(say("ateliers block"), ["name", "phone", "website"],
                                             name=labelled(text, say("Name")), phone=phone,
                                             website=labelled(fact(URL), say("Web site"))),
                                      say("Ateliers du changement"), say("The regional workshops.")))
    return {**record(say("zones.yaml file"), ["languages", "region", "zones"],
                     languages=LANGUAGES_SCHEMA,
                     region=labelled(region, say("Region"), say("What is the same for every zone.")),
                     zones=labelled({"type": "array", "minItems": 1, "items": zone}, say("Zones"),
                                    say("One block per zone, in the order of the zone lists."))),
            "x-label": say("Zones and region")}


def site_url(url_format: str, domain: str) -> str:
    """Return the URL of the site on domain ("/{domain}" to preview, "https://{domain}"), no trailing slash."""
    return url_format.format(domain=domain).rstrip("/")


@dataclass(frozen=True)
class Site:
    """One web site: a zone in one language, on its own domain."""

    zone: str
    lang: str
    domain: str


@dataclass(frozen=True)
class Zones:
    """The validated content of zones.yaml; each fact is its value, or an Unconfirmed value or block
    (zonelib.facts)."""

    path: str
    data: dict

    @property
    def unconfirmed(self) -> list:
        """Return every fact the file says is not confirmed, in the order they are written."""
        return unconfirmed_in(self.data)

    @property
    def languages(self) -> list[str]:
        return list(self.data["languages"])

    @property
    def ids(self) -> list[str]:
        return [zone["id"] for zone in self.data["zones"]]

    def zone(self, zone_id: str) -> dict:
        return next(zone for zone in self.data["zones"] if zone["id"] == zone_id)

    def sites(self, zone: str | None = None, lang: str | None = None) -> list[Site]:
        """Return the sites to build, all of them or those of one zone and/or language."""
        problems = []
        if zone is not None and zone not in self.ids:
            problems.append(say("there is no zone '%(zone)s'%(suggestion)s; the zones are: %(zones)s", zone=zone,
                                 suggestion=did_you_mean(zone, self.ids), zones=", ".join(self.ids)))
        if lang is not None and lang not in self.languages:
            problems.append(say("there is no language '%(lang)s'; the languages are: %(languages)s", lang=lang,
                                 languages=", ".join(self.languages)))
        if problems:
            raise ProblemsError([Problem("(command line)", 0, p) for p in problems])
        return [Site(z["id"], code, z["domain"][code])
                for z in self.data["zones"] if zone in (None, z["id"])
                for code in self.languages if lang in (None, code)]


def _duplicates(zones: list, path: str) -> list[Problem]:
    """Report zone ids and domains used twice, and ids that clash with content folders."""
    problems, seen_ids, seen_domains = [], {}, {}
    for index, zone in enumerate(zones):
        if not isinstance(zone, dict):
            continue
        zone_id = zone.get("id")
        line = yamlines.line_of(zones, [index, "id"])
        if zone_id == REGION_DIR:
            problems.append(Problem(path, line, say("'%(region)s' cannot be a zone id: content/%(region)s/ holds "
                                                    "what every zone shows; choose another id", region=REGION_DIR)))
        elif zone_id in seen_ids:
            problems.append(Problem(path, line, say("zone id '%(id)s' is used twice (first on line %(first)d); "
                                                    "ids must be unique", id=zone_id, first=seen_ids[zone_id])))
        else:
            seen_ids[zone_id] = line
        domains = zone.get("domain")
        for code, domain in (domains.items() if isinstance(domains, dict) else ()):
            line = yamlines.line_of(zones, [index, "domain", code])
            if domain in seen_domains:
                problems.append(Problem(path, line, say("domain '%(domain)s' is used twice (first on line "
                                                        "%(first)d); every site needs its own domain",
                                                        domain=domain, first=seen_domains[domain])))
            else:
                seen_domains[domain] = line
    return problems


MIN_CONTRAST = 4.5  # WCAG 2.1 AA for normal text: white text and links on the accent colour


def contrast_with_white(colour: str) -> float:
    """Return the WCAG contrast ratio between white and a #rrggbb colour."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def _pale_accents(zones: list, path: str) -> list[Problem]:
    problems = []
    for index, zone in enumerate(zones):
        accent = zone.get("accent") if isinstance(zone, dict) else None
        if isinstance(accent, str) and re.fullmatch(ACCENT["pattern"], accent):
            ratio = contrast_with_white(accent)
            if ratio < MIN_CONTRAST:
                problems.append(Problem(path, yamlines.line_of(zones, [index, "accent"]),
                                        say("accent %(colour)s is too pale for white text on it (contrast "
                                            "%(ratio).1f:1, at least %(needed)s:1 is needed); choose a darker colour",
                                            colour=accent, ratio=ratio, needed=MIN_CONTRAST)))
    return problems


def _unknown_locales(languages: dict, path: str) -> list[Problem]:
    problems = []
    for code, language in languages.items():
        try:
            babel.Locale.parse(language["locale"])
        except (ValueError, babel.UnknownLocaleError):
            problems.append(Problem(path, yamlines.line_of(languages, [code, "locale"]),
                                    say("locale '%(locale)s' is unknown to Babel; use one like fr_BE",
                                        locale=language["locale"])))
    return problems


def load(file: str | Path, root: Path | None = None) -> Zones:
    """Read and validate zones.yaml; raise ProblemsError listing every problem with its line."""
    path, data = yamlines.load_file(Path(file), root)
    return checked(data, path)


def parse(text: str, path: str) -> Zones:
    """Validate the text of zones.yaml (as the editor is about to save it); raise ProblemsError."""
    return checked(yamlines.load(text, path), path)


def checked(data, path: str) -> Zones:
    """Return the zones of zones.yaml's data; raise ProblemsError listing every problem with its line."""
    if not isinstance(data, dict):
        raise ProblemsError([Problem(path, 1, say("the file must be a block of keys: languages, region, zones"))])
    languages = data.get("languages")
    problems = schemas.check(languages, LANGUAGES_SCHEMA, path) if languages is not None else []
    if problems:  # the rest of the schema depends on the languages
        raise ProblemsError(problems)
    problems = _unknown_locales(languages or {}, path)
    problems += schemas.check(data, zones_schema(list(languages or {})), path)
    if isinstance(data.get("zones"), list):
        problems += _duplicates(data["zones"], path) + _pale_accents(data["zones"], path)
    if not problems:  # the communes are read against the postcode table once they are well formed
        problems += territory.claims(data, path)[1]
    if problems:
        raise ProblemsError(problems)
    return Zones(path, confirmations(data, zones_schema(list(languages)), fact_name(data)))


def fact_name(data: dict):
    """Return what names a fact of zones.yaml for the staff, from where it is in the file."""

    def name(location: tuple) -> str:
        if location[:1] == ("zones",) and len(location) > 1:
            return say("%(fact)s of zone '%(zone)s'", fact=schemas.dotted(location[2:]),
                       zone=data["zones"][location[1]]["id"])
        return say("%(fact)s of the %(block)s block", fact=schemas.dotted(location[1:]), block=location[0])

    return name


def in_text(name: str) -> str:
    """Return a zone's name as it is written inside a sentence: "Bassin Sud" -> "bassin Sud"."""
    return name[:1].lower() + name[1:]


def localize(value, lang: str, languages: list[str]):
    """Replace every {fr: …, nl: …} text in value by the text of lang, recursively (an unconfirmed
    fact stays unconfirmed)."""
    if not is_confirmed(value):
        return localized(value, lambda inner: localize(inner, lang, languages))
    if isinstance(value, dict):
        if value and set(value) == set(languages):
            return value[lang]
        return {key: localize(item, lang, languages) for key, item in value.items()}
    if isinstance(value, list):
        return [localize(item, lang, languages) for item in value]
    return value
