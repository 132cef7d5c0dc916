"""Postcodes, zones and the map's shapes as pure functions: Statbel's table against zones.yaml."""

from __future__ import annotations

import copy
import json

import pytest
import yaml

from conftest import ROOT
from zonelib import territory, zonefile
from zonemap.zonemap import assign, drawing, path_data, population_of, tint

ZONES = zonefile.load(ROOT / "zones.yaml")
CLAIMS, PROBLEMS = territory.claims(ZONES.data)
ANSWERS = territory.answers(CLAIMS)
BOUNDARIES = json.loads((ROOT / "data/boundaries/brussels.geojson").read_text("utf-8"))


def test_the_table_is_statbels_brussels_and_zones_yaml_agrees_with_it():
    table = territory.postcodes()
    assert len(territory.communes()) == 19 and len(table) >= 20
    assert table["1040"] == ["21004", "21005"] and table["1050"] == ["21004", "21009"]
    assert PROBLEMS == []


@pytest.mark.parametrize("postcode", sorted(territory.postcodes()))
def test_every_brussels_postcode_leads_to_a_zone_or_says_it_depends(postcode):
    answer = ANSWERS[postcode]
    assert answer.areas and {area.nis for area in answer.areas} == set(answer.communes)
    if answer.kind == "zone":
        assert len(answer.zones) == 1 and answer.known
    else:
        assert answer.kind == "depends" and (len(answer.areas) > 1 or not answer.known)
    for area in answer.areas:
        assert area.zone is None or area.zone in ZONES.ids


@pytest.mark.parametrize(("postcode", "kind", "areas"), [
    ("1180", "zone", [("21016", "sud", None)]),
    ("1020", "zone", [("21004", "nord", "Laeken")]),
    ("1130", "zone", [("21004", "nord", "Haren")]),
    ("1000", "depends", [("21004", "sud", None), ("21004", "centre-ouest", "Pentagone"), ("21004", None, None)]),
    ("1040", "depends", [("21004", None, None), ("21005", "sud-est", None)]),
    ("1050", "depends", [("21004", None, None), ("21009", "sud", None)]),
])
def test_shared_postcodes_say_which_part_goes_where_and_never_guess(postcode, kind, areas):
    answer = ANSWERS[postcode]
    assert answer.kind == kind
    assert [(a.nis, a.zone, a.part and a.part["fr"]) for a in answer.areas] == areas
    assert answer.known == all(zone for _, zone, _ in areas)


def changed(edit) -> dict:
    data = copy.deepcopy(ZONES.data)
    edit(data["zones"])
    return data


@pytest.mark.parametrize(("edit", "expected"), [
    (lambda zones: zones[0]["communes"][0].update(postcode="1300"),
     "1300 is not a postcode of the Brussels-Capital Region in Statbel's table"),
    (lambda zones: zones[2]["communes"][1]["name"].update(fr="Etterbeke", nl="Etterbeke"),
     "postcode 1040 covers Bruxelles and Etterbeek; write the name of one of them"),
    (lambda zones: zones[0]["communes"][0].update(name={"fr": "Uccle", "nl": "Ukkel"}, postcode="1180"),
     "postcode 1180 in Uccle is given entirely to zone 'nord' already"),
])
def test_zones_yaml_that_the_table_contradicts_is_refused(edit, expected):
    _, problems = territory.claims(changed(edit))
    assert len(problems) == 1 and expected in str(problems[0])


def test_a_part_without_whole_postcode_makes_its_postcode_depend():
    data = changed(lambda zones: zones[0]["communes"][4].pop("whole_postcode"))  # Laeken
    answer = territory.answers(territory.claims(data)[0])["1020"]
    assert answer.kind == "depends" and not answer.known


def test_population_counts_whole_communes_only():
    figures = yaml.safe_load((ROOT / "data/population/brussels.yaml").read_text("utf-8"))
    assert sum(figures["communes"].values()) == 1_218_255  # the region on 1 January 2020
    assert set(figures["communes"]) == set(territory.communes())
    sud = ZONES.zone("sud")["communes"]
    rows, total = population_of(sud, CLAIMS, "sud", figures)
    assert [row["population"] for row in rows] == [56581, 87632, 49678, 83980, 25332, None]
    assert total["total"] == 303_203 and not total["complete"] and total["counted"] == 5
    _, total = population_of(ZONES.zone("sud-est")["communes"], CLAIMS, "sud-est", figures)
    assert total["complete"] and total["total"] == 182_708


def test_the_map_draws_what_zones_yaml_settles_and_hatches_the_rest():
    communes, parts, unlocated = assign(ZONES.data, BOUNDARIES)
    assert communes["21016"] == "sud" and "21004" not in communes
    assert parts == {("21004", "A"): "centre-ouest", ("21004", "E"): "nord", ("21004", "F"): "nord",
                     ("21004", "G"): "nord"}
    assert unlocated == {"21004": ["sud"]}
    views = [{"id": z["id"], "name": z["name"]["fr"], "short_name": z["short_name"]["fr"], "url": f"/{z['id']}",
              "accent": z["accent"], "communes": z["communes"]} for z in ZONES.data["zones"]]
    drawn = drawing(ZONES.data, "fr", "sud", views, BOUNDARIES, 40, 20)
    names = {zone["id"]: sorted(shape["name"] for shape in zone["shapes"]) for zone in drawn["zones"]}
    assert names["centre-ouest"] == ["Anderlecht", "Molenbeek-Saint-Jean", "Pentagone"]
    assert names["nord"] == ["Berchem-Sainte-Agathe", "Ganshoren", "Haren", "Jette", "Koekelberg", "Laeken",
                             "Mutsaard", "Neder-Over-Heembeek"]
    assert len(names["sud"]) == 5 and [z["here"] for z in drawn["zones"]].count(True) == 1
    assert sorted(drawn["shared"]["names"]) == ["Industrie Nord", "Louise et bois de la Cambre",
                                                "Quartier Nord et canal", "Quartier européen"]
    assert [shape["name"] for shape in drawn["shared"]["shapes"]] == ["Bruxelles-Ville"]  # as zones.yaml writes it
    assert [zone["id"] for zone in drawn["shared"]["zones"]] == ["sud"]
    for zone in drawn["zones"]:
        assert 0 < zone["label"]["x"] < drawn["width"] and 0 < zone["label"]["y"] < drawn["height"]


def test_path_data_and_tints():
    from shapely.geometry import box  # noqa: PLC0415

    assert path_data(box(0, -100, 100, 0), (0, 0), 20) == "M15 15l0-5-5 0 0 5z"
    assert path_data(box(0, -10, 10, 0), (0, 0), 20) == ""  # smaller than a few units: a sliver
    assert tint("#000000") == "#b2b2b2" and tint("#ffffff") == "#ffffff"
