"""The zone's identity card: a map of Brussels with the zone, its communes and their population.

The map is drawn at build time from real boundaries (ZONEMAP_BOUNDARIES, vendored with their
licence in data/boundaries/): projected to Belgian Lambert 72 with pyproj, simplified with shapely
as a coverage (neighbours keep one shared border), written as SVG paths in the site's template.
Each commune goes to the zone that zones.yaml gives it entirely; a part of a commune whose name is a
section of that commune in the boundaries file (Pentagone, Laeken…) goes to its zone; whatever no
zone holds in full is drawn as *shared* (hatched, with a legend) — never a guessed border.

Population (ZONEMAP_POPULATION, data/population/): the figure of each commune the zone holds
entirely, with its producer and date; parts of communes have none.

Settings:
  ZONEMAP_BOUNDARIES   GeoJSON of the communes and their parts (data/boundaries/brussels.geojson)
  ZONEMAP_POPULATION   population per commune, by NIS code (data/population/brussels.yaml)
  ZONEMAP_TOLERANCE    how far a simplified border may stray, in metres (40)
  ZONEMAP_UNIT         metres per unit of the SVG drawing (20)
  ZONEMAP_CACHE        folder where each drawing is kept, by a hash of all it is drawn from (the
                       boundaries, zones.yaml, the site's zones, language and settings, this code and
                       its libraries); default: .cache/zonemap beside the content folder. Projecting
                       and simplifying the boundaries took a third of a build with nothing changed.

Template context: `card` = {communes (the zone's, each with `population` or None), population
{total, complete, date, producer}, map {width, height, zones [{id, name, short_name, url, accent,
here, shapes [{d, name}], outline, label {x, y}}], shared {shapes, zones, names}}}.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import pickle
from pathlib import Path

import numpy as np
import shapely
import yaml
from pelican import signals
from pelican.generators import Generator
from pyproj import Transformer
from shapely.geometry import Polygon, shape
from shapely.ops import polylabel

from zonelib import territory
from zonelib.facts import localized
from zonelib.settings import ZONES_DATA, ZONES_ZONE, project_path
from zonelib.zonefile import in_text, localize

BOUNDARIES, POPULATION = "ZONEMAP_BOUNDARIES", "ZONEMAP_POPULATION"
TOLERANCE, UNIT, CACHE = "ZONEMAP_TOLERANCE", "ZONEMAP_UNIT", "ZONEMAP_CACHE"
LIBRARIES = ("numpy", "pyproj", "shapely")  # their versions are part of a kept drawing's key
DEFAULTS = {BOUNDARIES: "data/boundaries/brussels.geojson", POPULATION: "data/population/brussels.yaml",
            TOLERANCE: 40, UNIT: 20}
PROJECTION = ("EPSG:4326", "EPSG:31370")  # GeoJSON longitude/latitude to Belgian Lambert 72 (metres)
MARGIN = 10  # units around the drawing


def project(features: list[dict]) -> list:
    """Return the features' geometries in Belgian Lambert 72."""
    transformer = Transformer.from_crs(*PROJECTION, always_xy=True)
    return [shapely.transform(shape(feature["geometry"]),
                              lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))
            for feature in features]


def path_data(geometry, origin: tuple[float, float], unit: float) -> str:
    """Return SVG path data for a (multi)polygon: whole units, y downwards, relative moves; pieces
    smaller than a few units (slivers left by simplifying) are left out."""
    parts = []
    for polygon in getattr(geometry, "geoms", [geometry]):
        if polygon.geom_type != "Polygon" or polygon.area < 4 * unit * unit:
            continue
        for ring in [polygon.exterior, *(r for r in polygon.interiors if Polygon(r).area >= 4 * unit * unit)]:
            points = [(round((x - origin[0]) / unit) + MARGIN, round((origin[1] - y) / unit) + MARGIN)
                      for x, y in ring.coords[:-1]]
            points = [p for i, p in enumerate(points) if p != points[i - 1]]  # drop repeats made by rounding
            if len(points) < 3:
                continue
            steps = [f"{b[0] - a[0]} {b[1] - a[1]}" for a, b in zip(points, points[1:])]
            parts.append(f"M{points[0][0]} {points[0][1]}l" + " ".join(steps) + "z")
    return "".join(parts).replace(" -", "-")


