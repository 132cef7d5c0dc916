"""Facts carry their confirmation: what is not confirmed is never shown as the zone's own, it is
listed for the staff with its line, and publishing can refuse it."""

from __future__ import annotations

import json
import os
import pickle
import re
import subprocess
import sys

import pytest
from icalendar import Calendar

from conftest import ROOT, build_into, soup
from zonelib import zonefile
from zonelib.facts import ShownAsConfirmed, Unconfirmed, UnconfirmedBlock, is_confirmed
from zonelib.problems import ProblemsError


def test_an_unconfirmed_value_cannot_be_written_out_by_mistake():
    phone = Unconfirmed("+32 2 999 99 91", "a guess", "phone of zone 'sud'", 12)
    for write in (str, lambda v: f"{v}", lambda v: "%s" % v, lambda v: v.__html__(), list, lambda v: v.upper,
                  lambda v: json.dumps(v, default=str)):
        with pytest.raises(ShownAsConfirmed, match=r"phone of zone 'sud' as a confirmed fact.*line 12: a guess"):
            write(phone)
    with pytest.raises(TypeError):
        json.dumps(phone)  # JSON-LD cannot carry it either
    assert phone.value == "+32 2 999 99 91" and not is_confirmed(phone) and is_confirmed("+32 2 880 29 87")
    assert pickle.loads(pickle.dumps(phone)) == phone
    block = UnconfirmedBlock({"name": "Bruxelles-Ville"}, "which part", "communes item 6", 40)
    copy = pickle.loads(pickle.dumps(block))
    assert copy == block and (copy.why, copy.line) == ("which part", 40) and not is_confirmed(copy)


def test_zones_yaml_says_which_facts_are_not_confirmed_with_their_lines(zones):
    text = (ROOT / "zones.yaml").read_text("utf-8").splitlines()
    found = {(fact.fact, fact.line) for fact in zones.unconfirmed}
    nord = zones.zone("nord")
    assert nord["phone"].value is None and nord["helpdesk"]["phone"].value is None  # not known at all
    assert nord["email"]["fr"].value == "info@bassin-nord.brussels"  # a guess, kept for the staff
    for fact, line in found:  # each at the line of its reason, where staff confirm it
        assert "unconfirmed:" in text[line - 1], (fact, line)
    assert {"phone of zone 'nord'", "helpdesk.phone of zone 'sud'", "email.fr of zone 'sud'",
            "communes item 6 of zone 'sud'", "team item 1 of zone 'sud-est'", "website of the region block"} <= {
        name for name, _ in found}
    centre = zones.zone("centre-ouest")  # confirmed by seeds 000 and 003: plain values
    assert (centre["phone"], centre["helpdesk"]["phone"], centre["email"]["nl"]) == (
        "+32 2 880 29 87", "+32 2 880 29 87", "info@zorgzone-centrum-west.brussels")
    assert zonefile.localize(nord["email"], "fr", zones.languages) == nord["email"]["fr"]


# Every fact of one zone unconfirmed, with values found nowhere else: none may reach a published file.
GUESSES = {
    '    phone: {value: "+32 2 880 29 87", source: "seeds 000 and 003"}':
        '    phone: {value: "+32 2 999 99 91", unconfirmed: "test"}',
    '      fr: {value: info@bassin-centre-ouest.brussels, source: "seed 003"}':
        '      fr: {value: devine@bassin-centre-ouest.brussels, unconfirmed: "test"}',
    '      nl: {value: info@zorgzone-centrum-west.brussels, source: "seeds 000 and 003"}':
        '      nl: {value: geraden@zorgzone-centrum-west.brussels, unconfirmed: "test"}',
    '      phone: {value: "+32 2 880 29 87", source: "seed 003 (helpdesk line 02 880 29 87)"}':
        '      phone: {value: "+32 2 999 99 92", unconfirmed: "test"}',
    '      - {name: {fr: Molenbeek-Saint-Jean, nl: Sint-Jans-Molenbeek}, postcode: "1080"}':
        '      - {name: {fr: Molenbeek-Saint-Jean, nl: Sint-Jans-Molenbeek}, postcode: "1080", unconfirmed: "test"}',
    '        source: "seed 000 (one-pager of the workshop of 22 February 2024)"\n        members:\n'
    '          - {name: Esthera}':
        '        unconfirmed: "test"\n        members:\n          - {name: Zyxwvut}',
    "  website: {value: https://www.brusano.brussels,": "  website: {value: https://devine.example,",
}
SHOWN_NOWHERE = ["+32 2 999 99 91", "+3229999991", "+32 2 999 99 92", "+3229999992", "devine@", "geraden@", "Zyxwvut",
                 "devine.example"]


