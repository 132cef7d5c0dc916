"""zones.yaml is checked on load: every problem at once, each with its line and a plain-word fix."""

from __future__ import annotations

import pytest

from conftest import ROOT, build_into
from zonelib import zonefile
from zonelib.problems import ProblemsError

TEXT = (ROOT / "zones.yaml").read_text(encoding="utf-8")
SUD_PHONE = '    phone: {value: "+32 2 880 29 88", source: "seed 001 (to contact the team)"}\n'
SUD_COUNT = next(line for line in TEXT.splitlines(keepends=True) if line.startswith("    neighbourhoods: {value: 16,"))


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    """The 1-based line of the n-th line equal to fragment, else containing it."""
    lines = list(enumerate(text.splitlines(), start=1))
    hits = [n for n, line in lines if line == fragment] or [n for n, line in lines if fragment in line]
    return hits[occurrence - 1]


def problems_for(tmp_path, text: str) -> list[str]:
    path = tmp_path / "zones.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsError) as error:
        zonefile.load(path, tmp_path)
    return [str(problem) for problem in error.value.problems]


@pytest.mark.parametrize(("old", "new", "where", "message"), [
    (SUD_PHONE, "", "  - id: sud", "'phone' is missing (every zone needs one)"),
    (SUD_PHONE, '    phon: "+32 2 880 29 88"\n', "phon:", "unknown key 'phon' (did you mean 'phone'?)"),
    ('postcode: "1083"', "postcode: 1083", 'postcode: 1083', "'postcode' should be text"),
    (SUD_COUNT, "    neighbourhoods: many\n", "neighbourhoods: many", "'neighbourhoods' should be a whole number"),
    ("      nl: zorgzone-zuid.brussels\n", "      nl: bassin-sud.brussels\n", "nl: bassin-sud.brussels",
     "domain 'bassin-sud.brussels' is used twice"),
    ("  - id: sud\n", "  - id: nord\n", "  - id: nord", "zone id 'nord' is used twice"),
    ('    accent: "#9c3a1e"', "    accent: red", "accent: red", "not a colour written like #1f5f8b"),
    ('    accent: "#9c3a1e"', '    accent: "#f4c542"', "#f4c542", "too pale for white text on it"),
    (SUD_PHONE, "    phone: \"02 880 29 88\"\n", 'phone: "02 880 29 88"',
     "not a Belgian phone number written like +32 2 880 29 87"),
    ("  nl: {name: Nederlands, locale: nl_BE}", "  nl: {name: Nederlands, locale: xx_XX}", "locale: xx_XX",
     "locale 'xx_XX' is unknown"),
    ("    short_name: {fr: Sud, nl: Zuid}", "    short_name: {fr: Sud}", "short_name: {fr: Sud}",
     "'nl' is missing"),
    (SUD_COUNT, SUD_COUNT + "    neighbourhoods: 17\n", "neighbourhoods: 17", "'neighbourhoods' is written twice"),
    # a fact written as a block, to name its source or say that it is not confirmed
    (SUD_PHONE, '    phone: {valeu: "+32 2 880 29 88", source: "seed 001"}\n', "valeu:",
     "unknown key 'valeu' (did you mean 'value'?); the keys allowed in a fact block are: source, unconfirmed, value"),
    (SUD_PHONE, '    phone: {source: "seed 001"}\n', 'phone: {source: "seed 001"}',
     "'value' is missing (every fact block without 'unconfirmed' needs one)"),
    (SUD_PHONE, '    phone: {value: "02 880 29 88", unconfirmed: "a guess"}\n', 'phone: {value: "02 880',
     "'value' is '02 880 29 88', which is not a Belgian phone number"),
    (SUD_PHONE, '    phone: {value: "+32 2 880 29 88", unconfirmed: ""}\n', 'unconfirmed: ""',
     "'unconfirmed' is empty"),
    ("        occasion: &one_pager", "        ocasion: &one_pager", "ocasion:", "unknown key 'ocasion'"),
    ("      - date: 2024-02-01\n", "      - dat: 2024-02-01\n", "dat: 2024-02-01",
     "unknown key 'dat' (did you mean 'date'?); the keys allowed in a list of members are: date, members, "
     "occasion, source, unconfirmed"),
    ("  - id: sud\n", "  - id: region\n", "  - id: region", "'region' cannot be a zone id"),
])
def test_each_mistake_is_reported_on_its_line(tmp_path, old, new, where, message):
    assert old in TEXT
    text = TEXT.replace(old, new, 1)
    expected_line = line_of(text, where, 2 if where == "  - id: nord" else 1)
    problems = problems_for(tmp_path, text)
    assert any(p.startswith(f"zones.yaml:{expected_line}: ") and message in p for p in problems), problems