def tint(colour: str, share: float = 0.3) -> str:
    """Return a #rrggbb colour `share` of the way from white to colour (the other zones' fill: light,
    so that their dark labels read well)."""
    channels = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * share):02x}" for c in channels)


def assign(data: dict, boundaries: dict) -> tuple[dict, dict, dict]:
    """Return the zone of each whole commune (by NIS), of each section of a commune ((NIS, letter)),
    and the zones holding an unlocated part of a commune (by NIS)."""
    found, _ = territory.claims(data)
    sections = boundaries.get("sections", {})
    communes, parts, unlocated = {}, {}, {}
    for claim in found:
        if claim.part is None and claim.note is None:
            communes[claim.nis] = claim.zone
            continue
        names = set(claim.part.values()) if claim.part else set()
        letters = [letter for letter, name in sections.get(claim.nis, {}).items() if names & set(name.values())]
        for letter in letters:
            parts[claim.nis, letter] = claim.zone
        if not letters:
            unlocated.setdefault(claim.nis, []).append(claim.zone)
    return communes, parts, unlocated


def drawing(data: dict, lang: str, here: str, zones: list[dict], boundaries: dict, tolerance: float,
            unit: float) -> dict:
    """Return the map of the zones for the templates: shapes per zone, and what is shared."""
    features = boundaries["features"]
    geometries = project(features)
    is_part = ["part_of" in f["properties"] for f in features]
    simplified = list(geometries)
    for kind in (False, True):  # communes as one coverage, the parts of communes as another
        chosen = [i for i, part in enumerate(is_part) if part == kind]
        for index, geometry in zip(chosen, shapely.coverage_simplify(
                np.array([geometries[i] for i in chosen], dtype=object), tolerance)):
            simplified[index] = geometry
    by_nis = {f["properties"]["nis"]: simplified[i] for i, f in enumerate(features) if not is_part[i]}
    minx, miny, maxx, maxy = shapely.union_all([by_nis[nis] for nis in by_nis]).bounds
    origin = (minx, maxy)
    communes, parts, unlocated = assign(data, boundaries)
    views = {zone["id"]: {**{key: zone[key] for key in ("id", "name", "short_name", "url", "accent", "communes")},
                          "name_in_text": in_text(zone["name"]),
                          "tint": tint(zone["accent"]), "here": zone["id"] == here, "shapes": [], "members": []}
             for zone in zones}
    shared = {"shapes": [], "names": [], "zones": []}
    written = territory.names_as_written(territory.claims(data)[0])  # "Bruxelles-Ville", as the pages write it
    for index, feature in enumerate(features):
        props = feature["properties"]
        name = props[f"name_{lang}"] if f"name_{lang}" in props else props["name_fr"]
        if is_part[index]:
            nis = props["part_of"]
            if nis in communes:
                continue  # the whole commune is drawn in its zone
            owners = {parts.get((nis, letter)) for letter in props["sections"]}
            geometry = simplified[index].intersection(by_nis[nis])
            if len(owners) == 1 and None not in owners:
                owner = views[owners.pop()]
                owner["shapes"].append({"d": path_data(geometry, origin, unit), "name": name})
                owner["members"].append(geometry)
            else:
                shared["names"].append(name)
            continue
        nis = props["nis"]
        name = written[nis].get(lang, name) if nis in written else name
        geometry = simplified[index]
        if nis in communes:
            owner = views[communes[nis]]
            owner["shapes"].append({"d": path_data(geometry, origin, unit), "name": name})
            owner["members"].append(geometry)
        else:  # drawn hatched; its parts that belong to a zone are drawn over it
            shared["shapes"].append({"d": path_data(geometry, origin, unit), "name": name})
            shared["zones"] += [views[zone] for zone in unlocated.get(nis, []) if views[zone] not in shared["zones"]]
    for view in views.values():
        union = shapely.union_all(view.pop("members")).buffer(unit / 2).buffer(-unit / 2)  # closes slivers
        view["outline"] = path_data(union, origin, unit)
        largest = max(getattr(union, "geoms", [union]), key=lambda g: g.area)
        point = polylabel(largest, unit)
        view["label"] = {"x": round((point.x - origin[0]) / unit) + MARGIN,
                         "y": round((origin[1] - point.y) / unit) + MARGIN}
    return {"width": round((maxx - minx) / unit) + 2 * MARGIN, "height": round((maxy - miny) / unit) + 2 * MARGIN,
            "zones": list(views.values()), "shared": shared, "tolerance": tolerance}


