"""Acronyms: written out where a page first uses them, from the one glossary, in both languages."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, build_into, soup
from glossary.glossary import expander
from zonelib.html import rewrite
from zonelib import glossary, zonefile
from zonelib.problems import ProblemsError

SITES = [(site.lang, site.domain) for site in zonefile.load(ROOT / "zones.yaml").sites()]
TERMS = glossary.load(ROOT / "glossary.yaml", ["fr", "nl"])
ENTRIES = [{"term": "ZOGAB", "spellings": ["ZOGAB"], "expansion": "groupe d'appui au bassin"},
           {"term": "inter-ZOGAB", "spellings": ["inter-ZOGAB"], "expansion": "rencontre des groupes d'appui"},
           {"term": "Cocof", "spellings": ["Cocof", "COCOF"], "expansion": "Commission communautaire française"}]


@pytest.mark.parametrize(("page", "made"), [
    ('<html lang="fr"><body><p>Le ZOGAB et le ZOGAB</p></body></html>',
     '<html lang="fr"><body><p>Le <abbr title="groupe d&#x27;appui au bassin">ZOGAB</abbr> et le ZOGAB</p></body></html>'),
    # the longest spelling first; "inter-ZOGAB" is not a use of "ZOGAB"
    ('<html lang="fr"><body><p>la rencontre inter-ZOGAB du ZOGAB</p></body></html>',
     '<html lang="fr"><body><p>la rencontre <abbr title="rencontre des groupes d&#x27;appui">inter-ZOGAB</abbr> du '
     '<abbr title="groupe d&#x27;appui au bassin">ZOGAB</abbr></p></body></html>'),
    ('<html lang="fr"><body><p>la COCOF, la Cocof</p></body></html>',
     '<html lang="fr"><body><p>la <abbr title="Commission communautaire française">COCOF</abbr>, la Cocof</p>'
     '</body></html>'),
    # the title bar, code, another language, a word that contains it: left alone
    ('<html lang="fr"><head><title>ZOGAB</title></head><body><code>ZOGAB</code><p lang="nl">ZOGAB</p>'
     '<p>ZOGABS</p></body></html>',
     '<html lang="fr"><head><title>ZOGAB</title></head><body><code>ZOGAB</code><p lang="nl">ZOGAB</p>'
     '<p>ZOGABS</p></body></html>'),
    # written out by an editor: that is the first use
    ('<html lang="fr"><body><abbr title="x">ZOGAB</abbr> ZOGAB</body></html>',
     '<html lang="fr"><body><abbr title="x">ZOGAB</abbr> ZOGAB</body></html>'),
])
def test_the_first_use_is_written_out(page, made):
    assert rewrite(page, expander(ENTRIES, "fr")()) == made


def test_only_confirmed_expansions_are_used():
    fr, nl = ({entry["term"]: entry["expansion"] for entry in glossary.expansions(TERMS, lang)} for lang in ("fr", "nl"))
    assert fr["ZOGAB"] == "groupe d'appui au bassin" and nl["ZOGAB"] == "ondersteuningsgroep van de zorgzone"
    assert fr["CLSS"] == "contrat local social-santé" and "CLSS" not in nl  # the Dutch wording is not confirmed
    assert "CBCS" in fr and "CBCS" not in nl
    for unknown in ("BruZEL", "PsyBru", "DOC", "VG(C)"):
        assert unknown not in fr and unknown not in nl


@pytest.mark.parametrize(("old", "new", "where", "message"), [
    ("  - term: GGC\n", "  - term: Cocom\n", "  - term: Cocom", "'Cocom' is already in the glossary"),
    ("      fr: groupe d'appui au bassin\n", "      fr: {valeur: x}\n", "valeur", "unknown key 'valeur'"),
    ("  - term: DOC\n    unconfirmed:", "  - term: DOC\n    unconfirmd:", "unconfirmd", "unknown key 'unconfirmd'"),
    ("  - term: DOC\n    unconfirmed:", "  - term: DOC\n    source:", "  - term: DOC",
     "'expansion' is missing (every term without 'unconfirmed' needs one)"),
    ("      nl: Europese Unie\n", "      de: Europäische Union\n", "de: Eur", "unknown key 'de'"),
])
def test_each_mistake_in_the_glossary_is_reported_on_its_line(tmp_path, old, new, where, message):
    text = (ROOT / "glossary.yaml").read_text("utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    (tmp_path / "glossary.yaml").write_text(text, "utf-8")
    with pytest.raises(ProblemsError) as error:
        glossary.load(tmp_path / "glossary.yaml", ["fr", "nl"], tmp_path)
    lines = [n for n, line in enumerate(text.splitlines(), 1) if where in line]
    line = lines[-1] if "already" in message else lines[0]
    problems = [str(p) for p in error.value.problems]
    assert any(p.startswith(f"glossary.yaml:{line}: ") and message in p for p in problems), problems


def test_a_broken_glossary_stops_the_build_with_its_line(project, tmp_path):
    path = project / "glossary.yaml"
    path.write_text(path.read_text("utf-8").replace("  - term: GT\n", "  - trem: GT\n"), "utf-8")
    with pytest.raises(ProblemsError) as error:
        build_into(tmp_path / "out", project / "pelicanconf.py", zone="sud", lang="fr")
    assert any(str(p).startswith("glossary.yaml:") and "unknown key 'trem'" in str(p) for p in error.value.problems)


def body_texts(page, lang):
    """Yield the texts of a page's body in its language, in reading order (no code or script)."""
    for text in page.body.find_all(string=True):
        if text.parent.name in ("script", "style") or text.find_parent(["code", "pre"]):
            continue
        owner = text.find_parent(attrs={"lang": True})
        if owner is None or owner["lang"].split("-")[0] == lang:
            yield text


@pytest.mark.parametrize(("lang", "domain"), SITES)
def test_every_acronym_is_written_out_where_a_page_first_uses_it(dev, lang, domain):
    entries = glossary.expansions(TERMS, lang)
    by_spelling = {spelling: entry for entry in entries for spelling in entry["spellings"]}
    pattern = re.compile(r"(?<!\w)(" + "|".join(sorted(map(re.escape, by_spelling), key=len, reverse=True)) + r")(?!\w)")
    written_out = 0
    for relative, page in dev.pages(domain):
        seen = set()
        for text in body_texts(page, lang):
            for found in pattern.finditer(text):
                entry = by_spelling[found[1]]
                if entry["term"] in seen:
                    continue
                seen.add(entry["term"])
                abbr = text.find_parent("abbr")
                assert abbr is not None and abbr.get("title") == entry["expansion"], (
                    f"{domain}/{relative}: the first '{found[1]}' is not written out")
                written_out += 1
        for abbr in page.select("abbr"):  # only the first use: a page is not a sea of dotted underlines
            assert abbr.get_text() in by_spelling, relative
    assert written_out > 50


@pytest.mark.parametrize(("lang", "domain"), [SITES[0], SITES[1]])
def test_the_glossary_page_lists_every_term_of_its_language_from_the_data(dev, lang, domain):
    page = next(page for _, page in dev.pages(domain) if page.select_one("dl.glossary"))
    listed = {dt.abbr.get_text(): dd.get_text() for dt, dd in zip(page.select("dl.glossary dt"),
                                                                 page.select("dl.glossary dd"))}
    assert listed == {entry["term"]: entry["expansion"] for entry in glossary.expansions(TERMS, lang)}