def test_every_problem_is_reported_at_once(tmp_path):
    text = (TEXT.replace('postcode: "1083"', "postcode: 1083")
                .replace('    accent: "#9c3a1e"', "    acent: \"#9c3a1e\"")
                .replace("      nl: zorgzone-zuid.brussels\n", "      nl: bassin-sud.brussels\n"))
    problems = problems_for(tmp_path, text)
    for expected in ("'postcode' should be text", "unknown key 'acent' (did you mean 'accent'?)",
                     "domain 'bassin-sud.brussels' is used twice"):
        assert sum(expected in p for p in problems) == 1, (expected, problems)
    assert len(problems) == 3  # a misspelled key is one problem: not also "'accent' is missing"


def test_broken_yaml_says_where(tmp_path):
    problems = problems_for(tmp_path, TEXT.replace("  - id: sud\n", "  - id: sud\n   name: [\n", 1))
    assert len(problems) == 1 and problems[0].startswith("zones.yaml:")
    assert "not indented like the other lines of its block" in problems[0]


def test_unknown_zone_on_the_command_line_suggests_the_closest(zones):
    with pytest.raises(ProblemsError) as error:
        zones.sites(zone="sud-ouest")
    assert "did you mean 'sud-est'" in str(error.value)


SIXTH = """
  - id: test-zone
    name: {fr: Bassin Test, nl: Zorgzone Test}
    short_name: {fr: Test, nl: Test}
    domain: {fr: bassin-test.example, nl: zorgzone-test.example}
    accent: "#333333"
    phone: "+32 2 880 29 80"
    email: {fr: info@bassin-test.example, nl: info@zorgzone-test.example}
    helpdesk:
      phone: "+32 2 880 29 80"
      purpose: {fr: Une ligne d'essai., nl: Een testlijn.}
    communes:
      - {name: {fr: Commune test, nl: Testgemeente}, postcode: "1000"}
    neighbourhoods: 1
    team: [{date: 2024-01-01, occasion: {fr: test, nl: test}, members: [{name: Test}]}]
    support_group: []
"""


def test_a_sixth_zone_is_a_yaml_edit(project, tmp_path, monkeypatch):
    monkeypatch.setenv("AGENDA_TODAY", "2024-01-01")
    zones_file = project / "zones.yaml"
    zones_file.write_text(TEXT + SIXTH, encoding="utf-8")
    built = build_into(tmp_path / "out", project / "pelicanconf.py")
    roots = sorted(p.parent.name for p in built.output.glob("*/index.html"))
    assert len(roots) == 12 and {"bassin-test.example", "zorgzone-test.example"} <= set(roots)
    home = (built.output / "zorgzone-test.example/index.html").read_text(encoding="utf-8")
    assert "Zorgzone Test" in home and 'href="tel:+3228802980"' in home
    about = (built.output / "bassin-test.example/a-propos/index.html").read_text(encoding="utf-8")
    assert "<td>1000</td><td>Commune test</td>" in about  # the regional about page, with the zone's data
    zones_page = (built.output / "bassin-sud.brussels/les-cinq-bassins/index.html").read_text(encoding="utf-8")
    assert 'href="/bassin-test.example/"' in zones_page
    agenda = (built.output / "bassin-test.example/agenda/index.html").read_text(encoding="utf-8")
    assert "Rencontre inter-ZOGAB" in agenda  # regional events reach the new zone too