def population_of(communes: list[dict], claims: list, zone_id: str, figures: dict) -> tuple[list[dict], dict]:
    """Return the zone's communes with the population of those it holds entirely, and the total."""
    whole = {claim.index: claim.nis for claim in claims
             if claim.zone == zone_id and claim.part is None and claim.note is None}
    rows = [localized(commune, lambda fields, index=index: {  # an unconfirmed commune stays so
        **fields, "population": figures["communes"].get(whole[index]) if index in whole else None})
            for index, commune in enumerate(communes)]
    counted = [row["population"] for row in rows if row["population"] is not None]
    return rows, {"total": sum(counted), "counted": len(counted), "complete": len(counted) == len(rows),
                  "date": figures["date"], "producer": figures["producer"]}


class ZoneMapGenerator(Generator):
    """Give the about page's template the zone's card: map, communes, population."""

    def generate_context(self) -> None:
        settings = self.settings
        data, lang, here = settings[ZONES_DATA], settings["DEFAULT_LANG"], settings[ZONES_ZONE]
        boundaries = json.loads(project_path(settings, settings[BOUNDARIES]).read_text("utf-8"))
        figures = yaml.safe_load(project_path(settings, settings[POPULATION]).read_text("utf-8"))
        zone = next(z for z in data["zones"] if z["id"] == here)
        found, _ = territory.claims(data)
        communes, population = population_of(localize(zone["communes"], lang, list(data["languages"])), found,
                                             here, figures)
        self.context["card"] = {
            "communes": communes, "population": population,
            "map": kept_drawing(settings, (data, lang, here, self.context["zones"], boundaries, settings[TOLERANCE],
                                           settings[UNIT])),
            "boundaries": boundaries.get("source", {})}


def kept_drawing(settings: dict, arguments: tuple) -> dict:
    """Return drawing(*arguments), from ZONEMAP_CACHE when it was drawn from the same arguments by the
    same code and libraries, else drawn and kept there."""
    try:
        inputs = pickle.dumps((arguments, Path(__file__).read_bytes(), Path(territory.__file__).read_bytes(),
                               [importlib.metadata.version(name) for name in LIBRARIES]))
    except (pickle.PicklingError, TypeError, AttributeError):  # something that cannot be kept: drawn each time
        return drawing(*arguments)
    folder = Path(settings.get(CACHE) or Path(settings["PATH"]).parent / ".cache" / "zonemap")
    kept = folder / f"{hashlib.sha256(inputs).hexdigest()}.pickle"
    try:
        return pickle.loads(kept.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError):
        pass
    drawn = drawing(*arguments)
    folder.mkdir(parents=True, exist_ok=True)
    temporary = kept.with_suffix(f".{os.getpid()}")
    temporary.write_bytes(pickle.dumps(drawn))
    temporary.replace(kept)
    return drawn


def configure(pelican) -> None:
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)


def add_generator(pelican) -> type[Generator]:
    return ZoneMapGenerator


def register() -> None:
    signals.initialized.connect(configure)
    signals.get_generators.connect(add_generator)