def test_no_unconfirmed_value_reaches_a_page_a_calendar_or_json_ld(project, tmp_path):
    text = (project / "zones.yaml").read_text("utf-8")
    for old, new in GUESSES.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    neighbourhoods = re.search(r"(    neighbourhoods: \{value: )17(,)", text)
    text = text[:neighbourhoods.start()] + "    neighbourhoods: {value: 987," + text[neighbourhoods.end():]
    (project / "zones.yaml").write_text(text, "utf-8")
    built = build_into(tmp_path / "out", project / "publishconf.py", zone="centre-ouest")
    files = [path for path in built.output.rglob("*") if path.suffix in (".html", ".ics", ".json")]
    assert len(files) > 40
    for path in files:
        content = path.read_text("utf-8")
        for value in SHOWN_NOWHERE:
            assert value not in content, f"{path.relative_to(built.output)} shows {value}"
        assert " 987 " not in content, path
        if path.suffix == ".html":  # the commune: listed, and said to be unconfirmed; not in schema.org data
            page = soup(path)
            for block in page.select('script[type="application/ld+json"]'):
                assert "Molenbeek" not in block.string, path
            for listed in page.select("ul.communes li, table#communes td, .zonemap-legend li, main ul.people .role"):
                if "Molenbeek" in listed.get_text():
                    assert re.search("Molenbeek[^,]*(à confirmer|nog te bevestigen)", listed.get_text()), path
    helpdesk = soup(built.output / "bassin-centre-ouest.brussels/helpdesk/index.html").select_one("main .notice")
    assert "n'est pas encore publié" in helpdesk.get_text() and "Ateliers du changement" in helpdesk.get_text()


def test_a_template_that_shows_an_unconfirmed_value_stops_the_build(tmp_path):
    from conftest import make_project  # noqa: PLC0415

    project = make_project(tmp_path / "project", copied=("themes",))
    contact = project / "themes/zones/templates/partials/contact.html"
    contact.write_text(contact.read_text("utf-8") + "<p>{{ zone.helpdesk.phone }}</p>\n", "utf-8")
    with pytest.raises(ProblemsError) as error:
        build_into(tmp_path / "out", project / "pelicanconf.py", zone="nord", lang="fr")
    assert any("a template shows helpdesk.phone of zone 'nord' as a confirmed fact" in str(p)
               for p in error.value.problems), error.value.problems


def test_an_unconfirmed_event_is_marked_tentative_and_has_no_json_ld(dev):
    for domain, slug in (("bassin-sud-est.brussels", "semaine-portes-ouvertes-2025-11-03"),
                         ("zorgzone-zuid-oost.brussels", "opendeurweek-2025-11-03")):
        page = soup(dev.output / domain / "agenda" / slug / "index.html")
        assert page.select_one("main .notice.unconfirmed") and not page.select('script[type="application/ld+json"]')
        entry = Calendar.from_ical((dev.output / domain / "agenda" / slug / f"{slug}.ics").read_bytes()).walk("VEVENT")[0]
        assert str(entry["STATUS"]) == "TENTATIVE"
        agenda = soup(dev.output / domain / "agenda/index.html")
        item = next(li for li in agenda.select(".event-item") if slug in li.a["href"])
        assert item.select_one(".badge-unconfirmed")


def run_cli(project, *args, messages="en"):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MESSAGES": messages}
    return subprocess.run([sys.executable, "-m", "zonesites", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


def test_make_facts_lists_every_unconfirmed_fact_with_its_line_in_the_staffs_language(project):
    english = run_cli(project, "facts")
    assert english.returncode == 0, english.stderr
    lines = english.stdout.splitlines()
    assert any(re.match(r"facts are not confirmed yet", line.split(" ", 1)[-1]) for line in lines), lines[:3]
    listed = [line.strip() for line in lines if line.startswith("  ")]
    zones = zonefile.load(project / "zones.yaml")
    for fact in zones.unconfirmed:
        assert f"zones.yaml:{fact.line}: {fact.fact} is not confirmed: {fact.why}" in listed
    event = next(line for line in listed if line.startswith("content/sud-est/agenda/2025-11-03-portes-ouvertes.fr.md:"))
    assert "what this page says is not confirmed" in event
    assert any(line.startswith("content/nord/galleries/exemple/gallery.yaml:") and "example data" in line
               for line in listed)
    assert any(line.startswith("glossary.yaml:") and "'BruZEL'" in line for line in listed)
    assert len(listed) == len(set(listed))  # once each, whatever the number of sites that show it
    french = run_cli(project, "facts", messages="fr").stdout.replace("\xa0", " ")
    nord_phone = next(fact.line for fact in zones.unconfirmed if fact.fact == "phone of zone 'nord'")
    assert f"zones.yaml:{nord_phone}: phone du bassin « nord » est à confirmer" in french
    assert "content/sud-est/agenda/2025-11-03-portes-ouvertes.nl.md:8: de inhoud van deze pagina is niet bevestigd" in (
        french)  # a Dutch file is spoken of in Dutch


def test_check_and_publish_print_the_list_too(project, tmp_path):
    check = run_cli(project, "check", "--zone", "nord")
    nord_phone = next(fact.line for fact in zonefile.load(project / "zones.yaml").unconfirmed
                      if fact.fact == "phone of zone 'nord'")
    assert check.returncode == 0 and f"zones.yaml:{nord_phone}: phone of zone 'nord' is not confirmed" in check.stdout
    assert "zone 'sud'" not in check.stdout  # one zone's build lists that zone's facts and the region's
    publish = run_cli(project, "build", "--publish", "--zone", "centre-ouest", "--output", str(tmp_path / "out"))
    assert publish.returncode == 0, publish.stderr
    assert "website of the region block is not confirmed" in publish.stdout and "Built 2 sites" in publish.stdout


def test_publishing_can_refuse_while_a_fact_is_not_confirmed(project, tmp_path):
    conf = project / "publishconf.py"
    conf.write_text(conf.read_text("utf-8").replace("FACTS_REFUSE_UNCONFIRMED = False", "FACTS_REFUSE_UNCONFIRMED = True"),
                    "utf-8")
    with pytest.raises(ProblemsError) as error:
        build_into(tmp_path / "out", conf, zone="centre-ouest")
    problems = [str(p) for p in error.value.problems]
    website = next(fact.line for fact in zonefile.load(project / "zones.yaml").unconfirmed if fact.fact.startswith("website"))
    assert any(p.startswith(f"zones.yaml:{website}: website of the region block is not confirmed (") and
               "publishing refuses unconfirmed facts (FACTS_REFUSE_UNCONFIRMED)" in p for p in problems), problems
    assert any(p.startswith("content/centre-ouest/ateliers/2024-02-22-retour.nl.md:37: ") for p in problems)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("*/index.html"))
    # Once every fact of the zone and the region is confirmed, it publishes.
    text = (project / "zones.yaml").read_text("utf-8")
    text = re.sub(r"\{value: (https://www\.brusano\.brussels|17), unconfirmed: \"[^\"]*\"\}", r"\1", text)
    (project / "zones.yaml").write_text(text, "utf-8")
    for lang in ("fr", "nl"):
        report = project / f"content/centre-ouest/ateliers/2024-02-22-retour.{lang}.md"
        report.write_text(re.sub(r"(?m)^unconfirmed: .*\n", "", report.read_text("utf-8")), "utf-8")
    built = build_into(tmp_path / "out", conf, zone="centre-ouest")
    assert (built.output / "bassin-centre-ouest.brussels/index.html").is_file()
    # still listed, never refused: expansions the sites do not show, an example gallery they leave out
    assert {item.path for item in built.report.unconfirmed} == {"glossary.yaml",
                                                                "content/centre-ouest/galleries/exemple/gallery.yaml"}
